#include "fetcher/fetcher_client.h"

#include <unistd.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "core/json_util.h"
#include "fetcher/frame.h"

namespace baro::fetcher {
namespace {

ErrorCode CodeFromString(std::string_view s) {
  for (int i = 0; i <= static_cast<int>(ErrorCode::kInternal); ++i) {
    auto code = static_cast<ErrorCode>(i);
    if (ToString(code) == s) return code;
  }
  return ErrorCode::kInternal;
}

}  // namespace

Result<boost::json::value> FetcherClient::Call(std::string_view op,
                                               boost::json::object fields) const {
  auto fd = ConnectUnix(path_, timeout_);
  if (!fd) return fd.error();
  fields["op"] = op;
  auto st = WriteFrame(*fd, boost::json::serialize(fields));
  Result<std::string> frame = st ? ReadFrame(*fd) : Result<std::string>(st.error());
  ::close(*fd);
  if (!frame) return frame.error();
  auto parsed = json::Parse(*frame);
  if (!parsed || !parsed->is_object())
    return MakeError(ErrorCode::kBadResponse, "fetcher sent bad JSON");
  const auto& obj = parsed->as_object();
  if (json::GetBool(*parsed, "ok").value_or(false)) {
    if (auto* r = obj.if_contains("result")) return *r;
    return boost::json::value(nullptr);
  }
  const auto* err = obj.if_contains("error");
  if (err == nullptr) return MakeError(ErrorCode::kBadResponse, "fetcher sent no error detail");
  Error e = MakeError(CodeFromString(json::GetString(*err, "code").value_or("internal")),
                      json::GetString(*err, "message").value_or(""));
  e.retry_after_ms = json::GetInt(*err, "retry_after_ms").value_or(0);
  return e;
}

}  // namespace baro::fetcher

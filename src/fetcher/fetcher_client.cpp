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

Result<boost::json::value> ParseAnswer(const std::string& frame) {
  auto parsed = json::Parse(frame);
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

}  // namespace

FetcherClient::FetcherClient(std::string socket_path, std::chrono::milliseconds timeout,
                             int max_connections)
    : path_(std::move(socket_path)),
      timeout_(timeout),
      max_connections_(std::max(1, max_connections)) {}

FetcherClient::~FetcherClient() {
  std::lock_guard lock(mu_);
  for (int fd : idle_) ::close(fd);
}

std::size_t FetcherClient::connections_opened() const {
  std::lock_guard lock(mu_);
  return opened_;
}

Result<FetcherClient::Lease> FetcherClient::Acquire(
    std::chrono::steady_clock::time_point deadline) const {
  {
    std::unique_lock lock(mu_);
    if (!cv_.wait_until(lock, deadline,
                        [this] { return !idle_.empty() || open_ < max_connections_; })) {
      return MakeError(ErrorCode::kUnavailable, "all connections to the fetcher are busy");
    }
    if (!idle_.empty()) {
      int fd = idle_.back();
      idle_.pop_back();
      return Lease{fd, true};
    }
    ++open_;
    ++opened_;
  }
  auto fd = ConnectUnix(path_, timeout_);
  if (!fd) {
    Release(-1, false);
    return fd.error();
  }
  return Lease{*fd, false};
}

void FetcherClient::Release(int fd, bool keep) const {
  {
    std::lock_guard lock(mu_);
    if (keep) {
      idle_.push_back(fd);
    } else {
      if (fd >= 0) ::close(fd);
      --open_;
    }
  }
  cv_.notify_one();
}

Result<boost::json::value> FetcherClient::Call(std::string_view op,
                                               boost::json::object fields) const {
  fields["op"] = op;
  const std::string request = boost::json::serialize(fields);
  const auto deadline = std::chrono::steady_clock::now() + timeout_;
  for (int attempt = 0;; ++attempt) {
    auto lease = Acquire(deadline);
    if (!lease) return lease.error();
    bool closed_before_data = false;
    auto st = WriteFrame(lease->fd, request);
    Result<std::string> frame =
        st ? ReadFrame(lease->fd, &closed_before_data) : Result<std::string>(st.error());
    if (frame) {
      Release(lease->fd, true);
      return ParseAnswer(*frame);
    }
    Release(lease->fd, false);
    // A pooled connection the fetcher had already closed: try once more on a fresh one.
    const bool stale = lease->reused && (!st || closed_before_data);
    if (!stale || attempt > 0) return frame.error();
  }
}

}  // namespace baro::fetcher

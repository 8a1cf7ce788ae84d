#include "web/request_context.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <charconv>

#include "log/logger.h"

namespace baro::web {

net::HttpResponse JsonResponse(int status, const boost::json::value& body) {
  return net::HttpResponse::Json(status, boost::json::serialize(body));
}

net::HttpResponse ErrorResponse(int status, std::string_view code, const std::string& message,
                                std::string_view field) {
  boost::json::object err{{"code", code}, {"message", log::Redact(message)}};
  if (!field.empty()) err["field"] = field;
  return JsonResponse(status, boost::json::object{{"error", std::move(err)}});
}

int HttpStatusFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidInput:
      return 400;
    case ErrorCode::kNotFound:
      return 404;
    case ErrorCode::kConflict:
      return 409;
    case ErrorCode::kUnauthenticated:
      return 401;
    case ErrorCode::kForbidden:
      return 403;
    case ErrorCode::kRateLimited:
      return 429;
    case ErrorCode::kUnavailable:
      return 503;
    case ErrorCode::kBadResponse:
      return 502;
    case ErrorCode::kInvalidKey:
    case ErrorCode::kBadSignature:
    case ErrorCode::kMissingPermission:
    case ErrorCode::kTooMuchPermission:
    case ErrorCode::kIpNotAllowed:
    case ErrorCode::kClockSkew:
      return 422;
    case ErrorCode::kCrypto:
    case ErrorCode::kInternal:
      return 500;
  }
  return 500;
}

net::HttpResponse FromError(const RequestContext& ctx, const Error& error) {
  const int status = HttpStatusFor(error.code);
  std::string code = ToString(error.code);
  if (status >= 500) {
    log::Error("api.error", {{"code", code}, {"detail", error.message}});
    return ErrorResponse(status, code,
                         ctx.T(status == 503 ? "error.unavailable" : "error.internal"));
  }
  std::string message = ctx.T("error." + code);
  // Exchange and validation errors carry a user-facing detail; keep it after the general text.
  if (!error.message.empty() && status != 401 && status != 404) message = error.message;
  auto res = ErrorResponse(status, code, message);
  if (error.code == ErrorCode::kRateLimited && error.retry_after_ms > 0) {
    res.headers.emplace_back("Retry-After", std::to_string((error.retry_after_ms + 999) / 1000));
  }
  return res;
}

std::optional<store::Id> IdParam(const RequestContext& ctx) {
  auto it = ctx.params.find("id");
  if (it == ctx.params.end()) return std::nullopt;
  store::Id id = 0;
  auto [p, ec] = std::from_chars(it->second.data(), it->second.data() + it->second.size(), id);
  if (ec != std::errc() || p != it->second.data() + it->second.size() || id <= 0)
    return std::nullopt;
  return id;
}

Result<boost::json::object> ParseJsonBody(const net::HttpRequest& request) {
  boost::system::error_code ec;
  auto v = boost::json::parse(request.body, ec);
  if (ec || !v.is_object()) {
    return MakeError(ErrorCode::kInvalidInput, "the request body must be a JSON object");
  }
  return std::move(v.as_object());
}

}  // namespace baro::web

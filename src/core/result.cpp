#include "core/result.h"

namespace baro {

const char* ToString(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidInput:
      return "invalid_input";
    case ErrorCode::kNotFound:
      return "not_found";
    case ErrorCode::kConflict:
      return "conflict";
    case ErrorCode::kUnauthenticated:
      return "unauthenticated";
    case ErrorCode::kForbidden:
      return "forbidden";
    case ErrorCode::kRateLimited:
      return "rate_limited";
    case ErrorCode::kUnavailable:
      return "unavailable";
    case ErrorCode::kBadResponse:
      return "bad_response";
    case ErrorCode::kInvalidKey:
      return "invalid_key";
    case ErrorCode::kBadSignature:
      return "bad_signature";
    case ErrorCode::kMissingPermission:
      return "missing_permission";
    case ErrorCode::kTooMuchPermission:
      return "too_much_permission";
    case ErrorCode::kIpNotAllowed:
      return "ip_not_allowed";
    case ErrorCode::kClockSkew:
      return "clock_skew";
    case ErrorCode::kCrypto:
      return "crypto";
    case ErrorCode::kInternal:
      return "internal";
  }
  return "internal";
}

void ThrowBadResultAccess(const Error* error) {
  if (error == nullptr)
    throw BadResultAccess("Result::error() read on a result that holds a value");
  throw BadResultAccess(std::string("Result::value() read on an error: ") + ToString(error->code) +
                        ": " + error->message);
}

}  // namespace baro

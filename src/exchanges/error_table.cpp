#include "exchanges/error_table.h"

#include <string>

namespace baro::exchanges {

Error MapVenueError(std::string_view venue, int status, std::string_view code, bool readable,
                    std::span<const VenueErrorCode> table, std::int64_t rate_limit_retry_ms) {
  const std::string v(venue);
  const std::string c(code);
  ErrorCode found = status == 429 ? ErrorCode::kRateLimited : ErrorCode::kInternal;
  for (const auto& entry : table) {
    if (entry.code == code) found = entry.error;
  }
  switch (found) {
    case ErrorCode::kRateLimited: {
      Error e = MakeError(ErrorCode::kRateLimited, v + ": rate limited (" + c + ")");
      e.retry_after_ms = rate_limit_retry_ms;
      return e;
    }
    case ErrorCode::kInternal:
      break;  // not listed
    default:
      return MakeError(found, v + ": " + ToString(found) + " (" + c + ")");
  }
  if (status >= 500) {
    return MakeError(ErrorCode::kUnavailable,
                     v + ": unavailable (HTTP " + std::to_string(status) + ")");
  }
  if (status == 401) return MakeError(ErrorCode::kInvalidKey, v + ": not authorized (HTTP 401)");
  if (!readable) {
    return MakeError(ErrorCode::kBadResponse,
                     v + ": unreadable answer (HTTP " + std::to_string(status) + ")");
  }
  return MakeError(ErrorCode::kBadResponse, v + ": error " + c);
}

}  // namespace baro::exchanges

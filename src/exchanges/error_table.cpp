#include "exchanges/error_table.h"

#include <algorithm>
#include <charconv>
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

std::optional<std::int64_t> RetryAfterHeaderMs(const net::HttpResponse& response) {
  auto header = response.Header("Retry-After");
  if (!header) return std::nullopt;
  std::int64_t seconds = 0;
  const char* end = header->data() + header->size();
  auto [at, ec] = std::from_chars(header->data(), end, seconds);
  if (ec == std::errc::result_out_of_range && at == end && header->front() != '-')
    return kLongestVenueWaitMs;
  if (ec != std::errc() || at != end || seconds < 0) return std::nullopt;
  return std::min(seconds, kLongestVenueWaitMs / 1000) * 1000;
}

}  // namespace baro::exchanges

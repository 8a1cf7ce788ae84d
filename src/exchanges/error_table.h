// A venue's error codes (or labels) as a table, and the one mapping from a venue's answer to the
// small error set every venue shares: a listed code gives its class; HTTP 429 and the listed
// rate-limit codes give kRateLimited with the venue's retry time; otherwise 5xx is kUnavailable,
// 401 kInvalidKey, and anything else kBadResponse.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "core/result.h"
#include "net/http_message.h"

namespace baro::exchanges {

struct VenueErrorCode {
  std::string_view code;
  ErrorCode error;
};

// `readable`: whether the body could be parsed at all.
Error MapVenueError(std::string_view venue, int status, std::string_view code, bool readable,
                    std::span<const VenueErrorCode> table, std::int64_t rate_limit_retry_ms);

// The longest wait a venue's rate-limit answer is taken at (one day); a longer one is cut to it.
inline constexpr std::int64_t kLongestVenueWaitMs = 24 * 3600 * 1000LL;

// The wait an answer asks for in its Retry-After header, in milliseconds (RFC 9110 §10.2.3:
// https://www.rfc-editor.org/rfc/rfc9110#field.retry-after, delay-seconds; the HTTP-date form is
// not used by the venues), at most kLongestVenueWaitMs; nullopt when absent or not a
// non-negative whole number.
std::optional<std::int64_t> RetryAfterHeaderMs(const net::HttpResponse& response);

}  // namespace baro::exchanges

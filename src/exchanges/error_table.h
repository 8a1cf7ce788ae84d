// A venue's error codes (or labels) as a table, and the one mapping from a venue's answer to the
// small error set every venue shares: a listed code gives its class; HTTP 429 and the listed
// rate-limit codes give kRateLimited with the venue's retry time; otherwise 5xx is kUnavailable,
// 401 kInvalidKey, and anything else kBadResponse.
#pragma once

#include <span>
#include <string_view>

#include "core/result.h"

namespace baro::exchanges {

struct VenueErrorCode {
  std::string_view code;
  ErrorCode error;
};

// `readable`: whether the body could be parsed at all.
Error MapVenueError(std::string_view venue, int status, std::string_view code, bool readable,
                    std::span<const VenueErrorCode> table, std::int64_t rate_limit_retry_ms);

}  // namespace baro::exchanges

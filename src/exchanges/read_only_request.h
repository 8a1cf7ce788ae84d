// Building a venue request is only possible for an allow-listed read endpoint: each venue declares
// the few paths it reads, and anything else is refused before a byte is sent. Methods are GET, plus
// POST for HyperLiquid's read-only /info endpoint.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "core/result.h"
#include "net/http_message.h"

namespace baro::exchanges {

struct ReadEndpoint {
  std::string_view method;  // "GET" (or "POST" for HyperLiquid /info)
  std::string_view path;
};

// A request for `path` with `query` (already encoded, may be empty), or kForbidden when the pair
// (method, path) is not in `allowed`.
Result<net::HttpRequest> ReadOnlyRequest(std::span<const ReadEndpoint> allowed,
                                         std::string_view method, std::string_view path,
                                         std::string_view query = {});

}  // namespace baro::exchanges

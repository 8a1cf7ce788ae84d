// A parsed base URL ("https://fapi.binance.com", "http://127.0.0.1:8081/prefix"), as given in
// config.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace baro::net {

struct Url {
  std::string scheme;  // "http" or "https"
  std::string host;    // name or IP literal, without brackets
  std::uint16_t port = 0;
  std::string path;  // prefix without trailing '/', may be empty

  bool tls() const { return scheme == "https"; }
  std::string HostPort() const;  // "host:port", as for a Host header or a pool key
  std::string ToString() const;  // scheme://host:port/path
};

Result<Url> ParseUrl(std::string_view text);

// Percent-encodes a query component (RFC 3986 unreserved characters stay as they are).
std::string UrlEncode(std::string_view s);
// Decodes %XX and '+' (form encoding); nullopt-like empty result on malformed input is avoided:
// malformed escapes are kept literally.
std::string UrlDecode(std::string_view s);

}  // namespace baro::net

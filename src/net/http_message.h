// Plain HTTP request and response values shared by the client and the server. No Boost here.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace baro::net {

using Headers = std::vector<std::pair<std::string, std::string>>;

// Case-insensitive header look-up.
std::optional<std::string_view> FindHeader(const Headers& headers, std::string_view name);

struct HttpRequest {
  std::string method = "GET";
  std::string target = "/";  // path and query, as sent on the request line
  Headers headers;
  std::string body;
  std::string remote_address;  // server side: the peer's IP

  std::string_view Path() const;   // target without the query
  std::string_view Query() const;  // after '?', without it
  std::optional<std::string> QueryParam(std::string_view name) const;
  std::optional<std::string_view> Header(std::string_view name) const {
    return FindHeader(headers, name);
  }
};

struct HttpResponse {
  int status = 200;
  Headers headers;
  std::string body;

  std::optional<std::string_view> Header(std::string_view name) const {
    return FindHeader(headers, name);
  }
  static HttpResponse Json(int status, std::string body);
  static HttpResponse Text(int status, std::string body, std::string content_type = "text/plain");
};

// Parses "a=1&b=two" into pairs, decoding each part.
std::vector<std::pair<std::string, std::string>> ParseQuery(std::string_view query);

}  // namespace baro::net

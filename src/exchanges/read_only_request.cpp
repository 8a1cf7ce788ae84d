#include "exchanges/read_only_request.h"

namespace baro::exchanges {
namespace {

// One path segment as a venue symbol appears in a path: not empty, no '/', no query, no "." or
// ".." that a server could resolve to another path.
bool IsOneSegment(std::string_view s) {
  return !s.empty() && s != "." && s != ".." && s.find_first_of("/?#\\") == std::string_view::npos;
}

bool Matches(std::string_view pattern, std::string_view path) {
  constexpr std::string_view kAny = "/{}";
  if (pattern.size() >= kAny.size() && pattern.ends_with(kAny)) {
    const std::string_view prefix = pattern.substr(0, pattern.size() - kAny.size() + 1);
    return path.size() > prefix.size() && path.starts_with(prefix) &&
           IsOneSegment(path.substr(prefix.size()));
  }
  return pattern == path;
}

}  // namespace

const ReadEndpoint* FindReadEndpoint(std::span<const ReadEndpoint> allowed, std::string_view method,
                                     std::string_view path) {
  for (const auto& e : allowed) {
    if (e.method == method && Matches(e.path, path)) return &e;
  }
  return nullptr;
}

Result<net::HttpRequest> ReadOnlyRequest(std::span<const ReadEndpoint> allowed,
                                         std::string_view method, std::string_view path,
                                         std::string_view query) {
  if (FindReadEndpoint(allowed, method, path) == nullptr) {
    return MakeError(ErrorCode::kForbidden, "refused to build " + std::string(method) + " " +
                                                std::string(path) + ": not a read endpoint");
  }
  net::HttpRequest r;
  r.method = std::string(method);
  r.target.clear();
  r.target.reserve(path.size() + query.size() + 1);
  r.target.append(path);
  if (!query.empty()) r.target.append("?").append(query);
  return r;
}

}  // namespace baro::exchanges

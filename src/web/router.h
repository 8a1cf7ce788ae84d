// Maps (method, path pattern) to handlers. Patterns are literal segments and {name} parameters:
// "/api/v1/manual-positions/{id}". The route list is also what the OpenAPI document is checked
// against.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "net/http_message.h"

namespace baro::web {

using PathParams = std::map<std::string, std::string, std::less<>>;

struct RouteInfo {
  std::string method;
  std::string pattern;
};

template <typename Handler>
class Router {
 public:
  void Add(std::string method, std::string pattern, Handler handler) {
    routes_.push_back({std::move(method), Split(pattern), std::move(pattern), std::move(handler)});
  }

  struct Match {
    const Handler* handler = nullptr;
    PathParams params;
    bool path_known = false;  // the path exists with another method (405, not 404)
  };

  Match Find(std::string_view method, std::string_view path) const {
    Match m;
    auto parts = Split(path);
    for (const auto& r : routes_) {
      PathParams params;
      if (!Matches(r.segments, parts, params)) continue;
      m.path_known = true;
      if (r.method == method) {
        m.handler = &r.handler;
        m.params = std::move(params);
        return m;
      }
    }
    return m;
  }

  std::vector<RouteInfo> Routes() const {
    std::vector<RouteInfo> out;
    for (const auto& r : routes_) out.push_back({r.method, r.pattern});
    return out;
  }

 private:
  struct Route {
    std::string method;
    std::vector<std::string> segments;
    std::string pattern;
    Handler handler;
  };

  static std::vector<std::string> Split(std::string_view path) {
    std::vector<std::string> out;
    std::size_t pos = 0;
    while (pos < path.size()) {
      if (path[pos] == '/') {
        ++pos;
        continue;
      }
      auto next = path.find('/', pos);
      out.emplace_back(path.substr(pos, next == std::string_view::npos ? path.npos : next - pos));
      pos = next == std::string_view::npos ? path.size() : next;
    }
    return out;
  }

  static bool Matches(const std::vector<std::string>& pattern, const std::vector<std::string>& path,
                      PathParams& params) {
    if (pattern.size() != path.size()) return false;
    for (std::size_t i = 0; i < pattern.size(); ++i) {
      const auto& seg = pattern[i];
      if (seg.size() > 2 && seg.front() == '{' && seg.back() == '}') {
        params.emplace(seg.substr(1, seg.size() - 2), path[i]);
      } else if (seg != path[i]) {
        return false;
      }
    }
    return true;
  }

  std::vector<Route> routes_;
};

}  // namespace baro::web

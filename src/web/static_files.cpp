#include "web/static_files.h"

#include <algorithm>
#include <array>
#include <utility>

namespace baro::web {
namespace {

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// True when the If-None-Match header names this ETag (a list, "*", or a weak form of it).
bool Matches(std::string_view if_none_match, std::string_view etag) {
  if (if_none_match == "*") return true;
  while (!if_none_match.empty()) {
    auto comma = if_none_match.find(',');
    std::string_view item = if_none_match.substr(0, comma);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (item.starts_with("W/")) item.remove_prefix(2);
    if (item == etag) return true;
    if (comma == std::string_view::npos) break;
    if_none_match.remove_prefix(comma + 1);
  }
  return false;
}

}  // namespace

std::string_view ContentTypeFor(std::string_view path) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 9> kTypes{{
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".txt", "text/plain; charset=utf-8"},
  }};
  for (const auto& [ext, type] : kTypes) {
    if (EndsWith(path, ext)) return type;
  }
  return "application/octet-stream";
}

std::optional<net::HttpResponse> ServeStatic(const net::HttpRequest& request) {
  if (request.method != "GET") return std::nullopt;
  std::string_view path = request.Path();
  if (path == "/") path = "/index.html";
  const auto& files = EmbeddedStaticFiles();
  auto it = std::lower_bound(files.begin(), files.end(), path,
                             [](const StaticFile& f, std::string_view p) { return f.path < p; });
  if (it == files.end() || it->path != path) return std::nullopt;

  net::HttpResponse res;
  res.headers.emplace_back("ETag", std::string(it->etag));
  res.headers.emplace_back("Cache-Control", "no-cache");
  if (auto inm = request.Header("If-None-Match"); inm && Matches(*inm, it->etag)) {
    res.status = 304;
    return res;
  }
  res.status = 200;
  res.headers.emplace_back("Content-Type", std::string(ContentTypeFor(it->path)));
  res.body = std::string(it->body);
  return res;
}

}  // namespace baro::web

// The web page (web/ui/*), embedded in the binary at build time and served for GET requests outside
// /api: "/" is index.html, every other path is an embedded file or nothing. Each answer carries
// the file's Content-Type (chosen by its extension), a strong ETag (the file's SHA-256 prefix,
// answered with 304 when If-None-Match matches) and Cache-Control: no-cache, so browsers revalidate
// instead of running a stale page after an upgrade.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "net/http_message.h"

namespace baro::web {

struct StaticFile {
  std::string_view path;  // "/index.html", "/js/app.js"
  std::string_view body;
  std::string_view etag;  // quoted, e.g. "\"3f2a...\""
};

// Every embedded file, sorted by path; generated from web/ui by src/web/static/embed_ui.cmake.
const std::vector<StaticFile>& EmbeddedStaticFiles();

// "text/html; charset=utf-8" for .html, and so on; application/octet-stream when unknown.
std::string_view ContentTypeFor(std::string_view path);

// The file for this request, or nullopt (the caller answers 404). GET only.
std::optional<net::HttpResponse> ServeStatic(const net::HttpRequest& request);

}  // namespace baro::web

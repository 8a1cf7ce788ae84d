#include "net/http_message.h"

#include <algorithm>
#include <cctype>

#include "net/url.h"

namespace baro::net {
namespace {
bool IEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}
}  // namespace

std::optional<std::string_view> FindHeader(const Headers& headers, std::string_view name) {
  for (const auto& [k, v] : headers) {
    if (IEquals(k, name)) return std::string_view(v);
  }
  return std::nullopt;
}

std::string_view HttpRequest::Path() const {
  std::string_view t = target;
  return t.substr(0, t.find('?'));
}

std::string_view HttpRequest::Query() const {
  std::string_view t = target;
  auto q = t.find('?');
  return q == std::string_view::npos ? std::string_view() : t.substr(q + 1);
}

std::optional<std::string> HttpRequest::QueryParam(std::string_view name) const {
  for (auto& [k, v] : ParseQuery(Query())) {
    if (k == name) return v;
  }
  return std::nullopt;
}

HttpResponse HttpResponse::Json(int status, std::string body) {
  return HttpResponse{status, {{"Content-Type", "application/json"}}, std::move(body)};
}

HttpResponse HttpResponse::Text(int status, std::string body, std::string content_type) {
  return HttpResponse{status, {{"Content-Type", std::move(content_type)}}, std::move(body)};
}

std::vector<std::pair<std::string, std::string>> ParseQuery(std::string_view query) {
  std::vector<std::pair<std::string, std::string>> out;
  while (!query.empty()) {
    auto amp = query.find('&');
    std::string_view part = query.substr(0, amp);
    if (!part.empty()) {
      auto eq = part.find('=');
      if (eq == std::string_view::npos) {
        out.emplace_back(UrlDecode(part), "");
      } else {
        out.emplace_back(UrlDecode(part.substr(0, eq)), UrlDecode(part.substr(eq + 1)));
      }
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return out;
}

}  // namespace baro::net

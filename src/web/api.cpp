#include "web/api.h"

#include "log/logger.h"
#include "metrics/metrics.h"
#include "web/api_state.h"

namespace baro::web {
namespace {

constexpr std::string_view kSessionCookie = "baro_session";

std::optional<std::string> CookieValue(const net::HttpRequest& request, std::string_view name) {
  auto header = request.Header("Cookie");
  if (!header) return std::nullopt;
  std::string_view rest = *header;
  while (!rest.empty()) {
    auto semi = rest.find(';');
    std::string_view item = rest.substr(0, semi);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    auto eq = item.find('=');
    if (eq != std::string_view::npos && item.substr(0, eq) == name) {
      return std::string(item.substr(eq + 1));
    }
    if (semi == std::string_view::npos) break;
    rest.remove_prefix(semi + 1);
  }
  return std::nullopt;
}

// The media type of a Content-Type value, without its parameters or surrounding whitespace
// (https://www.rfc-editor.org/rfc/rfc9110#section-8.3.1: type "/" subtype *( ";" parameter )),
// compared case-insensitively.
bool IsJsonMediaType(std::string_view content_type) {
  std::string_view type = content_type.substr(0, content_type.find(';'));
  while (!type.empty() && (type.front() == ' ' || type.front() == '\t')) type.remove_prefix(1);
  while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) type.remove_suffix(1);
  constexpr std::string_view kJson = "application/json";
  if (type.size() != kJson.size()) return false;
  for (std::size_t i = 0; i < kJson.size(); ++i) {
    const char c = type[i];
    if ((c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c) != kJson[i]) return false;
  }
  return true;
}

bool IsStateChanging(std::string_view method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

void AddSecurityHeaders(const ApiState& state, net::HttpResponse& res) {
  auto set_default = [&](const char* name, const std::string& value) {
    if (!res.Header(name)) res.headers.emplace_back(name, value);
  };
  // Only over HTTPS (https://www.rfc-editor.org/rfc/rfc6797#section-7.2).
  if (state.ServedOverHttps() && state.deps.config->hsts_max_age_s > 0) {
    set_default("Strict-Transport-Security",
                "max-age=" + std::to_string(state.deps.config->hsts_max_age_s));
  }
  set_default("Content-Security-Policy",
              "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
              "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
  set_default("X-Content-Type-Options", "nosniff");
  set_default("Referrer-Policy", "no-referrer");
  set_default("X-Frame-Options", "DENY");
  set_default("Cache-Control", "no-store");
}

}  // namespace

struct Api::Impl {
  ApiState state;
  explicit Impl(ApiDeps deps) : state(std::move(deps)) {}
};

Api::Api(ApiDeps deps) : impl_(std::make_unique<Impl>(std::move(deps))) {
  AddHealthRoutes(impl_->state);
  AddAuthRoutes(impl_->state);
  AddTelegramRoutes(impl_->state);
  AddTelegramWebhookRoute(impl_->state);
  AddPositionRoutes(impl_->state);
  AddConnectionRoutes(impl_->state);
  AddAlertRoutes(impl_->state);
  AddMarketRoutes(impl_->state);
}

Api::~Api() = default;

std::vector<RouteInfo> Api::Routes() const {
  return impl_->state.router.Routes();
}

net::HttpResponse Api::Handle(const net::HttpRequest& request) {
  ApiState& state = impl_->state;
  static auto& requests = metrics::Default().Counter("baro_http_requests_total",
                                                     "HTTP requests by status class.", {"status"});
  RequestContext ctx{request, {}, {}, {}, "en", {}};
  if (auto lang = request.Header("Accept-Language")) ctx.locale = i18n::NegotiateLocale(*lang);

  net::HttpResponse res = [&]() -> net::HttpResponse {
    const std::string_view path = request.Path();
    auto match = state.router.Find(request.method, path);
    if (match.handler == nullptr) {
      if (!path.starts_with("/api/") && request.method == "GET" && state.deps.static_files) {
        if (auto file = state.deps.static_files(request)) return *file;
      }
      if (match.path_known) return ErrorResponse(405, "method_not_allowed", "method not allowed");
      return ErrorResponse(404, "not_found", ctx.T("error.not_found"));
    }
    ctx.params = std::move(match.params);
    const Route& route = *match.handler;

    if (IsStateChanging(request.method) && !request.body.empty()) {
      auto type = request.Header("Content-Type");
      if (!type || !IsJsonMediaType(*type)) {
        return ErrorResponse(415, "invalid_input", "send JSON (Content-Type: application/json)");
      }
    }
    if (route.access != Access::kPublic) {
      auto token = CookieValue(request, kSessionCookie);
      if (!token) return ErrorResponse(401, "unauthenticated", ctx.T("error.unauthenticated"));
      auto session = state.store().sessions().Find(Sha256Hex(*token), state.Now());
      if (!session) return ErrorResponse(401, "unauthenticated", ctx.T("error.unauthenticated"));
      auto user = state.store().users().Get(session->user_id);
      if (!user) return ErrorResponse(401, "unauthenticated", ctx.T("error.unauthenticated"));
      ctx.locale = user->locale;
      if (IsStateChanging(request.method)) {
        auto csrf = request.Header("X-CSRF-Token");
        if (!csrf || !ConstantTimeEquals(*csrf, session->csrf_token)) {
          return ErrorResponse(403, "csrf", ctx.T("error.csrf"));
        }
      }
      ctx.session = std::move(*session);
      ctx.user = std::move(*user);
      if (route.access == Access::kPremium && ctx.user->plan != store::Plan::kPremium) {
        return ErrorResponse(403, "premium_required", ctx.T("error.premium_required"));
      }
    }
    return route.handle(state, ctx);
  }();

  for (auto& h : ctx.extra_headers) res.headers.push_back(std::move(h));
  AddSecurityHeaders(state, res);
  requests.With({std::to_string(res.status / 100) + "xx"}).Add();
  return res;
}

}  // namespace baro::web

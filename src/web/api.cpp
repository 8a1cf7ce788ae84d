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

bool IsStateChanging(std::string_view method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

void AddSecurityHeaders(net::HttpResponse& res) {
  auto set_default = [&](const char* name, const char* value) {
    if (!res.Header(name)) res.headers.emplace_back(name, value);
  };
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
  AddPositionRoutes(impl_->state);
  AddConnectionRoutes(impl_->state);
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
      if (!type || type->find("application/json") == std::string_view::npos) {
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
  AddSecurityHeaders(res);
  requests.With({std::to_string(res.status / 100) + "xx"}).Add();
  return res;
}

}  // namespace baro::web

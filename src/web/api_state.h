// Internal to the web module: the state the route handlers share, and the route table they register
// into. Each routes_*.cpp file adds one group of routes.
#pragma once

#include <functional>

#include "web/api.h"
#include "web/login_limiter.h"
#include "web/request_context.h"
#include "web/router.h"

namespace baro::web {

enum class Access { kPublic, kUser, kPremium };

struct ApiState;
struct Route {
  Access access = Access::kUser;
  std::function<net::HttpResponse(ApiState&, RequestContext&)> handle;
};

struct ApiState {
  ApiDeps deps;
  LoginLimiter login_limiter;
  Router<Route> router;

  store::Store& store() { return *deps.store; }
  const config::Config& config() { return *deps.config; }
  std::int64_t Now() { return deps.clock->NowMs(); }
  bool SecureCookies() const { return deps.config->public_url.rfind("https://", 0) == 0; }
  // Whether browsers reach the page over HTTPS: served with TLS here, or behind an HTTPS proxy.
  bool ServedOverHttps() const { return SecureCookies() || !deps.config->tls_cert_file.empty(); }
};

void AddHealthRoutes(ApiState& state);
void AddAuthRoutes(ApiState& state);
void AddTelegramRoutes(ApiState& state);
void AddPositionRoutes(ApiState& state);
void AddConnectionRoutes(ApiState& state);

// JSON views shared by several route groups.
boost::json::object UserJson(const store::User& user, const store::Session* session);

}  // namespace baro::web

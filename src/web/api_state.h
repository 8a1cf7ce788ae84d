// Internal to the web module: the state the route handlers share, and the route table they register
// into. Each routes_*.cpp file adds one group of routes.
#pragma once

#include <functional>

#include "web/api.h"
#include "web/attempt_limiter.h"
#include "web/client_address.h"
#include "web/password_pool.h"
#include "web/request_context.h"
#include "web/router.h"
#include "web/symbol_lists.h"

namespace baro::web {

enum class Access { kPublic, kUser, kPremium };

struct ApiState;
struct Route {
  Access access = Access::kUser;
  std::function<net::HttpResponse(ApiState&, RequestContext&)> handle;
};

struct ApiState {
  explicit ApiState(ApiDeps d)
      : deps(std::move(d)),
        login_limiter(deps.config->login_max_attempts, deps.config->login_window_s * 1000,
                      static_cast<std::size_t>(deps.config->limiter_max_keys)),
        signup_limiter(deps.config->signup_max_attempts, deps.config->signup_window_s * 1000,
                       static_cast<std::size_t>(deps.config->limiter_max_keys)),
        passwords(deps.config->password_threads, deps.config->password_queue, deps.password_cost),
        symbol_lists(deps.config->market_list_ttl_s * 1000) {}

  ApiDeps deps;
  AttemptLimiter login_limiter;   // per email and per client address
  AttemptLimiter signup_limiter;  // per client address
  PasswordPool passwords;         // argon2id off the request threads
  Router<Route> router;
  SymbolLists symbol_lists;  // each venue's perpetual symbols, for the symbol picker

  // The caller's address, from X-Forwarded-For only when the peer is the trusted proxy.
  std::string Client(const net::HttpRequest& r) { return ClientAddress(r, config().trusted_proxy); }

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
void AddTelegramWebhookRoute(ApiState& state);
void AddPositionRoutes(ApiState& state);
void AddConnectionRoutes(ApiState& state);
void AddAlertRoutes(ApiState& state);
void AddMarketRoutes(ApiState& state);

// JSON views shared by several route groups.
boost::json::object UserJson(const store::User& user, const store::Session* session);

}  // namespace baro::web

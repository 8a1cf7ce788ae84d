// The JSON API under /api/v1 plus /healthz, /readyz and /metrics: accounts (argon2id passwords,
// session cookies, CSRF tokens, rate-limited log-in), Telegram linking, hand-entered positions,
// exchange connections, positions, thresholds and alert history. Every resource belongs to one
// user; a request can only ever see the caller's own rows.
//
// docs/openapi.yaml describes these routes; a test checks it against Api::Routes().
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "config/config.h"
#include "core/clock.h"
#include "market/market_data.h"
#include "net/http_message.h"
#include "store/store.h"
#include "vault/key_wrapper.h"
#include "web/passwords.h"
#include "web/router.h"

namespace baro::web {

// Calls the fetcher (op, fields) -> result; the API never decrypts anything itself.
using FetcherCall =
    std::function<Result<boost::json::value>(std::string_view op, boost::json::object fields)>;

struct TelegramLink {
  std::string url;
  std::int64_t expires_at = 0;
  std::string group_url;  // the same token, for adding the bot to a group
};

// What the API needs from the rest of the system. Optional parts may be empty functions; the routes
// that need them then answer 503.
// Whether this process is walled off from the fetcher's key material, as /readyz reports it.
struct KeySplit {
  bool enforced = false;
  std::string detail;
};

struct ApiDeps {
  store::Store* store = nullptr;
  const config::Config* config = nullptr;
  const Clock* clock = nullptr;
  market::MarketData* market = nullptr;
  PasswordHashCost password_cost = InteractiveCost();
  std::function<Result<TelegramLink>(store::Id user_id)> issue_telegram_link;
  // Encrypt-only key material: this process can seal exchange keys, never open them.
  std::shared_ptr<vault::KeyWrapper> key_wrapper;
  FetcherCall fetcher;
  // The bearer token /metrics requires (server.metrics_token_file); null: /metrics is not served.
  std::shared_ptr<const SecretBytes> metrics_token;
  // Static files for everything outside /api (the web page); empty: 404.
  std::function<std::optional<net::HttpResponse>(const net::HttpRequest&)> static_files;
  std::optional<KeySplit> key_split;  // unknown: /readyz says nothing about it
  // Webhook mode (telegram.webhook_url): handles one Update posted by Telegram (kInvalidInput when
  // it is none), and the secret token its requests must carry. Empty: the route answers 404.
  std::function<Status(std::string_view body)> telegram_update;
  std::shared_ptr<const SecretBytes> telegram_webhook_secret;
};

class Api {
 public:
  explicit Api(ApiDeps deps);
  ~Api();
  net::HttpResponse Handle(const net::HttpRequest& request);
  std::vector<RouteInfo> Routes() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace baro::web

// The API's request path on arbitrary requests, in-process: routing (every route of Api::Routes()
// with fuzzed parameters, or a fuzzed target), query strings, JSON bodies and cookies, with and
// without a signed-in premium user's session and CSRF token, on a real SQLite store. Any request
// must get an answer in 200..599 and never a 500 (a 503 is what a missing dependency gives).
#include <fuzzer/FuzzedDataProvider.h>
#include <sodium.h>
#include <stdlib.h>

#include <boost/json/parse.hpp>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "core/clock.h"
#include "fuzz_input.h"
#include "vault/local_kek.h"
#include "web/api.h"

namespace {

class OneMarket final : public baro::market::MarketData {
 public:
  baro::Result<baro::market::Instrument> Find(baro::Venue, std::string_view symbol) override {
    if (symbol == "BTCUSDT" || symbol == "BTC")
      return baro::market::Instrument{std::string(symbol), "BTC", "USDT", 100000, 100, 0.005};
    return baro::MakeError(baro::ErrorCode::kInvalidInput, "unknown symbol");
  }
};

struct Harness {
  std::unique_ptr<baro::store::Store> store;
  baro::config::Config config;
  baro::ManualClock clock{1'700'000'000'000};
  OneMarket market;
  std::unique_ptr<baro::web::Api> api;
  std::vector<baro::web::RouteInfo> routes;
  std::string cookie, csrf;
};

Harness& Api() {
  static Harness* h = [] {
    auto* h = new Harness;
    char dir[] = "/tmp/baro-api-fuzz-XXXXXX";
    if (::mkdtemp(dir) == nullptr || sodium_init() < 0) std::abort();
    auto store = baro::store::OpenStore(std::string("sqlite://") + dir + "/api.db");
    if (!store || !(*store)->Migrate()) std::abort();
    h->store = std::move(*store);
    h->config.Resolve();
    baro::vault::X25519PublicKey public_key;
    unsigned char private_key[32];
    crypto_box_keypair(public_key.data(), private_key);
    baro::web::ApiDeps deps;
    deps.store = h->store.get();
    deps.config = &h->config;
    deps.clock = &h->clock;
    deps.market = &h->market;
    deps.password_cost = baro::web::FastCostForTests();
    deps.key_wrapper = std::make_shared<baro::vault::LocalKeyWrapper>(public_key);
    deps.fetcher = [](std::string_view, boost::json::object) -> baro::Result<boost::json::value> {
      return baro::MakeError(baro::ErrorCode::kUnavailable, "fetcher not running");
    };
    h->api = std::make_unique<baro::web::Api>(std::move(deps));
    h->routes = h->api->Routes();

    baro::net::HttpRequest signup{"POST",
                                  "/api/v1/auth/signup",
                                  {{"Content-Type", "application/json"}},
                                  R"({"email":"fuzz@example.com","password":"long enough pw"})",
                                  "127.0.0.1"};
    auto r = h->api->Handle(signup);
    auto set = r.Header("Set-Cookie");
    if (r.status != 201 || !set) std::abort();
    h->cookie = std::string(set->substr(0, set->find(';')));
    h->csrf = std::string(boost::json::parse(r.body).at("user").at("csrf_token").as_string());
    auto user = h->store->users().FindByEmail("fuzz@example.com");
    if (!user || !h->store->users().SetPlan(user->id, baro::store::Plan::kPremium)) std::abort();
    return h;
  }();
  return *h;
}

// A route pattern with each {parameter} replaced by fuzzed text.
std::string FillPattern(const std::string& pattern, FuzzedDataProvider& in) {
  std::string out;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] != '{') {
      out.push_back(pattern[i]);
      continue;
    }
    i = pattern.find('}', i);
    out += in.ConsumeRandomLengthString(24);
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto& h = Api();
  FuzzedDataProvider in(data, size);
  static constexpr const char* kMethods[] = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"};
  baro::net::HttpRequest r;
  r.remote_address = "10.1.2.3";
  const bool known_method = in.ConsumeBool();
  r.method = known_method ? kMethods[in.ConsumeIntegralInRange<std::size_t>(0, 5)]
                          : in.ConsumeRandomLengthString(8);
  if (in.ConsumeBool()) {
    const auto& route = h.routes[in.ConsumeIntegralInRange<std::size_t>(0, h.routes.size() - 1)];
    if (known_method) r.method = route.method;
    r.target = FillPattern(route.pattern, in);
    if (in.ConsumeBool()) r.target += "?" + in.ConsumeRandomLengthString(32);
  } else {
    r.target = in.ConsumeRandomLengthString(64);
  }
  const bool signed_in = in.ConsumeBool();
  std::string cookie = in.ConsumeRandomLengthString(48);
  if (signed_in) cookie += "; " + h.cookie;
  if (!cookie.empty()) r.headers.emplace_back("Cookie", cookie);
  if (signed_in && in.ConsumeBool()) r.headers.emplace_back("X-CSRF-Token", h.csrf);
  r.headers.emplace_back("Content-Type",
                         in.ConsumeBool() ? "application/json" : in.ConsumeRandomLengthString(24));
  r.body = in.ConsumeRemainingBytesAsString();

  const auto response = h.api->Handle(r);
  if (response.status < 200 || response.status > 599 || response.status == 500) std::abort();
  h.clock.Advance(1000);
  return 0;
}

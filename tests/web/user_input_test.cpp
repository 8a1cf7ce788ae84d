// What the JSON API refuses in a user's input before it stores or seals anything, and what it
// tells the user: in-process, on a real SQLite store, with the fetcher replaced by a recorder
// (connecting a key needs it).
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "log/logger.h"
#include "support/temp_dir.h"
#include "vault/local_kek.h"
#include "web/api.h"

namespace baro::web {
namespace {

class UserInput : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = store::OpenStore("sqlite://" + dir_.File("api.db"));
    ASSERT_TRUE(s.ok());
    store_ = std::move(*s);
    ASSERT_TRUE(store_->Migrate().ok());
    config_.Resolve();
    ASSERT_TRUE(vault::InitLocalKeys(keys_).ok());
    auto wrapper = vault::LocalKeyWrapper::Load(keys_);
    ASSERT_TRUE(wrapper.ok());
    ApiDeps deps;
    deps.store = store_.get();
    deps.config = &config_;
    deps.clock = &clock_;
    deps.password_cost = FastCostForTests();
    deps.key_wrapper = std::move(*wrapper);
    deps.fetcher = [this](std::string_view op,
                          boost::json::object fields) -> Result<boost::json::value> {
      calls_.emplace_back(op);
      if (on_fetch_) on_fetch_();
      (void)fields;
      return boost::json::value(boost::json::object{{"verdict", verdict_}});
    };
    api_ = std::make_unique<Api>(std::move(deps));

    auto r = Call("POST", "/api/v1/auth/signup",
                  R"({"email":"keys@example.com","password":"long enough pw"})");
    ASSERT_EQ(r.status, 201) << r.body;
    auto u = store_->users().FindByEmail("keys@example.com");
    ASSERT_TRUE(store_->users().SetPlan(u->id, store::Plan::kPremium).ok());
    user_id_ = u->id;
  }

  net::HttpResponse Call(const std::string& method, const std::string& target,
                         const std::string& body = "") {
    net::HttpRequest r{method, target, {}, body, "10.0.0.1"};
    if (!body.empty()) r.headers.emplace_back("Content-Type", "application/json");
    if (!cookie_.empty()) r.headers.emplace_back("Cookie", cookie_);
    if (!csrf_.empty()) r.headers.emplace_back("X-CSRF-Token", csrf_);
    auto res = api_->Handle(r);
    if (auto set = res.Header("Set-Cookie")) cookie_ = std::string(set->substr(0, set->find(';')));
    boost::system::error_code ec;
    auto v = boost::json::parse(res.body, ec);
    if (!ec && v.is_object() && v.as_object().contains("user")) {
      const auto& u = v.as_object().at("user").as_object();
      if (u.contains("csrf_token")) csrf_ = std::string(u.at("csrf_token").as_string());
    }
    return res;
  }

  // POSTs a connection with the given fields (JSON-escaped by Boost.JSON).
  net::HttpResponse Connect(const std::string& venue, const std::string& key,
                            const std::string& secret, const std::string& passphrase = "") {
    boost::json::object body{{"venue", venue}, {"api_key", key}, {"api_secret", secret}};
    if (!passphrase.empty()) body["passphrase"] = passphrase;
    return Call("POST", "/api/v1/connections", boost::json::serialize(body));
  }

  std::size_t StoredConnections() {
    auto list = store_->connections().ListForUser(user_id_);
    EXPECT_TRUE(list.ok());
    return list ? list->size() : 0;
  }

  testing::TempDir dir_;
  vault::LocalKeyOptions keys_{dir_.File("kek.pub"), dir_.File("kek.key")};
  std::unique_ptr<store::Store> store_;
  config::Config config_;
  ManualClock clock_{1'700'000'000'000};
  std::unique_ptr<Api> api_;
  std::string cookie_, csrf_;
  store::Id user_id_ = 0;
  std::vector<std::string> calls_;
  std::string verdict_ = "accepted";
  std::function<void()> on_fetch_;
};

// Venues issue keys and secrets in printable ASCII without spaces; a line break in a key would
// become a header of its own in the signed request.
TEST_F(UserInput, KeyFieldsAcceptOnlyPrintableAsciiWithoutSpaces) {
  const std::string good_key = "okxKey0123456789abcdef", good_secret = "okxSecret0123456789ABCDEF";
  struct Case {
    std::string key, secret, passphrase, field;
  };
  const std::vector<Case> cases = {
      {"okxKey01\r\nX-Injected: yes", good_secret, "zqPhrase-1", "api_key"},
      {"okxKey01\nX-Injected:yes", good_secret, "zqPhrase-1", "api_key"},
      {std::string("okxKey01\0tail", 13), good_secret, "zqPhrase-1", "api_key"},
      {good_key, "okx Secret with spaces", "zqPhrase-1", "api_secret"},
      {good_key, "okxSecret\tTabbed0123", "zqPhrase-1", "api_secret"},
      {good_key, good_secret, "zqPh\r\nX-Injected: yes", "passphrase"},
      {good_key, good_secret, "zqPhr\xC3\xA4se", "passphrase"},  // non-ASCII
  };
  for (const Case& c : cases) {
    auto res = Connect("okx", c.key, c.secret, c.passphrase);
    EXPECT_EQ(res.status, 400) << c.field << ": " << res.body;
    boost::system::error_code ec;
    auto v = boost::json::parse(res.body, ec);
    ASSERT_FALSE(ec) << res.body;
    EXPECT_EQ(v.as_object().at("error").as_object().at("field").as_string(), c.field);
    // The answer names the field and never echoes what was sent.
    EXPECT_EQ(res.body.find("Injected"), std::string::npos) << res.body;
    EXPECT_EQ(res.body.find("okxKey01"), std::string::npos) << res.body;
    EXPECT_EQ(res.body.find("Secret"), std::string::npos) << res.body;
    EXPECT_EQ(res.body.find("zqPh"), std::string::npos) << res.body;
  }
  EXPECT_TRUE(calls_.empty());  // nothing reached the fetcher
  EXPECT_EQ(StoredConnections(), 0u);

  // Pasted with a trailing newline, as a copy from a web page often is: trimmed and accepted.
  auto ok = Connect("okx", good_key + "\n", good_secret, "zqPhrase-1");
  EXPECT_EQ(ok.status, 201) << ok.body;
  EXPECT_EQ(StoredConnections(), 1u);
}

// The log redacts a submitted key only once it passed validation, only while its request is
// handled, and forgets it however the request ends: a user cannot make the logger hide ordinary
// words or pin memory by submitting them as keys.
TEST_F(UserInput, SubmittedKeysAreRedactedOnlyWhileTheirRequestIsHandled) {
  const std::string word = "user.login_failed";
  // Invalid (no secret): never registered.
  auto missing =
      Call("POST", "/api/v1/connections", R"({"venue":"binance","api_key":")" + word + R"("})");
  EXPECT_EQ(missing.status, 400) << missing.body;
  EXPECT_EQ(log::Redact(word), word);

  // Valid, then refused by the venue check: redacted while the fetcher works, forgotten after.
  const std::string key = "refusedKey0123456789", secret = "refusedSecret0123456789";
  std::string seen_key, seen_secret;
  on_fetch_ = [&] {
    seen_key = log::Redact(key);
    seen_secret = log::Redact(secret);
  };
  verdict_ = "refused";
  auto refused = Connect("binance", key, secret);
  EXPECT_EQ(refused.status, 422) << refused.body;
  EXPECT_EQ(seen_key, "[redacted]");
  EXPECT_EQ(seen_secret, "[redacted]");
  EXPECT_EQ(log::Redact(key), key);
  EXPECT_EQ(log::Redact(secret), secret);

  // Accepted: forgotten too once the answer is out (the key is sealed; the API keeps no copy).
  verdict_ = "accepted";
  auto accepted = Connect("binance", key, secret);
  EXPECT_EQ(accepted.status, 201) << accepted.body;
  EXPECT_EQ(log::Redact(key), key);
  EXPECT_EQ(log::ScopedSecretCount(), 0u);
}

TEST_F(UserInput, AFullRedactionRegistryRefusesTheKeyWithoutStoringIt) {
  log::SetScopedSecretCapacity(3);
  {
    auto a = log::RegisterScopedSecret("another-request-key-1");
    auto b = log::RegisterScopedSecret("another-request-key-2");
    ASSERT_TRUE(a && b);
    // Two fields need two places; one is left.
    auto res = Connect("binance", "fullKey0123456789", "fullSecret0123456789");
    EXPECT_EQ(res.status, 503) << res.body;
    EXPECT_TRUE(calls_.empty());
    EXPECT_EQ(StoredConnections(), 0u);
    EXPECT_EQ(log::ScopedSecretCount(), 2u);  // the one it took was given back
  }
  auto res = Connect("binance", "fullKey0123456789", "fullSecret0123456789");
  EXPECT_EQ(res.status, 201) << res.body;
  log::SetScopedSecretCapacity(log::kDefaultScopedSecretCapacity);
}

// Only a zone of the installed IANA database is stored; a path or a FIFO once reached the C
// library's TZ and froze the process.
TEST_F(UserInput, TimeZoneMustBeAZoneOfTheDatabase) {
  for (const char* bad : {"/proc/self/fd/2", "../../../../dev/zero", ":/etc/localtime",
                          "Mars/Olympus_Mons", "EST5EDT,M3.2.0,M11.1.0", ""}) {
    auto res = Call("PATCH", "/api/v1/me/settings",
                    boost::json::serialize(boost::json::object{{"time_zone", bad}}));
    EXPECT_EQ(res.status, 400) << bad << ": " << res.body;
    EXPECT_NE(res.body.find(R"("field":"time_zone")"), std::string::npos) << res.body;
  }
  auto user = store_->users().Get(user_id_);
  ASSERT_TRUE(user.ok());
  EXPECT_EQ(user->time_zone, "UTC");
  auto ok = Call("PATCH", "/api/v1/me/settings", R"({"time_zone":"Asia/Seoul"})");
  EXPECT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(store_->users().Get(user_id_)->time_zone, "Asia/Seoul");
}

// A connection keeps thresholds of its own for a bounded number of positions, each named as the
// positions list names it ("<venue symbol>:<long|short>"); the stored row cannot grow without end.
TEST_F(UserInput, PerPositionThresholdsAreBounded) {
  config_.max_position_overrides = 3;
  store::Connection c;
  c.user_id = user_id_;
  c.venue = Venue::kBinance;
  c.label = "k";
  auto conn = store_->connections().Create(c, 0);
  ASSERT_TRUE(conn.ok());
  auto set = [&](const std::string& position, const std::string& thresholds) {
    return Call("PATCH", "/api/v1/positions/thresholds",
                boost::json::serialize(
                    boost::json::object{{"key", "c" + std::to_string(conn->id) + ":" + position},
                                        {"thresholds", boost::json::parse(thresholds)}}));
  };
  const std::string ladder = R"({"distance":[0.3,0.2,0.1]})";
  for (const char* position : {"BTCUSDT:long", "ETHUSDT:short", "SOLUSDT:long"}) {
    EXPECT_EQ(set(position, ladder).status, 200) << position;
  }
  auto full = set("XRPUSDT:long", ladder);
  EXPECT_EQ(full.status, 400) << full.body;
  EXPECT_NE(full.body.find(R"("field":"key")"), std::string::npos) << full.body;
  EXPECT_EQ(set("BTCUSDT:long", R"({"distance":[0.4,0.2,0.1]})").status, 200);  // a change
  EXPECT_EQ(set("ETHUSDT:short", "null").status, 200);                          // clearing one
  EXPECT_EQ(set("XRPUSDT:long", ladder).status, 200);                           // frees a place

  // Position names that no venue uses are not positions.
  for (const std::string& bad :
       {std::string(200, 'A') + ":long", std::string("BTC USDT:long"),
        std::string("BTCUSDT:sideways"), std::string(":long"), std::string("BTC\"USDT:long")}) {
    EXPECT_EQ(set(bad, ladder).status, 404) << bad;
  }
  auto stored = store_->connections().GetById(conn->id);
  ASSERT_TRUE(stored.ok());
  EXPECT_LT(stored->thresholds_json.size(), 1024u) << stored->thresholds_json;
}

}  // namespace
}  // namespace baro::web

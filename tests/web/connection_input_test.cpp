// Connecting an exchange key through the JSON API in-process, on a real SQLite store, with the
// fetcher replaced by a recorder (connecting needs it): what the API refuses before it seals
// anything, and what it tells the user.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "log/logger.h"
#include "support/temp_dir.h"
#include "vault/local_kek.h"
#include "web/api.h"

namespace baro::web {
namespace {

class ConnectionInput : public ::testing::Test {
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
TEST_F(ConnectionInput, KeyFieldsAcceptOnlyPrintableAsciiWithoutSpaces) {
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

}  // namespace
}  // namespace baro::web

// The JSON API in-process, on a real SQLite store: accounts, sessions, CSRF, log-in limits,
// premium, ownership, hand-entered positions and their validation.
#include "web/api.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "risk/thresholds.h"
#include "support/temp_dir.h"

namespace baro::web {
namespace {

class FixedMarket final : public market::MarketData {
 public:
  Result<market::Instrument> Find(Venue venue, std::string_view symbol) override {
    if (venue == Venue::kBinance && symbol == "BTCUSDT")
      return market::Instrument{"BTCUSDT", "BTC", "USDT", 100000, 125, 0.004};
    if (venue == Venue::kHyperliquid && symbol == "BTC")
      return market::Instrument{"BTC", "BTC", "USDC", 100000, 40, 0.0125};
    if (venue == Venue::kOkx) return MakeError(ErrorCode::kUnavailable, "okx down");
    return MakeError(ErrorCode::kInvalidInput, "unknown symbol");
  }
};

struct Browser {
  std::string cookie, csrf;
  std::string remote = "10.0.0.1";
};

class ApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = store::OpenStore("sqlite://" + dir_.File("api.db"));
    ASSERT_TRUE(s.ok());
    store_ = std::move(*s);
    ASSERT_TRUE(store_->Migrate().ok());
    config_.login_max_attempts = 3;
    config_.Resolve();
    ApiDeps deps;
    deps.store = store_.get();
    deps.config = &config_;
    deps.clock = &clock_;
    deps.market = &market_;
    deps.password_cost = FastCostForTests();
    deps.issue_telegram_link = [](store::Id) -> Result<TelegramLink> {
      return TelegramLink{"https://t.me/bot?start=abc", 1};
    };
    api_ = std::make_unique<Api>(std::move(deps));
  }

  net::HttpResponse Call(Browser& b, const std::string& method, const std::string& target,
                         const std::string& body = "", bool with_csrf = true) {
    net::HttpRequest r{method, target, {}, body, b.remote};
    if (!body.empty()) r.headers.emplace_back("Content-Type", "application/json");
    if (!b.cookie.empty()) r.headers.emplace_back("Cookie", "theme=dark; " + b.cookie);
    if (with_csrf && !b.csrf.empty()) r.headers.emplace_back("X-CSRF-Token", b.csrf);
    auto res = api_->Handle(r);
    if (auto set = res.Header("Set-Cookie")) b.cookie = std::string(set->substr(0, set->find(';')));
    boost::system::error_code ec;
    auto v = boost::json::parse(res.body, ec);  // /metrics is text, not JSON
    if (v.is_object() && v.as_object().contains("user")) {
      const auto& u = v.as_object().at("user").as_object();
      if (u.contains("csrf_token")) b.csrf = std::string(u.at("csrf_token").as_string());
    }
    return res;
  }
  boost::json::object Json(const net::HttpResponse& r) {
    return boost::json::parse(r.body).as_object();
  }

  Browser SignUp(const std::string& email, bool premium = true) {
    Browser b;
    auto r = Call(b, "POST", "/api/v1/auth/signup",
                  R"({"email":")" + email + R"(","password":"long enough pw"})");
    EXPECT_EQ(r.status, 201) << r.body;
    if (premium) {
      auto u = store_->users().FindByEmail(email);
      EXPECT_TRUE(store_->users().SetPlan(u->id, store::Plan::kPremium).ok());
    }
    return b;
  }

  testing::TempDir dir_;
  std::unique_ptr<store::Store> store_;
  config::Config config_;
  ManualClock clock_{1'700'000'000'000};
  FixedMarket market_;
  std::unique_ptr<Api> api_;
};

TEST_F(ApiTest, SignupSetsAHardenedSessionCookie) {
  Browser b;
  auto r = Call(b, "POST", "/api/v1/auth/signup",
                R"({"email":"A@Example.com","password":"long enough pw"})");
  ASSERT_EQ(r.status, 201);
  std::string cookie(*r.Header("Set-Cookie"));
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
  EXPECT_EQ(cookie.find("Secure"), std::string::npos);  // plain http here
  EXPECT_EQ(Json(r)["user"].as_object()["email"].as_string(), "a@example.com");
  EXPECT_NE(r.Header("Content-Security-Policy")->find("frame-ancestors 'none'"), std::string::npos);
  EXPECT_EQ(*r.Header("Referrer-Policy"), "no-referrer");
  // The stored session is a hash, never the cookie value.
  const std::string token = b.cookie.substr(b.cookie.find('=') + 1);
  EXPECT_FALSE(store_->sessions().Find(token, 0).ok());
  EXPECT_EQ(Call(b, "GET", "/api/v1/me").status, 200);
}

TEST_F(ApiTest, SignupRefusesBadInputWithTheField) {
  Browser b;
  auto r =
      Call(b, "POST", "/api/v1/auth/signup", R"({"email":"nope","password":"long enough pw"})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Json(r)["error"].as_object()["field"].as_string(), "email");
  r = Call(b, "POST", "/api/v1/auth/signup", R"({"email":"a@b.co","password":"short"})");
  EXPECT_EQ(Json(r)["error"].as_object()["field"].as_string(), "password");
  EXPECT_EQ(Call(b, "POST", "/api/v1/auth/signup", "[1,2]").status, 400);
  net::HttpRequest form{"POST", "/api/v1/auth/signup", {{"Content-Type", "text/plain"}}, "email=a"};
  EXPECT_EQ(api_->Handle(form).status, 415);
  SignUp("dup@b.co");
  r = Call(b, "POST", "/api/v1/auth/signup", R"({"email":"dup@b.co","password":"long enough pw"})");
  EXPECT_EQ(r.status, 409);
  EXPECT_TRUE(store_->users().List()->size() == 1u);
}

TEST_F(ApiTest, StateChangesNeedTheCsrfToken) {
  Browser b = SignUp("a@b.co");
  auto r = Call(b, "POST", "/api/v1/telegram/link", "{}", /*with_csrf=*/false);
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(Json(r)["error"].as_object()["code"].as_string(), "csrf");
  Browser forged = b;
  forged.csrf = "wrong";
  EXPECT_EQ(Call(forged, "POST", "/api/v1/telegram/link", "{}").status, 403);
  EXPECT_EQ(Call(b, "POST", "/api/v1/telegram/link", "{}").status, 201);
}

TEST_F(ApiTest, LoginIsRateLimitedAndLogoutEndsTheSession) {
  SignUp("a@b.co");
  Browser attacker;
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(Call(attacker, "POST", "/api/v1/auth/login",
                   R"({"email":"a@b.co","password":"wrong pw!!"})")
                  .status,
              401);
  }
  auto limited = Call(attacker, "POST", "/api/v1/auth/login",
                      R"({"email":"a@b.co","password":"long enough pw"})");
  EXPECT_EQ(limited.status, 429);
  EXPECT_TRUE(limited.Header("Retry-After").has_value());
  clock_.Advance(config_.login_window_s * 1000);
  Browser user;
  user.remote = "10.0.0.2";
  ASSERT_EQ(
      Call(user, "POST", "/api/v1/auth/login", R"({"email":"a@b.co","password":"long enough pw"})")
          .status,
      200);
  EXPECT_EQ(Call(user, "POST", "/api/v1/auth/logout", "{}").status, 200);
  Browser stale = user;
  EXPECT_EQ(Call(stale, "GET", "/api/v1/me").status, 401);
}

TEST_F(ApiTest, SessionsExpire) {
  Browser b = SignUp("a@b.co");
  clock_.Advance(config_.session_ttl_s * 1000);
  EXPECT_EQ(Call(b, "GET", "/api/v1/me").status, 401);
}

TEST_F(ApiTest, PositionAlertsArePremium) {
  Browser b = SignUp("free@b.co", /*premium=*/false);
  auto r = Call(b, "GET", "/api/v1/manual-positions");
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(Json(r)["error"].as_object()["code"].as_string(), "premium_required");
  EXPECT_NE(std::string(Json(r)["error"].as_object()["message"].as_string()).find("premium"),
            std::string::npos);
  EXPECT_EQ(Call(b, "GET", "/api/v1/me").status, 200);  // the rest of the account works
}

TEST_F(ApiTest, HandEnteredPositionsCrudWithClearErrors) {
  Browser b = SignUp("a@b.co");
  const std::string ok =
      R"({"venue":"binance","symbol":"btcusdt","side":"long","entry_price":"100000","size":0.5,"leverage":10})";
  auto created = Call(b, "POST", "/api/v1/manual-positions", ok);
  ASSERT_EQ(created.status, 201) << created.body;
  auto pos = Json(created)["position"].as_object();
  EXPECT_EQ(pos["symbol"].as_string(), "BTCUSDT");
  EXPECT_EQ(pos["margin_mode"].as_string(), "isolated");
  const std::string id = std::to_string(pos["id"].as_int64());

  struct Case {
    std::string body, field;
  } cases[] = {
      {R"({"venue":"kraken","symbol":"BTC","side":"long","entry_price":1,"size":1,"leverage":1})",
       "venue"},
      {R"({"venue":"binance","symbol":"DOGEUSDT","side":"long","entry_price":1,"size":1,"leverage":1})",
       "symbol"},
      {R"({"venue":"binance","symbol":"BTCUSDT","side":"up","entry_price":1,"size":1,"leverage":1})",
       "side"},
      {R"({"venue":"binance","symbol":"BTCUSDT","side":"long","entry_price":1,"size":-1,"leverage":1})",
       "size"},
      {R"({"venue":"binance","symbol":"BTCUSDT","side":"long","entry_price":"NaN","size":1,"leverage":1})",
       "entry_price"},
      {R"({"venue":"binance","symbol":"BTCUSDT","side":"long","entry_price":1,"size":1,"leverage":126})",
       "leverage"},
      {R"({"venue":"hyperliquid","symbol":"BTC","side":"long","entry_price":1,"size":1,"leverage":41})",
       "leverage"},
      {R"({"venue":"binance","symbol":"BTCUSDT","side":"long","entry_price":1,"size":1})",
       "leverage"},
      {R"({"venue":"binance","symbol":"BTCUSDT","side":"long","entry_price":1,"size":1,"leverage":2,"margin_mode":"portfolio"})",
       "margin_mode"},
  };
  for (const auto& c : cases) {
    auto r = Call(b, "POST", "/api/v1/manual-positions", c.body);
    EXPECT_EQ(r.status, 400) << c.body;
    EXPECT_EQ(Json(r)["error"].as_object()["field"].as_string(), c.field) << c.body;
    EXPECT_FALSE(Json(r)["error"].as_object()["message"].as_string().empty());
  }
  auto lev = Call(b, "POST", "/api/v1/manual-positions", cases[5].body);
  EXPECT_NE(std::string(Json(lev)["error"].as_object()["message"].as_string()).find("125"),
            std::string::npos);
  // A venue that cannot be reached is not the user's fault: 503, nothing stored.
  EXPECT_EQ(
      Call(
          b, "POST", "/api/v1/manual-positions",
          R"({"venue":"okx","symbol":"BTC-USDT-SWAP","side":"long","entry_price":1,"size":1,"leverage":1})")
          .status,
      503);
  EXPECT_EQ(Json(Call(b, "GET", "/api/v1/manual-positions"))["positions"].as_array().size(), 1u);

  auto edited =
      Call(b, "PATCH", "/api/v1/manual-positions/" + id, R"({"size":0.25,"margin":2000})");
  ASSERT_EQ(edited.status, 200) << edited.body;
  EXPECT_EQ(Json(edited)["position"].as_object()["size"].as_double(), 0.25);
  EXPECT_EQ(Json(edited)["position"].as_object()["margin"].as_double(), 2000);
  EXPECT_EQ(Call(b, "PATCH", "/api/v1/manual-positions/" + id, R"({"leverage":0})").status, 400);

  // Another user can neither see, edit nor delete it.
  Browser other = SignUp("b@b.co");
  EXPECT_TRUE(Json(Call(other, "GET", "/api/v1/manual-positions"))["positions"].as_array().empty());
  EXPECT_EQ(Call(other, "PATCH", "/api/v1/manual-positions/" + id, R"({"size":9})").status, 404);
  EXPECT_EQ(Call(other, "DELETE", "/api/v1/manual-positions/" + id).status, 404);
  EXPECT_EQ(Call(b, "DELETE", "/api/v1/manual-positions/" + id).status, 200);
  EXPECT_EQ(Call(b, "DELETE", "/api/v1/manual-positions/" + id).status, 404);
  EXPECT_EQ(Call(b, "DELETE", "/api/v1/manual-positions/abc").status, 404);
}

TEST_F(ApiTest, HandEnteredPositionPreviewAndPlainNames) {
  Browser b = SignUp("a@b.co");
  // Isolated long, margin 0.1 x 100,000 / 4 = 2,500, Binance's first BTCUSDT tier 0.4 % (the fixed
  // market above): LP = (0.1 x 100,000 - 2,500) / (0.1 x (1 - 0.004)) = 75,301.2048...,
  // distance (100,000 - 75,301.2048) / 100,000 = 0.246988.
  auto r = Call(
      b, "POST", "/api/v1/manual-positions/preview",
      R"({"venue":"binance","symbol":"btcusdt","side":"long","entry_price":"100000","size":0.1,"leverage":4})");
  ASSERT_EQ(r.status, 200) << r.body;
  auto p = Json(r)["preview"].as_object();
  EXPECT_EQ(p["symbol"].as_string(), "BTCUSDT");
  EXPECT_EQ(p["mark_price"].as_double(), 100000);
  EXPECT_NEAR(p["liquidation_price"].as_double(), 7500.0 / 0.0996, 1e-6);
  EXPECT_NEAR(p["distance_to_liquidation"].as_double(), (100000 - 7500.0 / 0.0996) / 100000, 1e-9);
  EXPECT_EQ(p["level"].as_string(), "ok");
  // Nothing is stored.
  EXPECT_TRUE(Json(Call(b, "GET", "/api/v1/manual-positions"))["positions"].as_array().empty());

  // Messages name fields and venues as the page labels them.
  auto size = Call(
      b, "POST", "/api/v1/manual-positions",
      R"({"venue":"binance","symbol":"BTCUSDT","side":"long","entry_price":1,"size":-1,"leverage":1})");
  EXPECT_EQ(Json(size)["error"].as_object()["message"].as_string(),
            "Size must be a number greater than zero.");
  auto lev = Call(
      b, "POST", "/api/v1/manual-positions/preview",
      R"({"venue":"hyperliquid","symbol":"BTC","side":"long","entry_price":1,"size":1,"leverage":41})");
  EXPECT_EQ(lev.status, 400);
  EXPECT_NE(std::string(Json(lev)["error"].as_object()["message"].as_string())
                .find("HyperLiquid's maximum of 40x"),
            std::string::npos)
      << lev.body;
}

TEST_F(ApiTest, PositionsCarryFreshnessAndTheDistanceLadderThatApplies) {
  Browser b = SignUp("a@b.co");
  ASSERT_EQ(
      Call(b, "PATCH", "/api/v1/me/settings", R"({"thresholds":{"distance":[0.2,0.08,0.025]}})")
          .status,
      200);
  const std::string body =
      R"({"venue":"binance","symbol":"BTCUSDT","side":"long","entry_price":100000,"size":0.1,"leverage":4})";
  auto first = Call(b, "POST", "/api/v1/manual-positions", body);
  auto second = Call(b, "POST", "/api/v1/manual-positions", body);
  ASSERT_EQ(second.status, 201);
  const auto id1 = Json(first)["position"].as_object()["id"].as_int64();
  const auto id2 = Json(second)["position"].as_object()["id"].as_int64();
  ASSERT_EQ(
      Call(b, "PATCH", "/api/v1/positions/thresholds",
           R"({"key":"m)" + std::to_string(id2) + R"(","thresholds":{"distance":[0.3,0.2,0.1]}})")
          .status,
      200);

  const auto user = store_->users().FindByEmail("a@b.co");
  auto monitors = store_->monitors().ListForUser(user->id);
  ASSERT_TRUE(monitors.ok());
  ASSERT_EQ(monitors->size(), 1u);
  const store::Monitor monitor = monitors->front();
  const std::int64_t now = clock_.NowMs();
  const std::int64_t stale_after = 3 * config_.check_interval_s * 1000;
  auto snapshot = [&](std::int64_t id, std::int64_t observed_at, double mark) {
    store::PositionSnapshot snap;
    snap.monitor_id = monitor.id;
    snap.user_id = user->id;
    snap.manual_position_id = id;
    snap.position_key = "m" + std::to_string(id);
    snap.position.venue = Venue::kBinance;
    snap.position.symbol = "BTCUSDT";
    snap.position.base = "BTC";
    snap.position.quote = "USDT";
    snap.position.size = 0.1;
    snap.position.entry_price = 100000;
    snap.position.mark_price = mark;
    snap.position.leverage = 4;
    snap.distance_to_liquidation = mark > 0 ? 0.25 : -1;
    snap.level = "ok";
    snap.observed_at = observed_at;
    return snap;
  };
  // The first was read exactly three check intervals ago (not yet stale), the second just now
  // without a mark price.
  ASSERT_TRUE(store_->snapshots()
                  .Replace(monitor.id,
                           {snapshot(id1, now - stale_after, 100000), snapshot(id2, now, 0)}, now)
                  .ok());
  auto list = [&] {
    auto r = Call(b, "GET", "/api/v1/positions");
    EXPECT_EQ(r.status, 200) << r.body;
    return Json(r);
  };
  auto find = [](boost::json::object answer, std::int64_t id) {
    for (auto& v : answer["positions"].as_array()) {
      if (v.as_object()["manual_position_id"].as_int64() == id) return v.as_object();
    }
    return boost::json::object();
  };
  auto answer = list();
  EXPECT_EQ(answer["server_time"].as_int64(), now);
  auto p1 = find(answer, id1);
  auto p2 = find(answer, id2);
  EXPECT_EQ(p1["observed_at"].as_int64(), now - stale_after);
  EXPECT_EQ(p1["next_check_at"].as_int64(), monitor.next_due_at);
  EXPECT_FALSE(p1["stale"].as_bool());
  EXPECT_EQ(p1["base"].as_string(), "BTC");
  EXPECT_EQ(p1["account_label"].as_string(), "");
  // The user's own ladder, and the position's own override on top of it.
  auto ladder = [](const boost::json::value& v) {
    std::vector<double> out;
    for (const auto& x : v.as_array()) out.push_back(x.as_double());
    return out;
  };
  EXPECT_EQ(ladder(p1["distance_thresholds"]), (std::vector<double>{0.2, 0.08, 0.025}));
  EXPECT_EQ(ladder(p2["distance_thresholds"]), (std::vector<double>{0.3, 0.2, 0.1}));
  EXPECT_EQ(p2["mark_price"].as_double(), 0);
  EXPECT_TRUE(p2["distance_to_liquidation"].is_null());

  clock_.Advance(1);
  EXPECT_TRUE(find(list(), id1)["stale"].as_bool());
  EXPECT_FALSE(find(list(), id2)["stale"].as_bool());
}

TEST_F(ApiTest, ATestAlertGoesThroughTheOutboxOneAtATime) {
  Browser b = SignUp("a@b.co", /*premium=*/false);
  const std::string to_chat = R"({"chat_id":4242})";
  EXPECT_EQ(Call(b, "POST", "/api/v1/telegram/test", to_chat).status, 409);
  const auto user = store_->users().FindByEmail("a@b.co");
  ASSERT_TRUE(store_->telegram().LinkChat({user->id, 4242, "trader", true, clock_.NowMs()}).ok());
  auto sent = Call(b, "POST", "/api/v1/telegram/test", to_chat);
  EXPECT_EQ(sent.status, 202) << sent.body;
  auto queued = store_->outbox().ListForUser(user->id);
  ASSERT_TRUE(queued.ok());
  ASSERT_EQ(queued->size(), 1u);
  EXPECT_EQ(queued->front().chat_id, 4242);
  EXPECT_EQ(queued->front().status, store::OutboxStatus::kPending);
  EXPECT_NE(queued->front().text.find("Test alert from Baro"), std::string::npos);
  // While it waits, another is refused; once it is out, the next one is queued.
  EXPECT_EQ(Call(b, "POST", "/api/v1/telegram/test", to_chat).status, 429);
  ASSERT_TRUE(store_->outbox().MarkSent(queued->front().id, clock_.NowMs()).ok());
  EXPECT_EQ(Call(b, "POST", "/api/v1/telegram/test", to_chat).status, 202);
}

// The test alert goes to the chat the page names, one of the user's own; another account's chat is
// refused with a clear error and nothing is queued for it.
TEST_F(ApiTest, ATestAlertGoesToTheNamedChatOfTheUserOnly) {
  Browser a = SignUp("a@b.co", /*premium=*/false);
  Browser b = SignUp("b@b.co", /*premium=*/false);
  const auto ua = store_->users().FindByEmail("a@b.co");
  const auto ub = store_->users().FindByEmail("b@b.co");
  ASSERT_TRUE(store_->telegram().LinkChat({ua->id, 4242, "a", true, 1}).ok());
  store::TelegramChat group{ua->id, -100777, "a", true, 2};
  group.type = "supergroup";
  group.title = "Desk";
  ASSERT_TRUE(store_->telegram().LinkChat(group).ok());
  ASSERT_TRUE(store_->telegram().LinkChat({ub->id, 5555, "b", true, 3}).ok());

  auto foreign = Call(a, "POST", "/api/v1/telegram/test", R"({"chat_id":5555})");
  EXPECT_EQ(foreign.status, 404) << foreign.body;
  EXPECT_EQ(Json(foreign)["error"].as_object()["code"].as_string(), "telegram_chat_not_linked");
  EXPECT_EQ(Json(foreign)["error"].as_object()["message"].as_string(),
            "This Telegram chat is not linked to your account.");
  EXPECT_EQ(Call(a, "POST", "/api/v1/telegram/test", "{}").status, 400);
  EXPECT_EQ(Call(a, "POST", "/api/v1/telegram/test", R"({"chat_id":"4242"})").status, 400);
  EXPECT_TRUE(store_->outbox().ListForUser(ua->id)->empty());
  EXPECT_TRUE(store_->outbox().ListForUser(ub->id)->empty());

  // The group, not the chat linked first nor the one linked last by default.
  auto sent = Call(a, "POST", "/api/v1/telegram/test", R"({"chat_id":-100777})");
  ASSERT_EQ(sent.status, 202) << sent.body;
  auto queued = store_->outbox().ListForUser(ua->id);
  ASSERT_EQ(queued->size(), 1u);
  EXPECT_EQ(queued->front().chat_id, -100777);
}

// Unlink takes one chat of the user: the others stay linked, another account's chat is refused
// and stays linked, and the old form that unlinked every chat at once is gone.
TEST_F(ApiTest, UnlinkTakesOneChatOfTheUserOnly) {
  Browser a = SignUp("a@b.co", /*premium=*/false);
  Browser b = SignUp("b@b.co", /*premium=*/false);
  const auto ua = store_->users().FindByEmail("a@b.co");
  const auto ub = store_->users().FindByEmail("b@b.co");
  ASSERT_TRUE(store_->telegram().LinkChat({ua->id, 4242, "a", true, 1}).ok());
  store::TelegramChat group{ua->id, -100777, "a", true, 2};
  group.type = "supergroup";
  ASSERT_TRUE(store_->telegram().LinkChat(group).ok());
  ASSERT_TRUE(store_->telegram().LinkChat({ub->id, 5555, "b", true, 3}).ok());

  auto foreign = Call(a, "DELETE", "/api/v1/telegram/chats/5555");
  EXPECT_EQ(foreign.status, 404) << foreign.body;
  EXPECT_EQ(Json(foreign)["error"].as_object()["code"].as_string(), "telegram_chat_not_linked");
  EXPECT_EQ(store_->telegram().ListChats(ub->id)->size(), 1u);
  EXPECT_EQ(Call(a, "DELETE", "/api/v1/telegram/chats/abc").status, 404);
  EXPECT_NE(Call(a, "DELETE", "/api/v1/telegram").status, 200);
  EXPECT_EQ(store_->telegram().ListChats(ua->id)->size(), 2u);

  // The status names each chat's id, which these routes take.
  auto status = Json(Call(a, "GET", "/api/v1/telegram"));
  EXPECT_EQ(status["chat_id"].as_int64(), -100777);  // linked last
  auto r = Call(a, "DELETE", "/api/v1/telegram/chats/-100777");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(Json(r)["linked"].as_bool());
  auto left = store_->telegram().ListChats(ua->id);
  ASSERT_EQ(left->size(), 1u);
  EXPECT_EQ(left->front().chat_id, 4242);
  EXPECT_EQ(Call(a, "DELETE", "/api/v1/telegram/chats/-100777").status, 404);  // already gone
  r = Call(a, "DELETE", "/api/v1/telegram/chats/4242");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_FALSE(Json(r)["linked"].as_bool());
  EXPECT_FALSE(Json(Call(a, "GET", "/api/v1/telegram"))["linked"].as_bool());
  EXPECT_EQ(store_->telegram().ListChats(ub->id)->size(), 1u);
}

// The Telegram status lists every linked chat, and says which ones the bot can no longer reach.
TEST_F(ApiTest, TheTelegramStatusListsEveryChatAndWhetherItIsReached) {
  Browser b = SignUp("a@b.co", /*premium=*/false);
  const auto user = store_->users().FindByEmail("a@b.co");
  ASSERT_TRUE(store_->telegram().LinkChat({user->id, 4242, "trader", true, 1}).ok());
  store::TelegramChat group{user->id, -100777, "trader", true, 2};
  group.type = "supergroup";
  group.title = "Desk";
  ASSERT_TRUE(store_->telegram().LinkChat(group).ok());
  ASSERT_TRUE(store_->telegram().SetChatActive(-100777, false).ok());
  auto r = Call(b, "GET", "/api/v1/telegram");
  ASSERT_EQ(r.status, 200) << r.body;
  auto chats = Json(r)["chats"].as_array();
  ASSERT_EQ(chats.size(), 2u);
  EXPECT_EQ(chats[0].as_object().at("type").as_string(), "private");
  EXPECT_TRUE(chats[0].as_object().at("active").as_bool());
  EXPECT_EQ(chats[1].as_object().at("type").as_string(), "supergroup");
  EXPECT_EQ(chats[1].as_object().at("title").as_string(), "Desk");
  EXPECT_FALSE(chats[1].as_object().at("active").as_bool());
  // Each chat's id names it to the routes that act on one chat; only its owner is told it.
  EXPECT_EQ(chats[0].as_object().at("chat_id").as_int64(), 4242);
  EXPECT_EQ(chats[1].as_object().at("chat_id").as_int64(), -100777);
}

TEST_F(ApiTest, SettingsAndKoreanErrors) {
  Browser b = SignUp("a@b.co");
  auto r = Call(
      b, "PATCH", "/api/v1/me/settings",
      R"({"locale":"ko","time_zone":"Asia/Seoul","quiet_hours":{"start":"23:00","end":"07:30"}})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Json(r)["user"].as_object()["quiet_hours"].as_object()["end"].as_string(), "07:30");
  auto bad =
      Call(b, "PATCH", "/api/v1/me/settings", R"({"quiet_hours":{"start":"25:00","end":"07:00"}})");
  EXPECT_EQ(bad.status, 400);
  // The user's language now applies to errors.
  auto e = Call(
      b, "POST", "/api/v1/manual-positions",
      R"({"venue":"binance","symbol":"BTCUSDT","side":"long","entry_price":1,"size":-1,"leverage":1})");
  EXPECT_NE(std::string(Json(e)["error"].as_object()["message"].as_string()).find("0보다"),
            std::string::npos);
}

// Thresholds at the three levels: the user's (effective values on /me), a connection's, and one
// position's own, kept with its connection; bad ladders are refused naming the field, and nothing
// is changed by a refused request.
TEST_F(ApiTest, ThresholdsPerUserConnectionAndPosition) {
  Browser b = SignUp("a@b.co");
  auto me = Json(Call(b, "GET", "/api/v1/me"))["user"].as_object();
  EXPECT_EQ(me["thresholds"].as_object()["distance"].as_array().at(0).as_double(),
            risk::Thresholds{}.distance[0]);
  EXPECT_TRUE(me["threshold_overrides"].is_null());

  auto set = Call(b, "PATCH", "/api/v1/me/settings", R"({"thresholds":{"leverage":[5,8,12]}})");
  ASSERT_EQ(set.status, 200) << set.body;
  auto user = Json(set)["user"].as_object();
  EXPECT_EQ(user["thresholds"].as_object()["leverage"].as_array().at(2).as_double(), 12);
  EXPECT_EQ(user["thresholds"].as_object()["distance"].as_array().at(0).as_double(),
            risk::Thresholds{}.distance[0]);
  for (const char* bad :
       {R"({"thresholds":{"leverage":[12,8,5]}})", R"({"thresholds":{"leverage":[1,2]}})",
        R"({"thresholds":{"speed":[1,2,3]}})", R"({"thresholds":"high"})"}) {
    auto r = Call(b, "PATCH", "/api/v1/me/settings", bad);
    EXPECT_EQ(r.status, 400) << bad;
    EXPECT_EQ(Json(r)["error"].as_object()["field"].as_string(), "thresholds") << bad;
  }
  EXPECT_EQ(Json(Call(b, "GET", "/api/v1/me"))["user"]
                .as_object()["thresholds"]
                .as_object()["leverage"]
                .as_array()
                .at(2)
                .as_double(),
            12);

  // A connection (made directly in the store: connecting needs the fetcher) and its positions.
  auto u = store_->users().FindByEmail("a@b.co");
  store::Connection c;
  c.user_id = u->id;
  c.venue = Venue::kHyperliquid;
  c.label = "main";
  c.wallet_address = "0x00000000000000000000000000000000000000aa";
  auto conn = store_->connections().Create(c, clock_.NowMs());
  ASSERT_TRUE(conn.ok());
  const std::string path = "/api/v1/connections/" + std::to_string(conn->id);
  const std::string key = "c" + std::to_string(conn->id) + ":BTC:long";

  // What the last read could not watch, as the checker stored it, shows with the connection.
  store::CheckOutcome gaps;
  gaps.user_id = u->id;
  gaps.states.push_back(
      {u->id, "gaps:c" + std::to_string(conn->id) + "|read",
       R"({"gaps":[{"product":"COIN-FUTURES","positions":3,"margin_account":"","error":""}],"told":["COIN-FUTURES"]})"});
  ASSERT_TRUE(store_->alerts().Commit(gaps).ok());
  auto listed = Json(Call(b, "GET", "/api/v1/connections"))["connections"].as_array();
  ASSERT_EQ(listed.size(), 1u);
  auto notes = listed.at(0).as_object()["notes"].as_array();
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_NE(
      std::string(notes.at(0).as_string()).find("3 positions on COIN-FUTURES are not watched"),
      std::string::npos);

  auto position = Call(b, "PATCH", "/api/v1/positions/thresholds",
                       R"({"key":")" + key + R"(","thresholds":{"distance":[0.3,0.2,0.1]}})");
  ASSERT_EQ(position.status, 200) << position.body;
  auto connection = Call(b, "PATCH", path, R"({"thresholds":{"roe":[-0.2,-0.4,-0.6]}})");
  ASSERT_EQ(connection.status, 200) << connection.body;
  auto shown = Json(connection)["connection"].as_object()["thresholds"].as_object();
  EXPECT_TRUE(shown.contains("roe"));
  EXPECT_FALSE(shown.contains("positions"));
  // Setting the connection's kept the position's, and the worker sees both.
  auto stored = store_->connections().Get(u->id, conn->id);
  const std::string mine = risk::PositionOverrides(stored->thresholds_json, "BTC:long");
  ASSERT_FALSE(mine.empty());
  auto effective = risk::ApplyOverrides(risk::Thresholds{}, stored->thresholds_json);
  ASSERT_TRUE(effective.ok());
  EXPECT_EQ(effective->roe[0], -0.2);
  EXPECT_EQ(risk::ApplyOverrides(*effective, mine)->distance[0], 0.3);
  EXPECT_TRUE(risk::PositionOverrides(stored->thresholds_json, "ETH:long").empty());

  // Clearing: the position's own go, the connection's stay.
  ASSERT_EQ(Call(b, "PATCH", "/api/v1/positions/thresholds",
                 R"({"key":")" + key + R"(","thresholds":null})")
                .status,
            200);
  stored = store_->connections().Get(u->id, conn->id);
  EXPECT_TRUE(risk::PositionOverrides(stored->thresholds_json, "BTC:long").empty());
  EXPECT_EQ(risk::ApplyOverrides(risk::Thresholds{}, stored->thresholds_json)->roe[0], -0.2);

  // Hand-entered positions keep theirs in their own row.
  auto created = Call(
      b, "POST", "/api/v1/manual-positions",
      R"({"venue":"binance","symbol":"BTCUSDT","side":"long","entry_price":"100000","size":0.5,"leverage":10})");
  ASSERT_EQ(created.status, 201);
  const auto manual_id = Json(created)["position"].as_object()["id"].as_int64();
  ASSERT_EQ(Call(b, "PATCH", "/api/v1/positions/thresholds",
                 R"({"key":"m)" + std::to_string(manual_id) +
                     R"(","thresholds":{"margin_usage":[0.5,0.6,0.7]}})")
                .status,
            200);
  EXPECT_NE(store_->manual_positions().Get(u->id, manual_id)->thresholds_json.find("margin_usage"),
            std::string::npos);

  // Unknown keys, other users' positions and bad ladders are refused.
  Browser other = SignUp("b@b.co");
  EXPECT_EQ(Call(other, "PATCH", "/api/v1/positions/thresholds",
                 R"({"key":")" + key + R"(","thresholds":{"leverage":[1,2,3]}})")
                .status,
            404);
  EXPECT_EQ(Call(other, "PATCH", path, R"({"thresholds":{"leverage":[1,2,3]}})").status, 404);
  EXPECT_EQ(Call(b, "PATCH", "/api/v1/positions/thresholds",
                 R"({"key":"x1","thresholds":{"leverage":[1,2,3]}})")
                .status,
            404);
  auto bad = Call(b, "PATCH", "/api/v1/positions/thresholds",
                  R"({"key":")" + key + R"(","thresholds":{"leverage":[3,2,1]}})");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(Json(bad)["error"].as_object()["field"].as_string(), "thresholds");
}

TEST_F(ApiTest, VenuesNameTheEgressAddressForAllowLists) {
  config_.egress_bind_address = "203.0.113.7";
  Browser b;
  auto r = Json(Call(b, "GET", "/api/v1/venues"));
  EXPECT_EQ(r["egress_address"].as_string(), "203.0.113.7");
  EXPECT_EQ(r["venues"].as_array().size(), AllVenues().size());
  config_.egress_public_address = "198.51.100.4";  // after NAT, the address venues see
  EXPECT_EQ(Json(Call(b, "GET", "/api/v1/venues"))["egress_address"].as_string(), "198.51.100.4");
}

TEST_F(ApiTest, VenuesListEveryEgressAddressForAllowLists) {
  config_.egress_bind_address = "203.0.113.7";
  config_.egress_bind_addresses = "203.0.113.8, 203.0.113.9";
  Browser b;
  auto r = Json(Call(b, "GET", "/api/v1/venues"));
  const boost::json::array both{boost::json::value("203.0.113.8"),
                                boost::json::value("203.0.113.9")};
  EXPECT_EQ(r["egress_addresses"].as_array(), both);
  EXPECT_EQ(r["egress_address"].as_string(), "203.0.113.8");
  config_.egress_public_address = "198.51.100.4,198.51.100.5";  // after NAT
  const boost::json::array seen{boost::json::value("198.51.100.4"),
                                boost::json::value("198.51.100.5")};
  EXPECT_EQ(Json(Call(b, "GET", "/api/v1/venues"))["egress_addresses"].as_array(), seen);
}

TEST_F(ApiTest, HealthReadinessMetricsAndUnknownRoutes) {
  Browser anon;
  EXPECT_EQ(Call(anon, "GET", "/healthz").status, 200);
  EXPECT_EQ(Call(anon, "GET", "/readyz").status, 200);
  // Served only behind a bearer token (server.metrics_token_file; http_surface_test.cpp).
  EXPECT_EQ(Call(anon, "GET", "/metrics").status, 404);
  EXPECT_EQ(Call(anon, "GET", "/api/v1/nothing").status, 404);
  EXPECT_EQ(Call(anon, "PUT", "/healthz", "{}").status, 405);
  EXPECT_EQ(Call(anon, "GET", "/api/v1/me").status, 401);
}

}  // namespace
}  // namespace baro::web

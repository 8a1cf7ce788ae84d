// GET /api/v1/alerts in-process on a real SQLite store: each alert says what it is about as data
// (a connection's position with the connection's venue and label, a hand-entered position with its
// venue and symbol, a connection, the hand-entered positions), with the figures stored when it
// was raised and its message's delivery, so the page can word it in any language.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "support/temp_dir.h"
#include "web/api.h"

namespace baro::web {
namespace {

class AlertHistoryRoute : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = store::OpenStore("sqlite://" + dir_.File("alerts.db"));
    ASSERT_TRUE(s.ok());
    store_ = std::move(*s);
    ASSERT_TRUE(store_->Migrate().ok());
    config_.Resolve();
    ApiDeps deps;
    deps.store = store_.get();
    deps.config = &config_;
    deps.clock = &clock_;
    deps.password_cost = FastCostForTests();
    api_ = std::make_unique<Api>(std::move(deps));
    net::HttpRequest signup{"POST",
                            "/api/v1/auth/signup",
                            {{"Content-Type", "application/json"}},
                            R"({"email":"trader@example.com","password":"long enough pw"})",
                            "10.0.0.1"};
    auto r = api_->Handle(signup);
    ASSERT_EQ(r.status, 201) << r.body;
    cookie_ = std::string(r.Header("Set-Cookie")->substr(0, r.Header("Set-Cookie")->find(';')));
    user_ = store_->users().FindByEmail("trader@example.com")->id;
    ASSERT_TRUE(store_->users().SetPlan(user_, store::Plan::kPremium).ok());
  }

  boost::json::array Alerts() {
    net::HttpRequest r{"GET", "/api/v1/alerts", {{"Cookie", cookie_}}, "", "10.0.0.1"};
    auto res = api_->Handle(r);
    EXPECT_EQ(res.status, 200) << res.body;
    return boost::json::parse(res.body).as_object().at("alerts").as_array();
  }

  testing::TempDir dir_;
  std::unique_ptr<store::Store> store_;
  config::Config config_;
  ManualClock clock_{1'700'000'000'000};
  std::unique_ptr<Api> api_;
  std::string cookie_;
  store::Id user_ = 0;
};

const boost::json::object& ByKey(const boost::json::array& alerts, std::string_view key) {
  for (const auto& a : alerts) {
    if (a.as_object().at("position_key").as_string() == key) return a.as_object();
  }
  ADD_FAILURE() << "no alert " << key;
  return alerts.front().as_object();
}

TEST_F(AlertHistoryRoute, SaysWhatEachAlertIsAboutWithTheFiguresAndTheDelivery) {
  store::Connection c;
  c.user_id = user_;
  c.venue = Venue::kBybit;
  c.label = "main";
  auto connection = store_->connections().Create(c, 0);
  ASSERT_TRUE(connection.ok());
  store::ManualPosition m;
  m.user_id = user_;
  m.venue = Venue::kOkx;
  m.symbol = "ETH-USDT-SWAP";
  m.side = Side::kShort;
  m.entry_price = 3000;
  m.size = 1;
  auto manual = store_->manual_positions().Create(m, 0);
  ASSERT_TRUE(manual.ok());

  const std::string on_connection = "c" + std::to_string(connection->id) + ":ETHUSDT:long";
  const std::string by_hand = "m" + std::to_string(manual->id);
  store::CheckOutcome o;
  o.user_id = user_;
  store::OutboxMessage message;
  message.chat_id = 1;
  message.text = "alert";
  message.silent = true;
  o.messages = {message};
  store::AlertRecord a{0, user_, on_connection, "liquidation", "warning", "ETHUSDT long", 10};
  a.figures = store::AlertFigures{"escalated", 2900, 2500.0, true, 400.0 / 2900, 5, -0.3};
  o.alerts = {a,
              {0, user_, by_hand, "loss", "critical", "ETH-USDT-SWAP short", 11},
              {0, user_, "c" + std::to_string(connection->id), "connection", "attention", "", 12},
              {0, user_, "c999", "connection", "attention", "", 13},
              {0, user_, "m", "data", "stale", "mark prices unavailable", 14}};
  o.alerts[1].message = store::AlertRecord::kNoMessage;
  ASSERT_TRUE(store_->alerts().Commit(o).ok());
  ASSERT_TRUE(store_->outbox().MarkSent(store_->outbox().ListForUser(user_)->front().id, 20).ok());

  const auto alerts = Alerts();
  ASSERT_EQ(alerts.size(), 5u);
  const auto& first = ByKey(alerts, on_connection);
  const auto& subject = first.at("subject").as_object();
  EXPECT_EQ(subject.at("kind").as_string(), "position");
  EXPECT_EQ(subject.at("venue").as_string(), "bybit");
  EXPECT_EQ(subject.at("label").as_string(), "main");
  EXPECT_EQ(subject.at("symbol").as_string(), "ETHUSDT");
  EXPECT_EQ(subject.at("side").as_string(), "long");
  EXPECT_EQ(subject.at("connection_id").as_int64(), connection->id);
  EXPECT_FALSE(subject.at("open").as_bool()) << "no snapshot shows it open";
  const auto& figures = first.at("figures").as_object();
  EXPECT_EQ(figures.at("event").as_string(), "escalated");
  EXPECT_DOUBLE_EQ(figures.at("mark_price").as_double(), 2900);
  EXPECT_DOUBLE_EQ(figures.at("liquidation_price").as_double(), 2500);
  EXPECT_TRUE(figures.at("liquidation_estimated").as_bool());
  EXPECT_DOUBLE_EQ(figures.at("distance_to_liquidation").as_double(), 400.0 / 2900);
  EXPECT_EQ(first.at("delivery").as_string(), "sent_silently");

  const auto& hand = ByKey(alerts, by_hand);
  EXPECT_EQ(hand.at("subject").at("kind").as_string(), "position");
  EXPECT_EQ(hand.at("subject").at("venue").as_string(), "okx");
  EXPECT_EQ(hand.at("subject").at("symbol").as_string(), "ETH-USDT-SWAP");
  EXPECT_EQ(hand.at("subject").at("side").as_string(), "short");
  EXPECT_EQ(hand.at("subject").at("manual_position_id").as_int64(), manual->id);
  EXPECT_TRUE(hand.at("figures").is_null());
  EXPECT_EQ(hand.at("delivery").as_string(), "not_sent");

  const auto& about = ByKey(alerts, "c" + std::to_string(connection->id));
  EXPECT_EQ(about.at("subject").at("kind").as_string(), "connection");
  EXPECT_EQ(about.at("subject").at("label").as_string(), "main");
  const auto& gone = ByKey(alerts, "c999");
  EXPECT_EQ(gone.at("subject").at("kind").as_string(), "connection");
  EXPECT_FALSE(gone.at("subject").as_object().contains("venue")) << "a deleted connection";
  EXPECT_EQ(ByKey(alerts, "m").at("subject").at("kind").as_string(), "hand_entered");
}

}  // namespace
}  // namespace baro::web

// The scale-out deployment end to end: one PostgreSQL database (a real server started by the test),
// and the roles as separate processes of the real binary, as on several machines: the API, two
// workers and the notifier. Sign up, link Telegram, enter a position, move the mark near
// liquidation: exactly one alert, however the two workers share the checks. With many monitors,
// both workers do checks: each one's own /metrics (metrics.listen) counts them.
#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>
#include <iostream>
#include <set>

#include "app/api_session.h"
#include "app/e2e_setup.h"
#include "net/http_client.h"
#include "support/child.h"
#include "support/postgres_server.h"
#include "support/temp_dir.h"

namespace baro {
namespace {

using namespace std::chrono_literals;
using testing::ApiSession;
using testing::WaitUntil;
constexpr char kBotToken[] = "4242:scale-out-bot-token";
constexpr std::int64_t kChat = 770001;

// baro_checks_total from a worker's /metrics, or -1.
double ChecksDone(const std::string& metrics_url) {
  net::HttpClient http;
  auto url = net::ParseUrl(metrics_url.substr(0, metrics_url.rfind("/metrics")));
  if (!url) return -1;
  auto res = http.Send(*url, {"GET", "/metrics"});
  if (!res || res->status != 200) return -1;
  const std::string needle = "\nbaro_checks_total ";
  const auto at = res->body.find(needle);
  if (at == std::string::npos) return 0;
  return std::stod(res->body.substr(at + needle.size()));
}

bool PostgresRequired() {
  const char* v = std::getenv("BARO_REQUIRE_POSTGRES");
  return v != nullptr && std::string_view(v) == "1";
}

TEST(ScaleOutE2E, ApiTwoWorkersAndANotifierShareOnePostgres) {
  auto& server = testing::PostgresServer::Shared();
  if (!server.ok()) {
    if (PostgresRequired()) FAIL() << server.why_not();
    GTEST_SKIP() << server.why_not();
  }
  testing::TempDir dir;
  testing::E2eFakes fakes(kBotToken);
  ASSERT_TRUE(fakes.Start());
  auto& telegram = fakes.telegram;
  auto& binance = fakes.binance;
  binance.SetMark("BTCUSDT", 100000);
  auto env = fakes.Environment(dir.File("data"));
  env["BARO_DATABASE_URL"] = server.NewDatabase();
  env["BARO_METRICS_LISTEN"] = "127.0.0.1:0";
  env["BARO_AUTH_SIGNUP_MAX_ATTEMPTS"] = "100";
  ASSERT_EQ(testing::RunToEnd({BARO_BINARY, "migrate"}, env).first, 0);
  ASSERT_EQ(testing::RunToEnd({BARO_BINARY, "keys", "init"}, env).first, 0);

  testing::Child api({BARO_BINARY, "api"}, env, dir.File("api.log"));
  auto line = api.WaitForLine("Baro API is running at ", 30s);
  ASSERT_TRUE(line.has_value()) << testing::ReadFile(dir.File("api.log"));
  testing::Child worker_a({BARO_BINARY, "worker"}, env, dir.File("worker-a.log"));
  testing::Child worker_b({BARO_BINARY, "worker"}, env, dir.File("worker-b.log"));
  auto metrics_a = worker_a.WaitForLine("Baro metrics at ", 30s);
  auto metrics_b = worker_b.WaitForLine("Baro metrics at ", 30s);
  ASSERT_TRUE(metrics_a && metrics_b)
      << testing::ReadFile(dir.File("worker-a.log")) << testing::ReadFile(dir.File("worker-b.log"));
  const std::string url_a = metrics_a->substr(metrics_a->find("http://"));
  const std::string url_b = metrics_b->substr(metrics_b->find("http://"));
  testing::Child notifier({BARO_BINARY, "notifier"}, env, dir.File("notifier.log"));
  auto logs = [&] {
    std::string out;
    for (const char* f : {"api.log", "worker-a.log", "worker-b.log", "notifier.log"}) {
      out += std::string("--- ") + f + " ---\n" + testing::ReadFile(dir.File(f));
    }
    return out;
  };

  ApiSession session(line->substr(line->find("http://")));
  int status = 0;
  ASSERT_TRUE(testing::SignUpPremiumLinked(session, "scale@example.com", env, telegram, kChat))
      << logs();

  session.Call(
      "POST", "/api/v1/manual-positions",
      R"({"venue":"binance","symbol":"BTCUSDT","side":"long","entry_price":100000,"size":0.1,"leverage":3})",
      &status);
  ASSERT_EQ(status, 201);
  ASSERT_TRUE(WaitUntil(
      [&] {
        auto v = session.Call("GET", "/api/v1/positions");
        return !v.as_object().at("positions").as_array().empty();
      },
      20s))
      << logs();
  binance.SetMark("BTCUSDT", 68000);
  ASSERT_TRUE(telegram.WaitForSent(2, 20s)) << logs();
  // Several more checks by either worker: the same level is not announced again.
  std::int64_t seen = 0;
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(WaitUntil(
        [&] {
          auto v = session.Call("GET", "/api/v1/positions");
          const auto at =
              v.as_object().at("positions").as_array()[0].as_object().at("observed_at").as_int64();
          if (at <= seen) return false;
          seen = at;
          return true;
        },
        20s));
  }
  const auto sent = telegram.SentTo(kChat);
  ASSERT_EQ(sent.size(), 2u) << logs();
  EXPECT_NE(sent[1].text.find("BTCUSDT"), std::string::npos);
  // One alert record per signal that fired (all in that one message), none twice.
  std::multiset<std::string> signals;
  const auto alerts = session.Call("GET", "/api/v1/alerts");
  for (const auto& a : alerts.as_object().at("alerts").as_array()) {
    signals.insert(std::string(a.as_object().at("signal").as_string()));
  }
  EXPECT_FALSE(signals.empty());
  EXPECT_EQ(signals.count("liquidation"), 1u);
  for (const auto& s : signals) EXPECT_EQ(signals.count(s), 1u) << s << " recorded twice";

  // Many monitors (one per user with hand-entered positions), checked every second: both workers
  // take a share, and each one's own metrics show it.
  const double before_a = ChecksDone(url_a), before_b = ChecksDone(url_b);
  ASSERT_GE(before_a, 0);
  ASSERT_GE(before_b, 0);
  std::vector<std::unique_ptr<ApiSession>> others;
  for (int i = 0; i < 12; ++i) {
    const std::string email = "many" + std::to_string(i) + "@example.com";
    auto other = std::make_unique<ApiSession>(line->substr(line->find("http://")));
    ASSERT_TRUE(testing::SignUp(*other, email));
    ASSERT_TRUE(testing::GrantPremium(email, env));
    other->Call(
        "POST", "/api/v1/manual-positions",
        R"({"venue":"binance","symbol":"BTCUSDT","side":"long","entry_price":100000,"size":0.01,"leverage":2})",
        &status);
    ASSERT_EQ(status, 201);
    others.push_back(std::move(other));
  }
  EXPECT_TRUE(WaitUntil(
      [&] { return ChecksDone(url_a) >= before_a + 10 && ChecksDone(url_b) >= before_b + 10; },
      30s))
      << "worker a: " << ChecksDone(url_a) << " checks, worker b: " << ChecksDone(url_b) << "\n"
      << logs();
  EXPECT_EQ(notifier.Stop(), 0);
  EXPECT_EQ(worker_a.Stop(), 0);
  EXPECT_EQ(worker_b.Stop(), 0);
  EXPECT_EQ(api.Stop(), 0);
}

}  // namespace
}  // namespace baro

// The fetcher's loop-error counter reaches the /metrics of the processes that talk to it: the
// fetcher's health answer carries it, and an importing process sets its own series from it.
#include "fetcher/fetcher_counters.h"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>

#include "fetcher/fetcher_server.h"
#include "fetcher/fetcher_service.h"
#include "metrics/loop_guard.h"
#include "metrics/metrics.h"
#include "support/temp_dir.h"

namespace baro::fetcher {
namespace {

using namespace std::chrono_literals;

// The value of baro_loop_errors_total{loop="fetcher"} in this process's /metrics text, or -1.
double RenderedFetcherErrors() {
  const std::string text = metrics::Default().Render();
  const std::string needle = "baro_loop_errors_total{loop=\"fetcher\"} ";
  const auto at = text.find(needle);
  if (at == std::string::npos) return -1;
  return std::stod(text.substr(at + needle.size()));
}

TEST(FetcherCounters, TheHealthAnswerCarriesTheLoopErrors) {
  FetcherService service(nullptr, {}, {});
  auto before = service.Handle("health", {});
  ASSERT_TRUE(before.ok());
  const double count = metrics::LoopErrors("fetcher");
  ASSERT_NE(before->as_object().if_contains("loop_errors"), nullptr);
  EXPECT_EQ(before->as_object().at("loop_errors").to_number<double>(), count);
  // One unit of the fetcher's work throws: the next answer counts it.
  metrics::RunGuarded("fetcher", [] { throw std::runtime_error("one bad request"); });
  auto after = service.Handle("health", {});
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->as_object().at("loop_errors").to_number<double>(), count + 1);
}

// A fetcher in another process reports its count; this process's /metrics shows that count
// (set, not added: the other process owns the counter), refreshed at every render.
TEST(FetcherCounters, AnotherProcessesCountIsShownAtEveryRender) {
  testing::TempDir dir;
  std::atomic<int> reported{7};
  FetcherServer server(
      dir.File("f.sock"),
      [&](std::string_view op, const boost::json::object&) -> Result<boost::json::value> {
        if (op != "health") return MakeError(ErrorCode::kForbidden, "no");
        return boost::json::value(
            boost::json::object{{"status", "ok"}, {"loop_errors", reported.load()}});
      });
  ASSERT_TRUE(server.Start().ok());
  FetcherClient client(dir.File("f.sock"), 2000ms);
  ASSERT_TRUE(ImportFetcherCounters(client).ok());
  EXPECT_EQ(RenderedFetcherErrors(), 7);
  {
    FetcherCountersExport exported(client);
    reported = 9;
    EXPECT_EQ(RenderedFetcherErrors(), 9) << "imported again when /metrics is rendered";
  }
  reported = 11;
  EXPECT_EQ(RenderedFetcherErrors(), 9) << "no longer imported once the export is gone";
  server.Stop();
  // A fetcher that cannot be reached: an error, and the last count stays.
  EXPECT_FALSE(ImportFetcherCounters(client).ok());
  EXPECT_EQ(RenderedFetcherErrors(), 9);
}

// Each egress address's budget per venue, from the fetcher's health answer, becomes three gauges.
TEST(FetcherCounters, EachAddresssBudgetIsShownAsGauges) {
  testing::TempDir dir;
  FetcherServer server(
      dir.File("f.sock"),
      [&](std::string_view op, const boost::json::object&) -> Result<boost::json::value> {
        if (op != "health") return MakeError(ErrorCode::kForbidden, "no");
        return boost::json::value(boost::json::object{
            {"status", "ok"},
            {"loop_errors", 0},
            {"budgets", boost::json::array{boost::json::object{{"address", "192.0.2.7"},
                                                               {"venue", "binance"},
                                                               {"used", 22},
                                                               {"limit", 1800},
                                                               {"window_ms", 60000},
                                                               {"banned_for_ms", 1500}}}}});
      });
  ASSERT_TRUE(server.Start().ok());
  FetcherClient client(dir.File("f.sock"), 2000ms);
  ASSERT_TRUE(ImportFetcherCounters(client).ok());
  const std::string text = metrics::Default().Render();
  EXPECT_NE(text.find("baro_egress_budget_used{address=\"192.0.2.7\",venue=\"binance\"} 22"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("baro_egress_budget_limit{address=\"192.0.2.7\",venue=\"binance\"} 1800"),
            std::string::npos);
  EXPECT_NE(text.find("baro_egress_banned_seconds{address=\"192.0.2.7\",venue=\"binance\"} 1.5"),
            std::string::npos);
  server.Stop();
}

}  // namespace
}  // namespace baro::fetcher

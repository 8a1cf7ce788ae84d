#include "metrics/metrics.h"

#include <gtest/gtest.h>

#include <thread>

namespace baro::metrics {
namespace {

TEST(Metrics, RendersPrometheusTextFormat) {
  Registry r;
  r.Counter("baro_checks_total", "Checks run.", {"venue", "outcome"})
      .With({"binance", "ok"})
      .Add(2);
  r.Gauge("baro_up", "Process is up.").With().Set(1);
  std::string text = r.Render();
  EXPECT_NE(text.find("# TYPE baro_checks_total counter\n"), std::string::npos);
  EXPECT_NE(text.find("baro_checks_total{venue=\"binance\",outcome=\"ok\"} 2\n"),
            std::string::npos);
  EXPECT_NE(text.find("# TYPE baro_up gauge\nbaro_up 1\n"), std::string::npos);
}

// Buckets are cumulative, an observation equal to a bound falls in that bound's bucket (le: less
// than or equal), and +Inf holds every one (Prometheus exposition format, "Histograms and
// summaries": https://prometheus.io/docs/instrumenting/exposition_formats/).
TEST(Metrics, RendersAHistogram) {
  Registry r;
  auto& h = r.Histogram("baro_t_seconds", "Time.", {0.25, 1});
  h.Observe(0.125);
  h.Observe(0.25);
  h.Observe(0.5);
  h.Observe(7);
  EXPECT_EQ(&h, &r.Histogram("baro_t_seconds", "Time.", {0.25, 1})) << "one per name";
  const std::string text = r.Render();
  EXPECT_NE(text.find("# TYPE baro_t_seconds histogram\n"
                      "baro_t_seconds_bucket{le=\"0.25\"} 2\n"
                      "baro_t_seconds_bucket{le=\"1\"} 3\n"
                      "baro_t_seconds_bucket{le=\"+Inf\"} 4\n"
                      "baro_t_seconds_sum 7.875\n"  // 0.125 + 0.25 + 0.5 + 7
                      "baro_t_seconds_count 4\n"),
            std::string::npos)
      << text;
  EXPECT_EQ(h.Count(), 4u);
}

TEST(Metrics, CountersAreSafeAcrossThreads) {
  Registry r;
  auto& s = r.Counter("c", "c").With();
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 10000; ++i) s.Add();
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(s.Value(), 40000);
}

TEST(Metrics, LabelValuesAreEscaped) {
  Registry r;
  r.Counter("e", "e", {"l"}).With({"a\"b\\c"}).Add();
  EXPECT_NE(r.Render().find(R"(e{l="a\"b\\c"} 1)"), std::string::npos);
}

TEST(Metrics, HistogramBucketsAreCumulativeWithInclusiveUpperBounds) {
  Registry r;
  auto& h = r.Histogram("baro_check_duration_seconds", "Check duration.", {0.1, 0.005, 1});
  // Hand count: 0.003 and 0.005 (on the bound: "le" is inclusive) fall in le=0.005; 0.2 in le=1;
  // 50 only in +Inf. Cumulative: 2, 2, 3, 4; sum 50.208.
  for (double v : {0.003, 0.005, 0.2, 50.0}) h.Observe(v);
  const std::string text = r.Render();
  EXPECT_NE(text.find("# TYPE baro_check_duration_seconds histogram\n"
                      "baro_check_duration_seconds_bucket{le=\"0.005\"} 2\n"
                      "baro_check_duration_seconds_bucket{le=\"0.1\"} 2\n"
                      "baro_check_duration_seconds_bucket{le=\"1\"} 3\n"
                      "baro_check_duration_seconds_bucket{le=\"+Inf\"} 4\n"
                      "baro_check_duration_seconds_sum 50.208\n"
                      "baro_check_duration_seconds_count 4\n"),
            std::string::npos)
      << text;
  // The same name gives the same histogram; its buckets stay those it was made with.
  EXPECT_EQ(&r.Histogram("baro_check_duration_seconds", "x", {7}), &h);
}

}  // namespace
}  // namespace baro::metrics

// Process metrics in the Prometheus text exposition format (served at /metrics). Counters and
// gauges with fixed label sets, and histograms with fixed buckets; label values must never carry
// secrets or user data (venue names, status classes and outcomes only).
// Format: https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace baro::metrics {

class Series {
 public:
  void Add(double v = 1) {
    double cur = value_.load();
    while (!value_.compare_exchange_weak(cur, cur + v)) {
    }
  }
  void Set(double v) { value_.store(v); }
  double Value() const { return value_.load(); }

 private:
  std::atomic<double> value_{0};
};

enum class Kind { kCounter, kGauge };

// A histogram without labels: cumulative counts per upper bound (`le`), plus +Inf, sum and count.
// The buckets are fixed when it is created, so its memory never grows.
class Histogram {
 public:
  Histogram(std::string name, std::string help, std::vector<double> upper_bounds);
  void Observe(double v);
  void Render(std::string& out) const;
  std::uint64_t Count() const;  // observations so far

 private:
  std::string name_, help_;
  std::vector<double> bounds_;  // ascending
  std::unique_ptr<std::atomic<std::uint64_t>[]>
      counts_;  // per bucket, not cumulative; last is +Inf
  Series sum_;
};

class Family {
 public:
  Family(std::string name, std::string help, Kind kind, std::vector<std::string> label_names);
  // The series for these label values (in the order of the label names); created on first use.
  Series& With(const std::vector<std::string>& label_values = {});
  void Render(std::string& out) const;

 private:
  std::string name_, help_;
  Kind kind_;
  std::vector<std::string> label_names_;
  mutable std::mutex mu_;
  std::map<std::vector<std::string>, std::unique_ptr<Series>> series_;
};

class Registry {
 public:
  Family& Counter(const std::string& name, const std::string& help,
                  std::vector<std::string> labels = {});
  Family& Gauge(const std::string& name, const std::string& help,
                std::vector<std::string> labels = {});
  // The same histogram for the same name; `upper_bounds` are used when it is first created.
  metrics::Histogram& Histogram(const std::string& name, const std::string& help,
                                std::vector<double> upper_bounds);
  // Runs every collector, then renders. A collector refreshes series whose values live elsewhere
  // (another process's counters) just before they are read.
  std::string Render() const;
  // Adds `collect` to run before each Render; the returned id removes it. RemoveCollector waits for
  // a collection in progress, so what `collect` uses may be freed once it returns.
  int AddCollector(std::function<void()> collect);
  void RemoveCollector(int id);

 private:
  Family& Get(const std::string& name, const std::string& help, Kind kind,
              std::vector<std::string> labels);
  mutable std::mutex mu_;
  std::map<std::string, std::unique_ptr<Family>> families_;
  std::map<std::string, std::unique_ptr<metrics::Histogram>> histograms_;
  mutable std::mutex collect_mu_;  // held while collectors run; never taken under mu_
  std::map<int, std::function<void()>> collectors_;
  int next_collector_ = 0;
};

Registry& Default();  // the process-wide registry

}  // namespace baro::metrics

#include "metrics/metrics.h"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace baro::metrics {
namespace {
std::string Escape(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out.push_back('\\');
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out.push_back(c);
  }
  return out;
}
std::string Number(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  // Shortest text that reads back as the same double (0.005, not 0.0050000000000000001).
  char buf[64];
  const auto end = std::to_chars(buf, buf + sizeof buf, v).ptr;
  return std::string(buf, end);
}
}  // namespace

Family::Family(std::string name, std::string help, Kind kind, std::vector<std::string> labels)
    : name_(std::move(name)),
      help_(std::move(help)),
      kind_(kind),
      label_names_(std::move(labels)) {}

Series& Family::With(const std::vector<std::string>& values) {
  std::lock_guard lock(mu_);
  auto& slot = series_[values];
  if (!slot) slot = std::make_unique<Series>();
  return *slot;
}

void Family::Render(std::string& out) const {
  out += "# HELP " + name_ + " " + help_ + "\n";
  out += "# TYPE " + name_ + (kind_ == Kind::kCounter ? " counter\n" : " gauge\n");
  std::lock_guard lock(mu_);
  for (const auto& [values, series] : series_) {
    out += name_;
    if (!label_names_.empty()) {
      out += "{";
      for (std::size_t i = 0; i < label_names_.size() && i < values.size(); ++i) {
        if (i > 0) out += ",";
        out += label_names_[i] + "=\"" + Escape(values[i]) + "\"";
      }
      out += "}";
    }
    out += " " + Number(series->Value()) + "\n";
  }
}

Histogram::Histogram(std::string name, std::string help, std::vector<double> upper_bounds)
    : name_(std::move(name)),
      help_(std::move(help)),
      bounds_(std::move(upper_bounds)),
      counts_(new std::atomic<std::uint64_t>[bounds_.size() + 1]) {
  std::sort(bounds_.begin(), bounds_.end());
  for (std::size_t i = 0; i <= bounds_.size(); ++i) counts_[i].store(0);
}

void Histogram::Observe(double v) {
  // The first bucket whose upper bound is >= v ("le" is inclusive); beyond the last, +Inf.
  const auto at = std::lower_bound(bounds_.begin(), bounds_.end(), v) - bounds_.begin();
  counts_[static_cast<std::size_t>(at)].fetch_add(1, std::memory_order_relaxed);
  sum_.Add(v);
}

std::uint64_t Histogram::Count() const {
  std::uint64_t n = 0;
  for (std::size_t i = 0; i <= bounds_.size(); ++i) n += counts_[i].load(std::memory_order_relaxed);
  return n;
}

void Histogram::Render(std::string& out) const {
  out += "# HELP " + name_ + " " + help_ + "\n";
  out += "# TYPE " + name_ + " histogram\n";
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i <= bounds_.size(); ++i) {
    cumulative += counts_[i].load(std::memory_order_relaxed);
    const std::string le = i < bounds_.size() ? Number(bounds_[i]) : "+Inf";
    out += name_ + "_bucket{le=\"" + le + "\"} " + std::to_string(cumulative) + "\n";
  }
  out += name_ + "_sum " + Number(sum_.Value()) + "\n";
  out += name_ + "_count " + std::to_string(cumulative) + "\n";
}

Histogram& Registry::Histogram(const std::string& name, const std::string& help,
                               std::vector<double> upper_bounds) {
  std::lock_guard lock(mu_);
  auto& slot = histograms_[name];
  if (!slot) slot = std::make_unique<metrics::Histogram>(name, help, std::move(upper_bounds));
  return *slot;
}

Family& Registry::Get(const std::string& name, const std::string& help, Kind kind,
                      std::vector<std::string> labels) {
  std::lock_guard lock(mu_);
  auto& slot = families_[name];
  if (!slot) slot = std::make_unique<Family>(name, help, kind, std::move(labels));
  return *slot;
}

Family& Registry::Counter(const std::string& name, const std::string& help,
                          std::vector<std::string> labels) {
  return Get(name, help, Kind::kCounter, std::move(labels));
}

Family& Registry::Gauge(const std::string& name, const std::string& help,
                        std::vector<std::string> labels) {
  return Get(name, help, Kind::kGauge, std::move(labels));
}

int Registry::AddCollector(std::function<void()> collect) {
  std::lock_guard lock(collect_mu_);
  collectors_.emplace(next_collector_, std::move(collect));
  return next_collector_++;
}

void Registry::RemoveCollector(int id) {
  std::lock_guard lock(collect_mu_);
  collectors_.erase(id);
}

std::string Registry::Render() const {
  {
    std::lock_guard collecting(collect_mu_);
    for (const auto& [id, collect] : collectors_) collect();
  }
  std::string out;
  std::lock_guard lock(mu_);
  for (const auto& [name, family] : families_) family->Render(out);
  for (const auto& [name, histogram] : histograms_) histogram->Render(out);
  return out;
}

Registry& Default() {
  static Registry* r = new Registry();
  return *r;
}

}  // namespace baro::metrics

#include "metrics/metrics.h"

#include <cmath>
#include <sstream>

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
  std::ostringstream ss;
  ss.precision(17);
  ss << v;
  return ss.str();
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

Histogram::Histogram(std::string name, std::string help, std::vector<double> bounds)
    : name_(std::move(name)),
      help_(std::move(help)),
      bounds_(std::move(bounds)),
      in_bucket_(bounds_.size() + 1, 0) {}

void Histogram::Observe(double value) {
  std::size_t i = 0;
  while (i < bounds_.size() && value > bounds_[i]) ++i;
  std::lock_guard lock(mu_);
  ++in_bucket_[i];
  sum_ += value;
  ++count_;
}

std::uint64_t Histogram::Count() const {
  std::lock_guard lock(mu_);
  return count_;
}

void Histogram::Render(std::string& out) const {
  out += "# HELP " + name_ + " " + help_ + "\n";
  out += "# TYPE " + name_ + " histogram\n";
  std::lock_guard lock(mu_);
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i <= bounds_.size(); ++i) {
    cumulative += in_bucket_[i];
    std::ostringstream le;  // shortest form (6 significant digits): "0.005", not 0.00500...01
    if (i < bounds_.size()) {
      le << bounds_[i];
    } else {
      le << "+Inf";
    }
    out += name_ + "_bucket{le=\"" + le.str() + "\"} " + std::to_string(cumulative) + "\n";
  }
  out += name_ + "_sum " + Number(sum_) + "\n";
  out += name_ + "_count " + std::to_string(count_) + "\n";
}

Histogram& Registry::Histogram(const std::string& name, const std::string& help,
                               std::vector<double> bounds) {
  std::lock_guard lock(mu_);
  auto& slot = histograms_[name];
  if (!slot) slot = std::make_unique<metrics::Histogram>(name, help, std::move(bounds));
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

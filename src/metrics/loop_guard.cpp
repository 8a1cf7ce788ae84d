#include "metrics/loop_guard.h"

#include <exception>
#include <typeinfo>

#include "log/logger.h"
#include "metrics/metrics.h"

namespace baro::metrics {
namespace {

Family& Errors() {
  static auto& family = Default().Counter(
      "baro_loop_errors_total", "Units of work of a long-running loop that ended in an exception.",
      {"loop"});
  return family;
}

void Record(const std::string& loop, const std::string& type, const std::string& what) {
  Errors().With({loop}).Add();
  log::Error("loop.unit_failed", {{"loop", loop}, {"exception", type}, {"what", what}});
}

}  // namespace

bool RunGuarded(const std::string& loop, const std::function<void()>& unit) {
  try {
    unit();
    return true;
  } catch (const std::exception& e) {
    Record(loop, typeid(e).name(), e.what());
  } catch (...) {
    Record(loop, "unknown", "");
  }
  return false;
}

double LoopErrors(const std::string& loop) {
  return Errors().With({loop}).Value();
}

void SetLoopErrors(const std::string& loop, double count) {
  Errors().With({loop}).Set(count);
}

}  // namespace baro::metrics

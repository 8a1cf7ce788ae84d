#include "store/records.h"

namespace baro::store {

std::string_view ToString(Plan plan) {
  return plan == Plan::kPremium ? "premium" : "free";
}

std::optional<Plan> PlanFromString(std::string_view s) {
  if (s == "premium") return Plan::kPremium;
  if (s == "free") return Plan::kFree;
  return std::nullopt;
}

}  // namespace baro::store

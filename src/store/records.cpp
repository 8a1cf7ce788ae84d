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

std::string_view ToString(AlertDelivery delivery) {
  switch (delivery) {
    case AlertDelivery::kNotSent:
      return "not_sent";
    case AlertDelivery::kPending:
      return "pending";
    case AlertDelivery::kSent:
      return "sent";
    case AlertDelivery::kSentSilently:
      return "sent_silently";
    case AlertDelivery::kFailed:
      return "failed";
    case AlertDelivery::kUnknown:
      break;
  }
  return "unknown";
}

}  // namespace baro::store

// Assess: the risk figures of every observed position, judged on its thresholds. Pure: the same
// observation gives the same figures, so a scheduled check and a re-assessment on a new mark
// price share it. A venue that reports no liquidation price for a cross position gets an estimate
// that counts the other positions of the same cross account (risk/cross_margin.h).
#pragma once

#include <vector>

#include "risk/assessment.h"
#include "risk/thresholds.h"
#include "worker/observation.h"

namespace baro::worker {

struct AssessedPosition {
  const ObservedPosition* observed = nullptr;  // into the Observation assessed
  Position position;            // as observed, with Baro's cross estimate when there is one
  risk::Thresholds thresholds;  // user's, then connection's, then position's own
  risk::PositionRisk risk;
};

// One entry per observation.positions, in the same order. `defaults` are the configured
// thresholds the user's own overrides apply to.
std::vector<AssessedPosition> AssessAll(const Observation& observation,
                                        const risk::Thresholds& defaults);

}  // namespace baro::worker

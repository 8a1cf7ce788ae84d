#include "metrics/loop_guard.h"

#include <gtest/gtest.h>

#include <stdexcept>

#include "core/result.h"
#include "metrics/metrics.h"

namespace baro::metrics {
namespace {

TEST(LoopGuard, AThrowingUnitIsCountedAndReportedAndTheCallerGoesOn) {
  int ran = 0;
  EXPECT_TRUE(RunGuarded("guard_test", [&] { ++ran; }));
  EXPECT_FALSE(RunGuarded("guard_test", [] {
    Result<int> missing = MakeError(ErrorCode::kNotFound, "gone");
    (void)missing.value();
  }));
  EXPECT_FALSE(RunGuarded("guard_test", [] { throw 42; }));  // not even a std::exception
  EXPECT_TRUE(RunGuarded("guard_test", [&] { ++ran; }));
  EXPECT_EQ(ran, 2);
  EXPECT_EQ(LoopErrors("guard_test"), 2);
  EXPECT_NE(Default().Render().find("baro_loop_errors_total{loop=\"guard_test\"} 2"),
            std::string::npos)
      << Default().Render();
}

}  // namespace
}  // namespace baro::metrics

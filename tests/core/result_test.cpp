// Reading the wrong side of a Result is a bug; it throws BadResultAccess in every build type (no
// assert that vanishes in Release, no std::bad_variant_access that names nothing), so a loop's
// last-resort handler can log what was read and go on.
#include "core/result.h"

#include <gtest/gtest.h>

namespace baro {
namespace {

TEST(Result, ValueOfAnErrorThrowsAClearException) {
  Result<int> r = MakeError(ErrorCode::kNotFound, "no such monitor");
  try {
    (void)r.value();
    FAIL() << "value() of an error returned";
  } catch (const BadResultAccess& e) {
    EXPECT_STREQ(e.what(), "Result::value() read on an error: not_found: no such monitor");
  }
  EXPECT_THROW((void)*r, BadResultAccess);
  EXPECT_THROW((void)std::move(r).value(), BadResultAccess);
}

TEST(Result, ErrorOfAValueThrows) {
  Result<int> r = 7;
  EXPECT_EQ(*r, 7);
  EXPECT_THROW((void)r.error(), BadResultAccess);
  Status ok;
  EXPECT_THROW((void)ok.error(), BadResultAccess);
  Status failed = MakeError(ErrorCode::kInternal, "x");
  EXPECT_EQ(failed.error().message, "x");
}

}  // namespace
}  // namespace baro

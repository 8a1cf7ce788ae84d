// Times that venues send as JSON numbers (Unix milliseconds or seconds) turned into integers
// safely: a value that is not finite or lies outside int64 is no time at all, never undefined
// behaviour in the conversion.
#pragma once

#include <cmath>
#include <cstdint>
#include <optional>

namespace baro {

inline std::optional<std::int64_t> WholeTime(std::optional<double> value) {
  // 2^63 is exactly representable as a double; every double below it fits in int64.
  constexpr double kLimit = 9223372036854775808.0;
  if (!value || !std::isfinite(*value) || *value >= kLimit || *value < -kLimit) return std::nullopt;
  return static_cast<std::int64_t>(*value);
}

}  // namespace baro

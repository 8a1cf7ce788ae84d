// What the fuzz targets share: turning libFuzzer's bytes into the parsers' arguments. Seeds are raw
// recorded bodies; a NUL byte splits an input into a first and a second argument (for parsers that
// read two answers together), so a seed without one feeds the first argument alone.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <utility>

namespace baro::fuzz {

inline std::string_view AsText(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// {before the first NUL, after it}; the second is empty when there is none.
inline std::pair<std::string_view, std::string_view> SplitAtNul(std::string_view input) {
  const auto nul = input.find('\0');
  if (nul == std::string_view::npos) return {input, {}};
  return {input.substr(0, nul), input.substr(nul + 1)};
}

}  // namespace baro::fuzz

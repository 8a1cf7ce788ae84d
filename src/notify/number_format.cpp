#include "notify/number_format.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/venue.h"

namespace baro::notify {

namespace {

// Inserts thousands separators into a number printed by printf ("-1234567.25").
std::string Grouped(std::string s) {
  if (s.starts_with("-") && s.find_first_not_of("0.", 1) == std::string::npos) {
    s.erase(0, 1);
  }
  const std::size_t sign = s.front() == '-' ? 1 : 0;
  std::size_t end = s.find('.');
  if (end == std::string::npos) end = s.size();
  for (std::size_t i = end; i > sign + 3; i -= 3) s.insert(i - 3, ",");
  return s;
}

}  // namespace

std::string FormatNumber(double value, int max_decimals) {
  if (!std::isfinite(value)) return "—";
  char buf[400];
  std::snprintf(buf, sizeof buf, "%.*f", max_decimals, value);
  std::string s = buf;
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  return Grouped(std::move(s));
}

std::string FormatPrice(double value) {
  const double a = std::abs(value);
  return FormatNumber(value, a >= 1000 ? 2 : a >= 1 ? 4 : 8);
}

namespace {

// The decimals a tick has: 0.1 -> 1, 0.05 -> 2, 1 -> 0, 5e-05 -> 5 (at most 12).
int DecimalsOf(double tick) {
  int d = 0;
  double scaled = tick;
  while (d < 12 && std::abs(scaled - std::round(scaled)) > 1e-9 * std::max(1.0, scaled)) {
    scaled *= 10;
    ++d;
  }
  return d;
}

std::string Fixed(double value, int decimals) {
  char buf[400];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
  return Grouped(buf);
}

}  // namespace

std::string FormatPriceAt(double value, const PricePrecision& precision) {
  if (!std::isfinite(value)) return "—";
  if (precision.tick > 0) {
    const int decimals = DecimalsOf(precision.tick);
    return Fixed(std::round(value / precision.tick) * precision.tick, decimals);
  }
  if (precision.max_decimals >= 0) {
    int decimals = precision.max_decimals;
    if (precision.significant > 0 && value != 0) {
      // Digits before the decimal point (0 or fewer below 1): 97250 -> 5, 0.01234 -> -1.
      const int int_digits = static_cast<int>(std::floor(std::log10(std::abs(value)))) + 1;
      decimals = std::min(decimals, std::max(0, precision.significant - int_digits));
    }
    // Halves away from zero, as on the tick path (printf alone would round 82,450.5 to even).
    const double scale = std::pow(10.0, decimals);
    return Fixed(std::round(value * scale) / scale, decimals);
  }
  return FormatPrice(value);
}

std::string FormatSigned(double value) {
  std::string s = FormatNumber(value, 2);
  if (s != "0" && s.front() != '-' && std::isfinite(value)) s.insert(0, "+");
  return s;
}

std::string FormatPercent(double fraction) {
  if (!std::isfinite(fraction)) return "—";
  char buf[400];
  std::snprintf(buf, sizeof buf, "%.2f", fraction * 100);
  return Grouped(buf) + "%";
}

std::string FormatLeverage(double leverage) {
  if (std::isinf(leverage)) return "∞x";
  return FormatNumber(leverage, 2) + "x";
}

std::string VenueDisplayName(std::string_view venue_id) {
  auto venue = VenueFromString(venue_id);
  return venue ? std::string(DisplayName(*venue)) : std::string(venue_id);
}

}  // namespace baro::notify

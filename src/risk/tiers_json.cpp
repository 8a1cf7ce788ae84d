#include "risk/tiers_json.h"

#include <boost/json.hpp>

namespace baro::risk {

boost::json::value TiersToJson(const std::vector<Tier>& tiers) {
  boost::json::array out;
  for (const auto& t : tiers) {
    out.push_back(boost::json::array{t.notional_floor, t.notional_cap, t.mmr, t.deduction});
  }
  return out;
}

std::optional<std::vector<Tier>> TiersFromJson(const boost::json::value& v) {
  if (!v.is_array()) return std::nullopt;
  std::vector<Tier> out;
  for (const auto& row : v.as_array()) {
    if (!row.is_array() || row.as_array().size() != 4) return std::nullopt;
    double n[4];
    for (std::size_t i = 0; i < 4; ++i) {
      const auto& x = row.as_array()[i];
      if (!x.is_number()) return std::nullopt;
      n[i] = x.is_double()  ? x.as_double()
             : x.is_int64() ? static_cast<double>(x.as_int64())
                            : static_cast<double>(x.as_uint64());
    }
    out.push_back(Tier{n[0], n[1], n[2], n[3]});
  }
  return out;
}

}  // namespace baro::risk

#include "exchanges/gate/gate_market.h"

#include <algorithm>

#include "core/json_util.h"
#include "exchanges/public_market.h"

namespace baro::exchanges::gate {

Result<std::vector<market::Instrument>> ParseContractMarks(std::string_view body) {
  auto parsed = json::Parse(body);
  if (!parsed) return parsed.error();
  if (!parsed->is_array()) return MakeError(ErrorCode::kUnavailable, "gate: contracts unavailable");
  std::vector<market::Instrument> out;
  for (const auto& item : parsed->as_array()) {
    market::Instrument inst;
    inst.symbol = json::GetString(item, "name").value_or("");
    auto mark = json::GetNumber(item, "mark_price");
    const auto underscore = inst.symbol.find('_');
    if (!mark || *mark <= 0 || underscore == std::string::npos) continue;
    inst.base = inst.symbol.substr(0, underscore);
    inst.quote = inst.symbol.substr(underscore + 1);
    inst.mark_price = *mark;
    inst.max_leverage = json::GetNumber(item, "leverage_max").value_or(0);
    inst.maintenance_margin_rate = json::GetNumber(item, "maintenance_rate");
    // "order_price_round: Minimum order price increment"
    // (https://www.gate.com/docs/developers/apiv4/en/#list-all-futures-contracts).
    inst.price_tick = std::max(0.0, json::GetNumber(item, "order_price_round").value_or(0));
    out.push_back(std::move(inst));
  }
  return out;
}

Result<std::vector<market::Instrument>> LoadInstruments(PublicLink& http, const net::Url& base) {
  auto res = http.Send(base, {"GET", "/api/v4/futures/usdt/contracts"});
  if (!res) return res.error();
  if (res->status != 200) return PublicReadError("gate", res->status);
  return ParseContractMarks(res->body);
}

Result<risk::VenueRiskSpec> ParseTiers(std::string_view body) {
  auto parsed = json::Parse(body);
  if (!parsed) return parsed.error();
  if (!parsed->is_array())
    return MakeError(ErrorCode::kUnavailable, "gate: risk tiers unavailable");
  risk::VenueRiskSpec spec;
  spec.formula_fee_rate = 0.00075;
  double floor = 0;
  for (const auto& item : parsed->as_array()) {
    auto cap = json::GetNumber(item, "risk_limit");
    auto rate = json::GetNumber(item, "maintenance_rate");
    if (!cap || !rate) continue;
    if (spec.tiers.empty()) spec.max_leverage = json::GetNumber(item, "leverage_max").value_or(0);
    spec.tiers.push_back(
        risk::Tier{floor, *cap, *rate, json::GetNumber(item, "deduction").value_or(0)});
    floor = *cap;
  }
  if (spec.tiers.empty())
    return MakeError(ErrorCode::kNotFound, "gate: no tiers for this contract");
  spec.tiers.back().notional_cap = 1e300;
  return spec;
}

Result<risk::VenueRiskSpec> LoadTiers(PublicLink& http, const net::Url& base,
                                      const std::string& symbol) {
  auto res = http.Send(
      base, {"GET", "/api/v4/futures/usdt/risk_limit_tiers?contract=" + net::UrlEncode(symbol)});
  if (!res) return res.error();
  if (res->status != 200) return PublicReadError("gate", res->status);
  return ParseTiers(res->body);
}

}  // namespace baro::exchanges::gate

#include "exchanges/kucoin/kucoin_market.h"

#include <algorithm>

#include "core/json_util.h"
#include "exchanges/public_market.h"

namespace baro::exchanges::kucoin {

Result<std::vector<market::Instrument>> ParseActiveContracts(std::string_view body) {
  auto parsed = json::Parse(body);
  if (!parsed) return parsed.error();
  const auto* data = json::Find(*parsed, "data");
  if (json::GetString(*parsed, "code").value_or("") != "200000" || data == nullptr ||
      !data->is_array())
    return MakeError(ErrorCode::kUnavailable, "kucoin: contracts unavailable");
  std::vector<market::Instrument> out;
  for (const auto& item : data->as_array()) {
    if (json::GetBool(item, "isInverse").value_or(false)) continue;
    market::Instrument inst;
    inst.symbol = json::GetString(item, "symbol").value_or("");
    auto mark = json::GetNumber(item, "markPrice");
    if (!mark || *mark <= 0 || inst.symbol.empty()) continue;
    const std::string base = json::GetString(item, "baseCurrency").value_or("");
    inst.base = base == "XBT" ? "BTC" : base;
    inst.quote = json::GetString(item, "settleCurrency").value_or("USDT");
    inst.mark_price = *mark;
    inst.max_leverage = json::GetNumber(item, "maxLeverage").value_or(0);
    inst.maintenance_margin_rate = json::GetNumber(item, "maintainMargin");
    // tickSize: the contract's smallest price step
    // (https://www.kucoin.com/docs/rest/futures-trading/market-data/get-symbols-list).
    inst.price_tick = std::max(0.0, json::GetNumber(item, "tickSize").value_or(0));
    out.push_back(std::move(inst));
  }
  return out;
}

Result<std::vector<market::Instrument>> LoadInstruments(PublicLink& http, const net::Url& base) {
  auto res = http.Send(base, {"GET", "/api/v1/contracts/active"});
  if (!res) return res.error();
  if (res->status != 200) return PublicReadError("kucoin", res->status);
  return ParseActiveContracts(res->body);
}

Result<risk::VenueRiskSpec> ParseTiers(std::string_view body) {
  auto parsed = json::Parse(body);
  if (!parsed) return parsed.error();
  const auto* data = json::Find(*parsed, "data");
  if (json::GetString(*parsed, "code").value_or("") != "200000" || data == nullptr ||
      !data->is_array())
    return MakeError(ErrorCode::kUnavailable, "kucoin: risk limits unavailable");
  std::vector<std::pair<double, double>> rates;
  risk::VenueRiskSpec spec;
  spec.formula_fee_rate = 0.0006;
  for (const auto& item : data->as_array()) {
    auto start = json::GetNumber(item, "minRiskLimit");
    auto rate = json::GetNumber(item, "maintainMargin");
    if (!start || !rate) continue;
    if (rates.empty()) spec.max_leverage = json::GetNumber(item, "maxLeverage").value_or(0);
    rates.emplace_back(*start, *rate);
  }
  if (rates.empty()) return MakeError(ErrorCode::kNotFound, "kucoin: no tiers for this symbol");
  // The whole position at the tier's rate: no deduction on this venue (docs/risk.md).
  spec.tiers = risk::VenueTiers(Venue::kKucoin, rates);
  return spec;
}

Result<risk::VenueRiskSpec> LoadTiers(PublicLink& http, const net::Url& base,
                                      const std::string& symbol) {
  // KuCoin documents this table as a private endpoint, General permission ("Get Isolated Margin
  // Risk Limit",
  // kucoin.com/docs-new/rest/futures-trading/positions/get-isolated-margin-risk-limit), so the
  // unsigned read may be refused: that refusal is an error of its own (the tier book counts and
  // logs it), never a silent fallback. Its errors: {"code":"400001"...} for missing key headers,
  // 400003 with HTTP 401 (exchanges.md §7.6).
  auto res = http.Send(base, {"GET", "/api/v1/contracts/risk-limit/" + net::UrlEncode(symbol)});
  if (!res) return res.error();
  std::string code;
  if (auto body = json::Parse(res->body)) code = json::GetString(*body, "code").value_or("");
  if (res->status == 401 || res->status == 403 || code.starts_with("40000")) {
    return MakeError(ErrorCode::kUnauthenticated,
                     "kucoin: risk-limit table refused without a signed request (HTTP " +
                         std::to_string(res->status) + (code.empty() ? "" : ", code " + code) +
                         ")");
  }
  if (res->status != 200) return PublicReadError("kucoin", res->status);
  return ParseTiers(res->body);
}

}  // namespace baro::exchanges::kucoin

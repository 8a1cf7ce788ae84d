#include "exchanges/bybit/bybit_market.h"

#include "core/json_util.h"
#include "exchanges/public_market.h"

namespace baro::exchanges::bybit {

Result<std::vector<market::Instrument>> ParseTickers(std::string_view body) {
  auto parsed = json::Parse(body);
  if (!parsed) return parsed.error();
  if (json::GetInt(*parsed, "retCode").value_or(-1) != 0) {
    return MakeError(ErrorCode::kUnavailable,
                     "bybit: tickers answered retCode " +
                         std::to_string(json::GetInt(*parsed, "retCode").value_or(-1)));
  }
  const auto* result = json::Find(*parsed, "result");
  const auto* list = result ? json::Find(*result, "list") : nullptr;
  if (list == nullptr || !list->is_array()) {
    return MakeError(ErrorCode::kBadResponse, "bybit: tickers without a list");
  }
  std::vector<market::Instrument> out;
  for (const auto& item : list->as_array()) {
    market::Instrument inst;
    inst.symbol = json::GetString(item, "symbol").value_or("");
    auto mark = json::GetNumber(item, "markPrice");
    if (inst.symbol.empty() || !mark || *mark <= 0) continue;
    inst.mark_price = *mark;
    for (std::string_view quote : {"USDT", "USDC", "PERP"}) {
      if (inst.symbol.size() > quote.size() && inst.symbol.ends_with(quote)) {
        inst.quote = quote == "PERP" ? "USDC" : std::string(quote);
        inst.base = inst.symbol.substr(0, inst.symbol.size() - quote.size());
        break;
      }
    }
    if (inst.base.empty()) continue;  // dated futures and other non-perpetual symbols
    if (inst.symbol == "BTCUSDT") inst.max_leverage = 100;
    out.push_back(std::move(inst));
  }
  return out;
}

Result<std::vector<market::Instrument>> LoadInstruments(PublicLink& http, const net::Url& base) {
  auto res = http.Send(base, {"GET", "/v5/market/tickers?category=linear"});
  if (!res) return res.error();
  if (res->status != 200) return PublicReadError("bybit", res->status);
  return ParseTickers(res->body);
}

Result<risk::VenueRiskSpec> ParseTiers(std::string_view body) {
  auto parsed = json::Parse(body);
  if (!parsed) return parsed.error();
  const auto* result = json::Find(*parsed, "result");
  const auto* list = result ? json::Find(*result, "list") : nullptr;
  if (json::GetInt(*parsed, "retCode").value_or(-1) != 0 || list == nullptr || !list->is_array())
    return MakeError(ErrorCode::kUnavailable, "bybit: risk limits unavailable");
  std::vector<std::pair<double, double>> rates;
  risk::VenueRiskSpec spec;
  double floor = 0;
  for (const auto& item : list->as_array()) {
    auto cap = json::GetNumber(item, "riskLimitValue");
    auto rate = json::GetNumber(item, "maintenanceMargin");
    if (!cap || !rate) continue;
    rates.emplace_back(floor, *rate);
    floor = *cap;
    if (rates.size() == 1) spec.max_leverage = json::GetNumber(item, "maxLeverage").value_or(0);
  }
  if (rates.empty()) return MakeError(ErrorCode::kNotFound, "bybit: no tiers for this symbol");
  spec.tiers = risk::TiersWithDeductions(rates);
  return spec;
}

Result<risk::VenueRiskSpec> LoadTiers(PublicLink& http, const net::Url& base,
                                      const std::string& symbol) {
  auto res = http.Send(
      base, {"GET", "/v5/market/risk-limit?category=linear&symbol=" + net::UrlEncode(symbol)});
  if (!res) return res.error();
  if (res->status != 200) return PublicReadError("bybit", res->status);
  return ParseTiers(res->body);
}

}  // namespace baro::exchanges::bybit

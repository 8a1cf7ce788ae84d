#include "exchanges/bitget/bitget_market.h"

#include "core/json_util.h"
#include "exchanges/public_market.h"

namespace baro::exchanges::bitget {

Result<std::vector<market::Instrument>> ParseTickers(std::string_view body) {
  auto parsed = json::Parse(body);
  if (!parsed) return parsed.error();
  const auto* data = json::Find(*parsed, "data");
  if (json::GetString(*parsed, "code").value_or("") != "00000" || data == nullptr ||
      !data->is_array())
    return MakeError(ErrorCode::kUnavailable, "bitget: tickers unavailable");
  std::vector<market::Instrument> out;
  for (const auto& item : data->as_array()) {
    market::Instrument inst;
    inst.symbol = json::GetString(item, "symbol").value_or("");
    auto mark = json::GetNumber(item, "markPrice");
    if (!mark || *mark <= 0 || !inst.symbol.ends_with("USDT")) continue;
    inst.base = inst.symbol.substr(0, inst.symbol.size() - 4);
    inst.quote = "USDT";
    inst.mark_price = *mark;
    out.push_back(std::move(inst));
  }
  return out;
}

Result<std::vector<market::Instrument>> LoadInstruments(PublicLink& http, const net::Url& base) {
  auto res = http.Send(base, {"GET", "/api/v2/mix/market/tickers?productType=USDT-FUTURES"});
  if (!res) return res.error();
  if (res->status != 200) return PublicReadError("bitget", res->status);
  return ParseTickers(res->body);
}

Result<risk::VenueRiskSpec> ParseTiers(std::string_view body) {
  auto parsed = json::Parse(body);
  if (!parsed) return parsed.error();
  const auto* data = json::Find(*parsed, "data");
  if (json::GetString(*parsed, "code").value_or("") != "00000" || data == nullptr ||
      !data->is_array())
    return MakeError(ErrorCode::kUnavailable, "bitget: position tiers unavailable");
  std::vector<std::pair<double, double>> rates;
  risk::VenueRiskSpec spec;
  spec.formula_fee_rate = 0.0006;
  for (const auto& item : data->as_array()) {
    auto start = json::GetNumber(item, "startUnit");
    auto rate = json::GetNumber(item, "keepMarginRate");
    if (!start || !rate) continue;
    if (rates.empty()) spec.max_leverage = json::GetNumber(item, "leverage").value_or(0);
    rates.emplace_back(*start, *rate);
  }
  if (rates.empty()) return MakeError(ErrorCode::kNotFound, "bitget: no tiers for this symbol");
  // The whole position at the tier's rate: no deduction on this venue (docs/risk.md).
  spec.tiers = risk::VenueTiers(Venue::kBitget, rates);
  return spec;
}

Result<risk::VenueRiskSpec> LoadTiers(PublicLink& http, const net::Url& base,
                                      const std::string& symbol) {
  auto res = http.Send(
      base, {"GET", "/api/v2/mix/market/query-position-lever?productType=USDT-FUTURES&symbol=" +
                        net::UrlEncode(symbol)});
  if (!res) return res.error();
  if (res->status != 200) return PublicReadError("bitget", res->status);
  return ParseTiers(res->body);
}

}  // namespace baro::exchanges::bitget

#include "exchanges/kucoin/kucoin_market.h"

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
    out.push_back(std::move(inst));
  }
  return out;
}

Result<std::vector<market::Instrument>> LoadInstruments(net::HttpClient& http,
                                                        const net::Url& base) {
  auto res = http.Send(base, {"GET", "/api/v1/contracts/active"});
  if (!res) return res.error();
  if (res->status != 200) return PublicReadError("kucoin", res->status);
  return ParseActiveContracts(res->body);
}

}  // namespace baro::exchanges::kucoin

#include "exchanges/binance/binance_market.h"

#include "core/json_util.h"
#include "exchanges/public_market.h"

namespace baro::exchanges::binance {

Result<std::vector<market::Instrument>> ParsePremiumIndex(std::string_view body) {
  auto parsed = json::Parse(body);
  if (!parsed) return parsed.error();
  boost::json::array items;
  if (parsed->is_array()) {
    items = parsed->as_array();
  } else if (parsed->is_object()) {
    items.push_back(*parsed);  // the single-symbol form
  } else {
    return MakeError(ErrorCode::kBadResponse, "binance: premiumIndex is not a list");
  }
  std::vector<market::Instrument> out;
  for (const auto& item : items) {
    market::Instrument inst;
    inst.symbol = json::GetString(item, "symbol").value_or("");
    auto mark = json::GetNumber(item, "markPrice");
    if (inst.symbol.empty() || !mark || *mark <= 0) continue;
    inst.mark_price = *mark;
    // premiumIndex says nothing of leverage or maintenance (the brackets need a signed read and
    // come from the tier book); 125x, the most any USDⓈ-M bracket allows, bounds what a user may
    // enter.
    inst.max_leverage = 125;
    for (std::string_view quote : {"USDT", "USDC"}) {
      if (inst.symbol.size() > quote.size() && inst.symbol.ends_with(quote)) {
        inst.quote = std::string(quote);
        inst.base = inst.symbol.substr(0, inst.symbol.size() - quote.size());
      }
    }
    out.push_back(std::move(inst));
  }
  return out;
}

Result<std::vector<market::Instrument>> LoadInstruments(PublicLink& http, const net::Url& base) {
  auto res = http.Send(base, {"GET", "/fapi/v1/premiumIndex"});
  if (!res) return res.error();
  if (res->status != 200) return PublicReadError("binance", res->status);
  return ParsePremiumIndex(res->body);
}

}  // namespace baro::exchanges::binance

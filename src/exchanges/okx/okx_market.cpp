#include "exchanges/okx/okx_market.h"

#include "core/json_util.h"
#include "exchanges/public_market.h"

namespace baro::exchanges::okx {

Result<std::vector<market::Instrument>> ParseMarkPrices(std::string_view body) {
  auto parsed = json::Parse(body);
  if (!parsed) return parsed.error();
  const auto* data = json::Find(*parsed, "data");
  if (json::GetString(*parsed, "code").value_or("") != "0" || data == nullptr || !data->is_array())
    return MakeError(ErrorCode::kUnavailable, "okx: mark prices unavailable");
  std::vector<market::Instrument> out;
  for (const auto& item : data->as_array()) {
    market::Instrument inst;
    inst.symbol = json::GetString(item, "instId").value_or("");
    auto mark = json::GetNumber(item, "markPx");
    const auto first = inst.symbol.find('-');
    const auto second = inst.symbol.find('-', first == std::string::npos ? 0 : first + 1);
    if (!mark || *mark <= 0 || first == std::string::npos || second == std::string::npos) continue;
    inst.base = inst.symbol.substr(0, first);
    inst.quote = inst.symbol.substr(first + 1, second - first - 1);
    if (inst.quote != "USDT" && inst.quote != "USDC") continue;  // coin-margined swaps
    inst.mark_price = *mark;
    inst.maintenance_margin_rate = 0.004;  // OKX's lowest tier (risk.md §3)
    out.push_back(std::move(inst));
  }
  return out;
}

Result<std::vector<market::Instrument>> LoadInstruments(net::HttpClient& http,
                                                        const net::Url& base) {
  auto res = http.Send(base, {"GET", "/api/v5/public/mark-price?instType=SWAP"});
  if (!res) return res.error();
  if (res->status != 200) return PublicReadError("okx", res->status);
  return ParseMarkPrices(res->body);
}

}  // namespace baro::exchanges::okx

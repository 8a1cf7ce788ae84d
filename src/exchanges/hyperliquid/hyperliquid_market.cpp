#include "exchanges/hyperliquid/hyperliquid_market.h"

#include "core/json_util.h"
#include "exchanges/public_market.h"

namespace baro::exchanges::hyperliquid {

Result<std::vector<market::Instrument>> ParseMetaAndAssetCtxs(std::string_view body) {
  auto parsed = json::Parse(body);
  if (!parsed) return parsed.error();
  const auto* top = parsed->if_array();
  if (top == nullptr || top->size() < 2 || !(*top)[1].is_array()) {
    return MakeError(ErrorCode::kBadResponse,
                     "hyperliquid: metaAndAssetCtxs is not [meta, assetCtxs]");
  }
  const auto* universe = json::Find((*top)[0], "universe");
  if (universe == nullptr || !universe->is_array()) {
    return MakeError(ErrorCode::kBadResponse, "hyperliquid: meta has no universe");
  }
  const auto& ctxs = (*top)[1].as_array();
  std::vector<market::Instrument> out;
  for (std::size_t i = 0; i < universe->as_array().size() && i < ctxs.size(); ++i) {
    const auto& asset = universe->as_array()[i];
    market::Instrument inst;
    inst.symbol = json::GetString(asset, "name").value_or("");
    if (inst.symbol.empty() || json::GetBool(asset, "isDelisted").value_or(false)) continue;
    inst.base = inst.symbol;
    inst.quote = "USDC";
    inst.max_leverage = json::GetNumber(asset, "maxLeverage").value_or(0);
    inst.mark_price = json::GetNumber(ctxs[i], "markPx").value_or(0);
    if (inst.max_leverage > 0) inst.maintenance_margin_rate = 1.0 / (2.0 * inst.max_leverage);
    out.push_back(std::move(inst));
  }
  return out;
}

Result<std::vector<market::Instrument>> LoadInstruments(net::HttpClient& http,
                                                        const net::Url& base) {
  net::HttpRequest req{
      "POST", "/info", {{"Content-Type", "application/json"}}, R"({"type":"metaAndAssetCtxs"})"};
  auto res = http.Send(base, req);
  if (!res) return res.error();
  if (res->status != 200) return PublicReadError("hyperliquid", res->status);
  return ParseMetaAndAssetCtxs(res->body);
}

}  // namespace baro::exchanges::hyperliquid

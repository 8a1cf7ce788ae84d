#include "exchanges/hyperliquid/hyperliquid_market.h"

#include <algorithm>

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
    // "Prices can have up to 5 significant figures, but no more than MAX_DECIMALS - szDecimals
    // decimal places where MAX_DECIMALS is 6 for perps"
    // (https://hyperliquid.gitbook.io/hyperliquid-docs/for-developers/api/tick-and-lot-size).
    if (auto sz_decimals = json::GetInt(asset, "szDecimals"); sz_decimals && *sz_decimals >= 0) {
      inst.price_significant = 5;
      inst.price_max_decimals = static_cast<int>(std::max<std::int64_t>(0, 6 - *sz_decimals));
    }
    out.push_back(std::move(inst));
  }
  return out;
}

Result<std::vector<market::Instrument>> LoadInstruments(PublicLink& http, const net::Url& base) {
  net::HttpRequest req{
      "POST", "/info", {{"Content-Type", "application/json"}}, R"({"type":"metaAndAssetCtxs"})"};
  auto res = http.Send(base, req);
  if (!res) return res.error();
  if (res->status != 200) return PublicReadError("hyperliquid", res->status);
  return ParseMetaAndAssetCtxs(res->body);
}

Result<risk::VenueRiskSpec> ParseMarginTiers(std::string_view meta_body, std::string_view coin) {
  auto parsed = json::Parse(meta_body);
  if (!parsed) return parsed.error();
  const auto* universe = json::Find(*parsed, "universe");
  if (universe == nullptr || !universe->is_array()) {
    return MakeError(ErrorCode::kUnavailable, "hyperliquid: meta without a universe");
  }
  std::optional<std::int64_t> table_id;
  double max_leverage = 0;
  for (const auto& asset : universe->as_array()) {
    if (json::GetString(asset, "name").value_or("") != coin) continue;
    table_id = json::GetInt(asset, "marginTableId");
    max_leverage = json::GetNumber(asset, "maxLeverage").value_or(0);
  }
  if (!table_id)
    return MakeError(ErrorCode::kNotFound, "hyperliquid: no margin table for the coin");
  std::vector<std::pair<double, double>> tiers;
  if (*table_id < 50) {
    tiers.emplace_back(0, static_cast<double>(*table_id));
  } else if (const auto* tables = json::Find(*parsed, "marginTables");
             tables && tables->is_array()) {
    for (const auto& entry : tables->as_array()) {
      if (!entry.is_array() || entry.as_array().size() != 2) continue;
      const auto& id = entry.as_array()[0];
      const bool same = (id.is_int64() && id.as_int64() == *table_id) ||
                        (id.is_uint64() && id.as_uint64() == static_cast<std::uint64_t>(*table_id));
      if (!same) continue;
      if (const auto* list = json::Find(entry.as_array()[1], "marginTiers");
          list && list->is_array()) {
        for (const auto& tier : list->as_array()) {
          auto lower = json::GetNumber(tier, "lowerBound");
          auto leverage = json::GetNumber(tier, "maxLeverage");
          if (lower && leverage && *leverage > 0) tiers.emplace_back(*lower, *leverage);
        }
      }
    }
  }
  if (tiers.empty()) return MakeError(ErrorCode::kNotFound, "hyperliquid: margin table not found");
  risk::VenueRiskSpec spec;
  spec.tiers = risk::HyperliquidTiers(tiers);
  spec.max_leverage = max_leverage > 0 ? max_leverage : tiers.front().second;
  return spec;
}

Result<risk::VenueRiskSpec> LoadTiers(PublicLink& http, const net::Url& base,
                                      const std::string& coin) {
  net::HttpRequest req{
      "POST", "/info", {{"Content-Type", "application/json"}}, R"({"type":"meta"})"};
  auto res = http.Send(base, req);
  if (!res) return res.error();
  if (res->status != 200) return PublicReadError("hyperliquid", res->status);
  return ParseMarginTiers(res->body, coin);
}

}  // namespace baro::exchanges::hyperliquid

#include "exchanges/oracle/ccxt_oracle.h"

#include <boost/json.hpp>
#include <cstdlib>
#include <filesystem>

#include "support/child.h"

namespace baro::testing {
namespace {

Error Missing(const std::string& what) {
  const char* required = std::getenv("BARO_REQUIRE_ORACLE");
  const bool must = required != nullptr && std::string_view(required) == "1";
  return MakeError(must ? ErrorCode::kInternal : ErrorCode::kUnavailable,
                   "the CCXT oracle needs " + what);
}

std::optional<double> Number(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (v == nullptr || v->is_null()) return std::nullopt;
  if (v->is_double()) return v->as_double();
  if (v->is_int64()) return static_cast<double>(v->as_int64());
  if (v->is_uint64()) return static_cast<double>(v->as_uint64());
  return std::nullopt;
}

std::string Text(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

}  // namespace

Result<std::vector<OraclePosition>> CcxtParsePositions(const OracleInput& input) {
  const std::string node = BARO_NODE;
  const std::string dir = BARO_ORACLE_DIR;
  if (node.empty() || !std::filesystem::exists(node))
    return Missing("node (apt-get install nodejs)");
  if (!std::filesystem::exists(dir + "/node_modules/ccxt")) {
    return Missing("its npm packages (npm ci in " + dir + ")");
  }
  boost::json::error_code ec;
  auto positions = boost::json::parse(input.positions_json, ec);
  if (ec || !positions.is_array())
    return MakeError(ErrorCode::kInvalidInput, "positions: not an array");
  boost::json::object request{
      {"positions", positions}, {"method", input.method}, {"settle", input.settle}};
  if (!input.unified_markets_json.empty()) {
    auto markets = boost::json::parse(input.unified_markets_json, ec);
    if (ec || !markets.is_array())
      return MakeError(ErrorCode::kInvalidInput, "markets: not an array");
    request["unifiedMarkets"] = markets;
  }
  if (!input.markets_json.empty()) {
    auto markets = boost::json::parse(input.markets_json, ec);
    if (ec || !markets.is_array())
      return MakeError(ErrorCode::kInvalidInput, "markets: not an array");
    request["markets"] = markets;
  }
  auto [status, out] = RunToEnd({node, dir + "/parse_positions.mjs", input.ccxt_id, "-"}, {},
                                boost::json::serialize(request));
  if (status != 0) {
    return MakeError(ErrorCode::kInternal, "CCXT failed (exit " + std::to_string(status) + ")");
  }
  auto parsed = boost::json::parse(out, ec);
  if (ec || !parsed.is_array()) return MakeError(ErrorCode::kBadResponse, "CCXT printed no array");
  std::vector<OraclePosition> result;
  for (const auto& item : parsed.as_array()) {
    if (!item.is_object()) continue;
    const auto& o = item.as_object();
    OraclePosition p;
    p.symbol = Text(o, "symbol");
    p.side = Text(o, "side");
    p.contracts = Number(o, "contracts").value_or(0);
    p.contract_size = Number(o, "contractSize");
    p.entry_price = Number(o, "entryPrice");
    p.mark_price = Number(o, "markPrice");
    p.liquidation_price = Number(o, "liquidationPrice");
    p.margin_mode = Text(o, "marginMode");
    p.leverage = Number(o, "leverage");
    result.push_back(std::move(p));
  }
  return result;
}

}  // namespace baro::testing

#include "core/position_json.h"

#include "core/json_util.h"

namespace baro {
namespace {

boost::json::value Opt(const std::optional<double>& v) {
  return v ? boost::json::value(*v) : boost::json::value(nullptr);
}

std::optional<double> OptNumber(const boost::json::value& v, std::string_view key) {
  return json::GetNumber(v, key);
}

}  // namespace

boost::json::object ToJson(const Position& p) {
  boost::json::object o{{"venue", ToString(p.venue)},
                        {"account", p.account},
                        {"symbol", p.symbol},
                        {"base", p.base},
                        {"quote", p.quote},
                        {"side", ToString(p.side)},
                        {"size", p.size},
                        {"entry_price", p.entry_price},
                        {"mark_price", p.mark_price},
                        {"liquidation_price", Opt(p.liquidation_price)},
                        {"leverage", p.leverage},
                        {"margin_mode", ToString(p.margin_mode)},
                        {"isolated_margin", Opt(p.isolated_margin)},
                        {"maintenance_margin", Opt(p.maintenance_margin)},
                        {"maintenance_margin_rate", Opt(p.maintenance_margin_rate)},
                        {"unrealized_pnl", p.unrealized_pnl},
                        {"notional", p.notional},
                        {"update_time_ms", p.update_time_ms},
                        {"margin_account", p.margin_account}};
  // Written only for a streamed mark: REST positions serialize as they always did.
  if (p.mark_streamed_at_ms != 0) o["mark_streamed_at_ms"] = p.mark_streamed_at_ms;
  return o;
}

Result<Position> PositionFromJson(const boost::json::value& v) {
  if (!v.is_object()) return MakeError(ErrorCode::kBadResponse, "position is not an object");
  Position p;
  auto venue = VenueFromString(json::GetString(v, "venue").value_or(""));
  auto side = SideFromString(json::GetString(v, "side").value_or(""));
  auto mode = MarginModeFromString(json::GetString(v, "margin_mode").value_or(""));
  auto size = json::GetNumber(v, "size");
  auto entry = json::GetNumber(v, "entry_price");
  if (!venue || !side || !mode || !size || !entry) {
    return MakeError(ErrorCode::kBadResponse,
                     "position lacks venue, side, margin mode, size or entry");
  }
  p.venue = *venue;
  p.side = *side;
  p.margin_mode = *mode;
  p.size = *size;
  p.entry_price = *entry;
  p.account = json::GetString(v, "account").value_or("");
  p.symbol = json::GetString(v, "symbol").value_or("");
  p.base = json::GetString(v, "base").value_or("");
  p.quote = json::GetString(v, "quote").value_or("");
  p.mark_price = json::GetNumber(v, "mark_price").value_or(0);
  p.liquidation_price = OptNumber(v, "liquidation_price");
  p.leverage = json::GetNumber(v, "leverage").value_or(0);
  p.isolated_margin = OptNumber(v, "isolated_margin");
  p.maintenance_margin = OptNumber(v, "maintenance_margin");
  p.maintenance_margin_rate = OptNumber(v, "maintenance_margin_rate");
  p.unrealized_pnl = json::GetNumber(v, "unrealized_pnl").value_or(0);
  p.notional = json::GetNumber(v, "notional").value_or(0);
  p.update_time_ms = json::GetInt(v, "update_time_ms").value_or(0);
  p.margin_account = json::GetString(v, "margin_account").value_or("");
  p.mark_streamed_at_ms = json::GetInt(v, "mark_streamed_at_ms").value_or(0);
  return p;
}

boost::json::object ToJson(const Account& a) {
  return {{"equity", a.equity},
          {"available_balance", a.available_balance},
          {"maintenance_margin", a.maintenance_margin},
          {"margin_ratio", Opt(a.margin_ratio)},
          {"currency", a.currency},
          {"name", a.name},
          {"cross_wallet_balance", Opt(a.cross_wallet_balance)}};
}

Result<Account> AccountFromJson(const boost::json::value& v) {
  if (!v.is_object()) return MakeError(ErrorCode::kBadResponse, "account is not an object");
  Account a;
  a.equity = json::GetNumber(v, "equity").value_or(0);
  a.available_balance = json::GetNumber(v, "available_balance").value_or(0);
  a.maintenance_margin = json::GetNumber(v, "maintenance_margin").value_or(0);
  a.margin_ratio = OptNumber(v, "margin_ratio");
  a.currency = json::GetString(v, "currency").value_or("USDT");
  a.name = json::GetString(v, "name").value_or("");
  a.cross_wallet_balance = OptNumber(v, "cross_wallet_balance");
  return a;
}

}  // namespace baro

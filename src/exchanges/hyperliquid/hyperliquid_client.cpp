#include "exchanges/hyperliquid/hyperliquid_client.h"

#include <array>
#include <boost/json/serialize.hpp>
#include <cctype>
#include <cmath>

#include "core/json_util.h"
#include "exchanges/hyperliquid/dex_directory.h"
#include "exchanges/public_market.h"

namespace baro::exchanges::hyperliquid {
namespace {
// HyperLiquid reads through one endpoint, POST /info
// (https://hyperliquid.gitbook.io/hyperliquid-docs/for-developers/api/info-endpoint). Its other
// endpoint, the exchange endpoint, carries every signed action (orders, cancels, leverage,
// transfers, withdrawals) and is not in this table.
constexpr std::array<ReadEndpoint, 1> kReads = {{{"POST", "/info"}}};

Result<net::HttpRequest> InfoRequest(std::string body) {
  auto req = ReadOnlyRequest(kReads, "POST", "/info");
  if (!req) return req.error();
  req->headers = {{"Content-Type", "application/json"}};
  req->body = std::move(body);
  return req;
}
}  // namespace

bool ValidAddress(std::string_view a) {
  if (a.size() != 42 || a[0] != '0' || (a[1] != 'x' && a[1] != 'X')) return false;
  for (char c : a.substr(2)) {
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

Result<AccountSnapshot> ParseClearinghouseState(std::string_view body, std::string_view account) {
  auto parsed = json::Parse(body);
  if (!parsed) return parsed.error();
  if (!parsed->is_object())
    return MakeError(ErrorCode::kBadResponse, "hyperliquid: state is not an object");
  const auto* list = json::Find(*parsed, "assetPositions");
  if (list == nullptr || !list->is_array()) {
    return MakeError(ErrorCode::kBadResponse, "hyperliquid: no assetPositions");
  }
  AccountSnapshot out;
  for (const auto& entry : list->as_array()) {
    const auto* pos = json::Find(entry, "position");
    if (pos == nullptr) continue;
    auto szi = json::GetNumber(*pos, "szi");
    if (!szi || *szi == 0) continue;
    Position p;
    p.venue = Venue::kHyperliquid;
    p.account = std::string(account);
    p.symbol = json::GetString(*pos, "coin").value_or("");
    p.base = p.symbol.substr(p.symbol.find(':') == std::string::npos ? 0 : p.symbol.find(':') + 1);
    p.quote = "USDC";
    p.side = *szi > 0 ? Side::kLong : Side::kShort;
    p.size = std::abs(*szi);
    p.entry_price = json::GetNumber(*pos, "entryPx").value_or(0);
    p.notional = json::GetNumber(*pos, "positionValue").value_or(0);
    p.mark_price = p.size > 0 ? p.notional / p.size : 0;
    // null (or the old "NaN") means no liquidation price: keep it absent, never 0.
    if (auto lp = json::GetNumber(*pos, "liquidationPx"); lp && *lp > 0) p.liquidation_price = lp;
    p.unrealized_pnl = json::GetNumber(*pos, "unrealizedPnl").value_or(0);
    if (const auto* lev = json::Find(*pos, "leverage")) {
      p.leverage = json::GetNumber(*lev, "value").value_or(0);
      p.margin_mode = json::GetString(*lev, "type").value_or("cross") == "isolated"
                          ? MarginMode::kIsolated
                          : MarginMode::kCross;
    }
    const double margin_used = json::GetNumber(*pos, "marginUsed").value_or(0);
    if (p.margin_mode == MarginMode::kIsolated) {
      // marginUsed includes uPnL for isolated positions; the margin assigned is the difference.
      p.isolated_margin = margin_used - p.unrealized_pnl;
    }
    if (auto max_lev = json::GetNumber(*pos, "maxLeverage"); max_lev && *max_lev > 0) {
      p.maintenance_margin_rate = 1.0 / (2.0 * *max_lev);
      p.maintenance_margin = p.notional * *p.maintenance_margin_rate;
    }
    p.update_time_ms = json::GetInt(*parsed, "time").value_or(0);
    out.positions.push_back(std::move(p));
  }
  Account a;
  a.currency = "USDC";
  if (const auto* cross = json::Find(*parsed, "crossMarginSummary")) {
    a.equity = json::GetNumber(*cross, "accountValue").value_or(0);
  }
  a.maintenance_margin = json::GetNumber(*parsed, "crossMaintenanceMarginUsed").value_or(0);
  a.available_balance = json::GetNumber(*parsed, "withdrawable").value_or(0);
  if (a.equity > 0) a.margin_ratio = a.maintenance_margin / a.equity;
  out.account = a;
  return out;
}

Result<AccountSnapshot> HyperliquidClient::ReadAccount(const Credentials& c) {
  if (!ValidAddress(c.wallet_address)) {
    return MakeError(ErrorCode::kInvalidInput,
                     "a HyperLiquid address is 0x followed by 40 hex digits");
  }
  auto main = ReadState(c.wallet_address, "");
  if (!main) return main;
  DexDirectory& directory = DexDirectory::For(base_.ToString());
  const std::int64_t now = link_.LocalNowMs();
  if (!directory.DexListFreshAt(now, link_.options().contract_lifetime_ms)) {
    // Without a dex list the main dex is still read; the list is asked for again next time.
    if (auto dexes = ReadDexList(); dexes) directory.SetDexList(std::move(*dexes), now);
  }
  // What the address held is kept per connection; an address read without one is its own key.
  AccountKey account = c.account;
  if (account.connection.empty()) {
    std::string lower = c.wallet_address;
    for (auto& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    account = {lower, lower};
  }
  const auto plan =
      directory.PlanFor(link_.accounts(), account, now, link_.options().dex_rescan_ms);
  std::vector<std::string> holding;
  for (const auto& dex : plan.dexes) {
    auto state = ReadState(c.wallet_address, dex);
    if (!state) {
      // One dex that cannot be read degrades its own positions only: the others are still
      // watched, and the dex is asked again next time.
      main->gaps.push_back({"HIP-3 dex " + dex, 0, dex, std::string(ToString(state.error().code))});
      holding.push_back(dex);
      continue;
    }
    const bool holds = !state->positions.empty() || (state->account && state->account->equity > 0);
    if (holds) holding.push_back(dex);
    // Each HIP-3 dex is margined on its own: its positions belong to its own cross account.
    for (auto& p : state->positions) {
      p.margin_account = dex;
      main->positions.push_back(std::move(p));
    }
    if (state->account && holds) {
      state->account->name = dex;
      main->other_accounts.push_back(std::move(*state->account));
    }
  }
  DexDirectory::Record(link_.accounts(), account, holding, plan.full_scan, now);
  return main;
}

Result<AccountSnapshot> HyperliquidClient::ReadState(const std::string& address,
                                                     const std::string& dex) {
  boost::json::object query{{"type", "clearinghouseState"}, {"user", address}};
  if (!dex.empty()) query["dex"] = dex;
  auto req = InfoRequest(boost::json::serialize(query));
  if (!req) return req.error();
  auto res = link_.Send(base_, *req, kClearinghouseStateWeight);
  if (!res) return res.error();
  if (res->status != 200) return PublicReadError("hyperliquid", res->status);
  return ParseClearinghouseState(res->body, address);
}

Result<std::vector<std::string>> HyperliquidClient::ReadDexList() {
  auto req = InfoRequest(R"({"type":"perpDexs"})");
  if (!req) return req.error();
  auto res = link_.Send(base_, *req, kMetaWeight);
  if (!res) return res.error();
  if (res->status != 200) return PublicReadError("hyperliquid", res->status);
  bool ok = false;
  auto dexes = ParsePerpDexs(res->body, &ok);
  if (!ok) return MakeError(ErrorCode::kBadResponse, "hyperliquid: perpDexs is not a list");
  return dexes;
}

Result<KeyPermissions> HyperliquidClient::CheckPermissions(const Credentials& c) {
  auto read = ReadAccount(c);
  if (!read) return read.error();
  KeyPermissions k;
  k.verdict = KeyVerdict::kAccepted;
  k.permissions_found = {"public address"};
  if (read->positions.empty()) k.warnings.push_back("connect.warning.hyperliquid_empty");
  return k;
}

std::span<const ReadEndpoint> AllowedReads() {
  return kReads;
}

}  // namespace baro::exchanges::hyperliquid

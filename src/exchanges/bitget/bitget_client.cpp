#include "exchanges/bitget/bitget_client.h"

#include <array>
#include <boost/json/serialize.hpp>
#include <map>
#include <set>

#include "core/json_util.h"
#include "core/time_number.h"
#include "exchanges/cross_account.h"
#include "exchanges/error_table.h"
#include "exchanges/signing.h"

namespace baro::exchanges::bitget {
namespace {

constexpr std::array<ReadEndpoint, 4> kReads = {{{"GET", "/api/v2/mix/position/all-position"},
                                                 {"GET", "/api/v2/mix/account/accounts"},
                                                 {"GET", "/api/v2/spot/account/info"},
                                                 {"GET", "/api/v2/public/time"}}};

constexpr std::string_view kPositionsQuery = "marginCoin=USDT&productType=USDT-FUTURES";
constexpr std::string_view kCoinPositionsQuery = "productType=COIN-FUTURES";

// The read-only authorities a key may hold (bitget.com/api-doc/spot/account/Get-Account-Info,
// exchanges.md §5.4): futures orders and holdings, spot and margin trade, copy trading, wallet
// transfer, taxation, sub-accounts, P2P and pledge-loan queries, and the coarse "readonly" of the
// documented example. Anything else is refused.
const std::set<std::string, std::less<>>& ReadOnlyAuthorities() {
  static const std::set<std::string, std::less<>> names = {
      "coor", "cpor", "stor", "smor", "ttor", "wtor", "taxr", "chor", "p2pr", "pllr", "readonly"};
  return names;
}

// The names Bitget's key page uses for the read-and-write authorities (same page).
const std::map<std::string, std::string, std::less<>>& WriteAuthorityNames() {
  static const std::map<std::string, std::string, std::less<>> names = {
      {"trade", "Trade (read-write)"},
      {"coow", "Futures orders (read-write)"},
      {"cpow", "Futures holdings (read-write)"},
      {"stow", "Spot trade (read-write)"},
      {"smow", "Margin trade (read-write)"},
      {"ttow", "Copy trading (read-write)"},
      {"wtow", "Wallet transfer"},
      {"wwow", "Wallet withdrawal"},
      {"chow", "Sub-account management"},
      {"p2p", "P2P (read-write)"},
      {"pllw", "Pledge loan (read-write)"},
      {"taxw", "Taxation (read-write)"}};
  return names;
}

const boost::json::value* Data(const boost::json::value& v) {
  return json::Find(v, "data");
}

}  // namespace

std::string Sign(std::string_view timestamp, std::string_view method, std::string_view path,
                 std::string_view query, const SecretBytes& secret) {
  std::string payload;
  payload.reserve(timestamp.size() + method.size() + path.size() + query.size() + 1);
  payload.append(timestamp).append(method).append(path);
  if (!query.empty()) payload.append("?").append(query);
  std::string sig = HmacSha256Base64(secret, payload);
  SecureZero(payload);
  return sig;
}

// Bitget's error codes (exchanges.md §5.6, Bitget's common error table).
constexpr VenueErrorCode kBitgetErrors[] = {
    {"429", ErrorCode::kRateLimited},        {"40005", ErrorCode::kClockSkew},
    {"40008", ErrorCode::kClockSkew},        {"40001", ErrorCode::kInvalidKey},
    {"40006", ErrorCode::kInvalidKey},       {"40037", ErrorCode::kInvalidKey},
    {"40002", ErrorCode::kBadSignature},     {"40003", ErrorCode::kBadSignature},
    {"40009", ErrorCode::kBadSignature},     {"40011", ErrorCode::kBadSignature},
    {"40012", ErrorCode::kBadSignature},     {"40018", ErrorCode::kIpNotAllowed},
    {"40014", ErrorCode::kMissingPermission}};

std::optional<Error> MapError(int status, std::string_view body) {
  auto parsed = json::Parse(body);
  const std::string code = parsed ? json::GetString(*parsed, "code").value_or("") : "";
  if (status == 200 && code == "00000") return std::nullopt;
  // The limits count per second.
  return MapVenueError("bitget", status, code, parsed.ok(), kBitgetErrors, 1000);
}

Result<std::vector<Position>> ParseAllPosition(std::string_view body, std::string_view account) {
  auto parsed = json::Parse(body);
  if (!parsed) return parsed.error();
  const auto* data = Data(*parsed);
  if (data == nullptr || !data->is_array())
    return MakeError(ErrorCode::kBadResponse, "bitget: no position list");
  std::vector<Position> out;
  for (const auto& item : data->as_array()) {
    auto total = json::GetNumber(item, "total");
    const std::string side = json::GetString(item, "holdSide").value_or("");
    if (!total || *total <= 0 || (side != "long" && side != "short")) continue;
    Position p;
    p.venue = Venue::kBitget;
    p.account = std::string(account);
    p.symbol = json::GetString(item, "symbol").value_or("");
    p.quote = json::GetString(item, "marginCoin").value_or("USDT");
    // USDT-FUTURES symbols end in their margin coin (BTCUSDT); USDC-FUTURES ones in PERP
    // (BTCPERP).
    p.base = p.symbol;
    for (std::string_view suffix : {std::string_view(p.quote), std::string_view("PERP")}) {
      if (!suffix.empty() && p.symbol.size() > suffix.size() && p.symbol.ends_with(suffix)) {
        p.base = p.symbol.substr(0, p.symbol.size() - suffix.size());
        break;
      }
    }
    p.side = side == "long" ? Side::kLong : Side::kShort;
    p.size = *total;
    p.entry_price = json::GetNumber(item, "openPriceAvg").value_or(0);
    p.mark_price = json::GetNumber(item, "markPrice").value_or(0);
    // <= 0 means the position has no liquidation price.
    if (auto lp = json::GetNumber(item, "liquidationPrice"); lp && *lp > 0)
      p.liquidation_price = lp;
    p.leverage = json::GetNumber(item, "leverage").value_or(0);
    p.margin_mode = json::GetString(item, "marginMode").value_or("crossed") == "isolated"
                        ? MarginMode::kIsolated
                        : MarginMode::kCross;
    if (p.margin_mode == MarginMode::kIsolated)
      p.isolated_margin = json::GetNumber(item, "marginSize");
    p.notional = p.size * p.mark_price;
    if (auto rate = json::GetNumber(item, "keepMarginRate")) {
      p.maintenance_margin_rate = *rate;
      p.maintenance_margin = *rate * p.notional;
    }
    p.unrealized_pnl = json::GetNumber(item, "unrealizedPL").value_or(0);
    // The venue's own ratio wins: an isolated position's marginRatio is maintenance (taker fee
    // included) over margin + uPnL, as the documented sample reproduces (docs/risk.md, Bitget).
    if (auto ratio = json::GetNumber(item, "marginRatio");
        ratio && *ratio > 0 && p.isolated_margin) {
      p.maintenance_margin = *ratio * (*p.isolated_margin + p.unrealized_pnl);
    }
    p.update_time_ms = WholeTime(json::GetNumber(item, "uTime")).value_or(0);
    out.push_back(std::move(p));
  }
  return out;
}

Result<Account> ParseAccounts(std::string_view body, std::string_view margin_coin) {
  auto parsed = json::Parse(body);
  if (!parsed) return parsed.error();
  const auto* data = Data(*parsed);
  if (data == nullptr || !(data->is_array() || data->is_object()))
    return MakeError(ErrorCode::kBadResponse, "bitget: no account list");
  // The list of /accounts, or the one object of /account.
  const boost::json::array items = data->is_array() ? data->as_array() : boost::json::array{*data};
  for (const auto& item : items) {
    if (json::GetString(item, "marginCoin").value_or("") != margin_coin) continue;
    Account a;
    a.currency = std::string(margin_coin);
    a.equity = json::GetNumber(item, "accountEquity")
                   .value_or(json::GetNumber(item, "usdtEquity").value_or(0));
    a.available_balance = json::GetNumber(item, "crossedMaxAvailable")
                              .value_or(json::GetNumber(item, "available").value_or(0));
    // crossedRiskRate is the cross account's maintenance requirement over its equity.
    if (auto risk = json::GetNumber(item, "crossedRiskRate")) {
      a.margin_ratio = *risk;
      a.maintenance_margin = *risk * a.equity;
    }
    return a;
  }
  return MakeError(ErrorCode::kBadResponse,
                   "bitget: no " + std::string(margin_coin) + " futures account");
}

Result<KeyPermissions> ParseSpotAccountInfo(std::string_view body) {
  auto parsed = json::Parse(body);
  if (!parsed) return parsed.error();
  const auto* data = Data(*parsed);
  if (data == nullptr || !data->is_object())
    return MakeError(ErrorCode::kBadResponse, "bitget: no account information");
  KeyPermissions k;
  // An allow-list: every authority must be a known read-only one; anything else, including a
  // name Bitget adds later, is refused by its own name, and so is an answer without authorities.
  const auto* list = json::Find(*data, "authorities");
  if (list == nullptr || !list->is_array() || list->as_array().empty()) {
    k.turn_off.emplace_back("authorities (not reported by Bitget)");
  } else {
    for (const auto& a : list->as_array()) {
      const std::string name =
          a.is_string() ? std::string(a.as_string()) : boost::json::serialize(a);
      k.permissions_found.push_back(name);
      if (ReadOnlyAuthorities().contains(name)) continue;
      auto known = WriteAuthorityNames().find(name);
      k.turn_off.push_back(known != WriteAuthorityNames().end() ? known->second : name);
    }
  }
  k.ip_restricted = !json::GetString(*data, "ips").value_or("").empty();
  k.verdict = k.turn_off.empty() ? KeyVerdict::kAccepted : KeyVerdict::kRefused;
  return k;
}

BitgetClient::BitgetClient(net::Url base, VenueLink& link)
    : KeyedClient(std::move(base), link, kReads, "bitget") {}

std::optional<std::int64_t> BitgetClient::ServerTimeMs(std::string_view body) const {
  auto parsed = json::Parse(body);
  const auto* data = parsed ? Data(*parsed) : nullptr;
  auto server = data ? json::GetNumber(*data, "serverTime") : std::nullopt;
  return WholeTime(server);
}

Result<net::HttpRequest> BitgetClient::Signed(std::string_view path, std::string_view query,
                                              std::int64_t now, const Credentials& c) const {
  auto req = Request(path, query);
  if (!req) return req.error();
  const std::string ts = std::to_string(now);
  req->headers = {{"ACCESS-KEY", std::string(c.api_key.view())},
                  {"ACCESS-SIGN", Sign(ts, "GET", path, query, c.api_secret)},
                  {"ACCESS-TIMESTAMP", ts},
                  {"ACCESS-PASSPHRASE", std::string(c.passphrase.view())},
                  {"locale", "en-US"}};
  return req;
}

Result<AccountSnapshot> BitgetClient::ReadAccount(const Credentials& c) {
  // USDT-FUTURES and USDC-FUTURES are margined apart (productType, bitget.com/api-doc/contract/
  // position/get-all-position): the USDT account is the main one, USDC's is named "USDC".
  // COIN-FUTURES (coin-margined) are not read; they are counted so the user is told.
  AccountSnapshot out;
  for (std::string_view coin : {"USDT", "USDC"}) {
    const std::string product = std::string(coin) + "-FUTURES";
    auto positions = SignedGet("/api/v2/mix/position/all-position",
                               "marginCoin=" + std::string(coin) + "&productType=" + product, c);
    if (!positions) return positions.error();
    auto parsed = ParseAllPosition(*positions, "bitget");
    if (!parsed) return parsed.error();
    const std::string name = coin == "USDT" ? "" : std::string(coin);
    for (auto& p : *parsed) p.margin_account = name;
    if (!name.empty() && parsed->empty()) continue;  // no USDC positions: no account needed
    auto accounts = SignedGet("/api/v2/mix/account/accounts", "productType=" + product, c);
    if (!accounts) return accounts.error();
    auto account = ParseAccounts(*accounts, coin);
    if (!account) return account.error();
    account->name = name;
    // accountEquity counts the isolated positions too; the cross account is what is left.
    Account cross = CrossOnly(*account, *parsed);
    if (cross.margin_ratio) cross.maintenance_margin = *cross.margin_ratio * cross.equity;
    if (name.empty()) {
      out.account = std::move(cross);
    } else {
      out.other_accounts.push_back(std::move(cross));
    }
    for (auto& p : *parsed) out.positions.push_back(std::move(p));
  }
  // Counted at most every options().unwatched.refresh_ms (account_cache.h).
  auto unread =
      Kept(c, "COIN-FUTURES", link_.options().unwatched, nullptr, [&]() -> Result<std::string> {
        auto body = SignedGet("/api/v2/mix/position/all-position", kCoinPositionsQuery, c);
        if (!body) return body.error();
        auto rows = ParseAllPosition(*body, "bitget");
        if (!rows) return rows.error();
        return std::to_string(rows->size());
      });
  if (!unread) return unread.error();
  if (auto count = KeptCount(*unread); count && *count > 0) {
    out.gaps.push_back({"COIN-FUTURES", *count, "", ""});
  }
  return out;
}

Result<KeyPermissions> BitgetClient::CheckPermissions(const Credentials& c) {
  auto body = SignedGet("/api/v2/spot/account/info", "", c);
  if (!body && body.error().code == ErrorCode::kMissingPermission) {
    // Bitget shows a key's authorities only to a key that may read the spot account.
    return MakeError(ErrorCode::kMissingPermission,
                     "bitget: the key needs the Spot read permission so its authorities can be "
                     "checked");
  }
  if (!body) return body.error();
  auto k = ParseSpotAccountInfo(*body);
  if (!k || k->verdict == KeyVerdict::kRefused) return k;
  // The key must also be able to read futures positions.
  auto probe = SignedGet("/api/v2/mix/position/all-position", kPositionsQuery, c);
  if (!probe) return probe.error();
  return k;
}

std::span<const ReadEndpoint> AllowedReads() {
  return kReads;
}

}  // namespace baro::exchanges::bitget

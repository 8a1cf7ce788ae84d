#include "exchanges/bitget/bitget_client.h"

#include <array>
#include <map>

#include "core/json_util.h"
#include "exchanges/error_table.h"
#include "exchanges/read_only_request.h"
#include "exchanges/signed_read.h"
#include "exchanges/signing.h"

namespace baro::exchanges::bitget {
namespace {

constexpr std::array<ReadEndpoint, 4> kReads = {{{"GET", "/api/v2/mix/position/all-position"},
                                                 {"GET", "/api/v2/mix/account/accounts"},
                                                 {"GET", "/api/v2/spot/account/info"},
                                                 {"GET", "/api/v2/public/time"}}};

constexpr std::string_view kPositionsQuery = "marginCoin=USDT&productType=USDT-FUTURES";

// The read-and-write authorities (exchanges.md §5.4), with the names Bitget's key page uses.
const std::map<std::string, std::string, std::less<>>& WriteAuthorities() {
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
    p.base = p.symbol.ends_with(p.quote) ? p.symbol.substr(0, p.symbol.size() - p.quote.size())
                                         : p.symbol;
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
    p.update_time_ms = static_cast<std::int64_t>(json::GetNumber(item, "uTime").value_or(0));
    out.push_back(std::move(p));
  }
  return out;
}

Result<Account> ParseAccounts(std::string_view body) {
  auto parsed = json::Parse(body);
  if (!parsed) return parsed.error();
  const auto* data = Data(*parsed);
  if (data == nullptr || !(data->is_array() || data->is_object()))
    return MakeError(ErrorCode::kBadResponse, "bitget: no account list");
  // The list of /accounts, or the one object of /account.
  const boost::json::array items = data->is_array() ? data->as_array() : boost::json::array{*data};
  for (const auto& item : items) {
    if (json::GetString(item, "marginCoin").value_or("") != "USDT") continue;
    Account a;
    a.currency = "USDT";
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
  return MakeError(ErrorCode::kBadResponse, "bitget: no USDT futures account");
}

Result<KeyPermissions> ParseSpotAccountInfo(std::string_view body) {
  auto parsed = json::Parse(body);
  if (!parsed) return parsed.error();
  const auto* data = Data(*parsed);
  if (data == nullptr || !data->is_object())
    return MakeError(ErrorCode::kBadResponse, "bitget: no account information");
  KeyPermissions k;
  if (const auto* list = json::Find(*data, "authorities"); list && list->is_array()) {
    for (const auto& a : list->as_array()) {
      if (!a.is_string()) continue;
      const std::string name(a.as_string());
      k.permissions_found.push_back(name);
      auto write = WriteAuthorities().find(name);
      if (write != WriteAuthorities().end()) {
        k.turn_off.push_back(write->second);
      } else if (name.ends_with('w')) {
        k.turn_off.push_back(name);  // a read-write authority newer than the table: its own name
      }
    }
  }
  k.ip_restricted = !json::GetString(*data, "ips").value_or("").empty();
  k.verdict = k.turn_off.empty() ? KeyVerdict::kAccepted : KeyVerdict::kRefused;
  return k;
}

Status BitgetClient::SyncClock() {
  auto req = ReadOnlyRequest(kReads, "GET", "/api/v2/public/time");
  if (!req) return req.error();
  return SyncVenueClock(
      link_, base_, *req,
      [](std::string_view body) -> std::optional<std::int64_t> {
        auto parsed = json::Parse(body);
        const auto* data = parsed ? Data(*parsed) : nullptr;
        auto server = data ? json::GetNumber(*data, "serverTime") : std::nullopt;
        if (!server) return std::nullopt;
        return static_cast<std::int64_t>(*server);
      },
      "bitget");
}

Result<std::string> BitgetClient::SignedGet(std::string_view path, std::string_view query,
                                            const Credentials& c) {
  auto build = [&](std::int64_t now) -> Result<net::HttpRequest> {
    auto req = ReadOnlyRequest(kReads, "GET", path, query);
    if (!req) return req.error();
    const std::string ts = std::to_string(now);
    req->headers = {{"ACCESS-KEY", std::string(c.api_key.view())},
                    {"ACCESS-SIGN", Sign(ts, "GET", path, query, c.api_secret)},
                    {"ACCESS-TIMESTAMP", ts},
                    {"ACCESS-PASSPHRASE", std::string(c.passphrase.view())},
                    {"locale", "en-US"}};
    return req;
  };
  return SignedRead(link_, base_, build, MapperFor(MapError), [this] { return SyncClock(); });
}

Result<AccountSnapshot> BitgetClient::ReadAccount(const Credentials& c) {
  auto positions = SignedGet("/api/v2/mix/position/all-position", kPositionsQuery, c);
  if (!positions) return positions.error();
  auto parsed = ParseAllPosition(*positions, "bitget");
  if (!parsed) return parsed.error();
  auto accounts = SignedGet("/api/v2/mix/account/accounts", "productType=USDT-FUTURES", c);
  if (!accounts) return accounts.error();
  auto account = ParseAccounts(*accounts);
  if (!account) return account.error();
  AccountSnapshot out;
  out.positions = std::move(*parsed);
  out.account = *account;
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

#include "exchanges/bybit/bybit_client.h"

#include <array>
#include <cctype>

#include "core/clock.h"
#include "core/json_util.h"
#include "exchanges/signing.h"

namespace baro::exchanges::bybit {
namespace {

constexpr std::array<ReadEndpoint, 5> kReads = {{{"GET", "/v5/position/list"},
                                                 {"GET", "/v5/account/info"},
                                                 {"GET", "/v5/account/wallet-balance"},
                                                 {"GET", "/v5/user/query-api"},
                                                 {"GET", "/v5/market/time"}}};

// Pages of 200 positions; a user with more than this many pages is cut off (and told by the error).
constexpr int kMaxPages = 20;

// nextPageCursor comes percent-encoded already and is sent back as it is
// (bybit-exchange.github.io/docs/v5/position "cursor"); only characters that could not stand in
// a query value are escaped, so an encoded cursor is never encoded twice.
std::string CursorParameter(std::string_view cursor) {
  std::string out;
  for (char c : cursor) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || c == '-' || c == '_' || c == '.' || c == '~' || c == '%') {
      out.push_back(c);
    } else {
      out += net::UrlEncode(std::string_view(&c, 1));
    }
  }
  return out;
}

const boost::json::value* Result_(const boost::json::value& v) {
  return json::Find(v, "result");
}

}  // namespace

std::string Sign(std::string_view timestamp, std::string_view api_key, std::string_view recv_window,
                 std::string_view query, const SecretBytes& secret) {
  std::string payload;
  payload.reserve(timestamp.size() + api_key.size() + recv_window.size() + query.size());
  payload.append(timestamp).append(api_key).append(recv_window).append(query);
  std::string sig = HmacSha256Hex(secret, payload);
  SecureZero(payload);
  return sig;
}

std::optional<Error> MapError(int status, std::string_view body) {
  auto parsed = json::Parse(body);
  const std::int64_t code = parsed ? json::GetInt(*parsed, "retCode").value_or(-1) : -1;
  if (status == 200 && code == 0) return std::nullopt;
  if (status == 403 || status == 429 || code == 10006) {
    Error e = MakeError(ErrorCode::kRateLimited, "bybit: rate limited");
    // An IP ban after "access too frequent" lasts at least ten minutes.
    e.retry_after_ms = status == 403 ? 10 * 60 * 1000 : 1000;
    return e;
  }
  switch (code) {
    case 10002:
      return MakeError(ErrorCode::kClockSkew, "bybit: timestamp outside recv_window");
    case 10003:
    case 33004:
      return MakeError(ErrorCode::kInvalidKey, "bybit: API key invalid or expired");
    case 10004:
      return MakeError(ErrorCode::kBadSignature, "bybit: signature not valid (check the secret)");
    case 10005:
      return MakeError(ErrorCode::kMissingPermission, "bybit: permission denied");
    case 10010:
      return MakeError(ErrorCode::kIpNotAllowed, "bybit: IP not in the key's allow-list");
    default:
      break;
  }
  if (status == 401) return MakeError(ErrorCode::kInvalidKey, "bybit: invalid key");
  if (status >= 500)
    return MakeError(ErrorCode::kUnavailable,
                     "bybit: unavailable (HTTP " + std::to_string(status) + ")");
  if (!parsed)
    return MakeError(ErrorCode::kBadResponse,
                     "bybit: unreadable answer (HTTP " + std::to_string(status) + ")");
  return MakeError(ErrorCode::kBadResponse, "bybit: error " + std::to_string(code));
}

Result<PositionPage> ParsePositionList(std::string_view body, MarginMode mode,
                                       std::string_view account) {
  auto parsed = json::Parse(body);
  if (!parsed) return parsed.error();
  const auto* result = Result_(*parsed);
  const auto* list = result ? json::Find(*result, "list") : nullptr;
  if (list == nullptr || !list->is_array())
    return MakeError(ErrorCode::kBadResponse, "bybit: no position list");
  PositionPage page;
  page.next_cursor = json::GetString(*result, "nextPageCursor").value_or("");
  for (const auto& item : list->as_array()) {
    auto size = json::GetNumber(item, "size");
    const std::string side = json::GetString(item, "side").value_or("");
    if (!size || *size == 0 || side.empty()) continue;
    Position p;
    p.venue = Venue::kBybit;
    p.account = std::string(account);
    p.symbol = json::GetString(item, "symbol").value_or("");
    for (std::string_view quote : {"USDT", "USDC", "PERP"}) {
      if (p.symbol.size() > quote.size() && p.symbol.ends_with(quote)) {
        p.base = p.symbol.substr(0, p.symbol.size() - quote.size());
        p.quote = quote == "PERP" ? "USDC" : std::string(quote);
      }
    }
    p.side = side == "Buy" ? Side::kLong : Side::kShort;
    p.size = *size;
    p.entry_price =
        json::GetNumber(item, "avgPrice").value_or(json::GetNumber(item, "entryPrice").value_or(0));
    p.mark_price = json::GetNumber(item, "markPrice").value_or(0);
    // "" (or "0") means none.
    if (auto lp = json::GetNumber(item, "liqPrice"); lp && *lp > 0) p.liquidation_price = lp;
    p.leverage = json::GetNumber(item, "leverage").value_or(0);
    p.notional = json::GetNumber(item, "positionValue").value_or(p.size * p.mark_price);
    p.unrealized_pnl = json::GetNumber(item, "unrealisedPnl").value_or(0);
    p.margin_mode = mode;
    if (auto mm = json::GetNumber(item, "positionMM")) {
      p.maintenance_margin = *mm;
      if (p.notional > 0) p.maintenance_margin_rate = *mm / p.notional;
    }
    // An isolated position's own margin is its balance, positionBalance ("Position margin",
    // bybit-exchange.github.io/docs/v5/position); positionIM is the requirement at the current
    // mark, not what the position holds.
    if (mode == MarginMode::kIsolated) {
      if (auto balance = json::GetNumber(item, "positionBalance"); balance && *balance > 0)
        p.isolated_margin = *balance;
    }
    p.update_time_ms = json::GetInt(item, "updatedTime").value_or(0);
    page.positions.push_back(std::move(p));
  }
  return page;
}

Result<MarginMode> ParseAccountInfo(std::string_view body) {
  auto parsed = json::Parse(body);
  if (!parsed) return parsed.error();
  const auto* result = Result_(*parsed);
  if (result == nullptr) return MakeError(ErrorCode::kBadResponse, "bybit: no account info");
  return json::GetString(*result, "marginMode").value_or("") == "ISOLATED_MARGIN"
             ? MarginMode::kIsolated
             : MarginMode::kCross;
}

Result<Account> ParseWalletBalance(std::string_view body) {
  auto parsed = json::Parse(body);
  if (!parsed) return parsed.error();
  const auto* result = Result_(*parsed);
  const auto* list = result ? json::Find(*result, "list") : nullptr;
  if (list == nullptr || !list->is_array() || list->as_array().empty()) {
    return MakeError(ErrorCode::kBadResponse, "bybit: no wallet balance");
  }
  const auto& w = list->as_array()[0];
  Account a;
  a.currency = "USD";
  a.equity = json::GetNumber(w, "totalMarginBalance")
                 .value_or(json::GetNumber(w, "totalEquity").value_or(0));
  a.maintenance_margin = json::GetNumber(w, "totalMaintenanceMargin").value_or(0);
  a.available_balance = json::GetNumber(w, "totalAvailableBalance").value_or(0);
  // accountMMRate is already maintenance / margin balance (1.0 = liquidation).
  if (auto rate = json::GetNumber(w, "accountMMRate")) a.margin_ratio = *rate;
  return a;
}

Result<KeyPermissions> ParseQueryApi(std::string_view body) {
  auto parsed = json::Parse(body);
  if (!parsed) return parsed.error();
  const auto* result = Result_(*parsed);
  if (result == nullptr) return MakeError(ErrorCode::kBadResponse, "bybit: no key information");
  KeyPermissions k;
  if (const auto* perms = json::Find(*result, "permissions"); perms && perms->is_object()) {
    for (const auto& [group, list] : perms->as_object()) {
      if (!list.is_array()) continue;
      for (const auto& p : list.as_array()) {
        if (!p.is_string()) continue;
        k.permissions_found.push_back(std::string(group) + "." + std::string(p.as_string()));
        if (group == "Wallet" && p.as_string() == "Withdraw") k.turn_off.emplace_back("Withdraw");
      }
    }
  }
  if (json::GetInt(*result, "readOnly").value_or(0) != 1) {
    k.turn_off.insert(k.turn_off.begin(),
                      "Read-Write (choose \"Read-Only\" when creating the key)");
  }
  if (const auto* ips = json::Find(*result, "ips"); ips && ips->is_array()) {
    for (const auto& ip : ips->as_array()) {
      if (ip.is_string() && ip.as_string() != "*" && !ip.as_string().empty())
        k.ip_restricted = true;
    }
  }
  k.verdict = k.turn_off.empty() ? KeyVerdict::kAccepted : KeyVerdict::kRefused;
  return k;
}

BybitClient::BybitClient(net::Url base, VenueLink& link)
    : KeyedClient(std::move(base), link, kReads, "bybit") {}

std::optional<std::int64_t> BybitClient::ServerTimeMs(std::string_view body) const {
  auto parsed = json::Parse(body);
  return parsed ? json::GetInt(*parsed, "time") : std::nullopt;
}

Result<net::HttpRequest> BybitClient::Signed(std::string_view path, std::string_view query,
                                             std::int64_t now, const Credentials& c) const {
  auto req = Request(path, query);
  if (!req) return req.error();
  const std::string ts = std::to_string(now);
  const std::string window = std::to_string(link_.options().recv_window_ms);
  req->headers = {{"X-BAPI-API-KEY", std::string(c.api_key.view())},
                  {"X-BAPI-TIMESTAMP", ts},
                  {"X-BAPI-RECV-WINDOW", window},
                  {"X-BAPI-SIGN", Sign(ts, c.api_key.view(), window, query, c.api_secret)},
                  {"X-BAPI-SIGN-TYPE", "2"}};
  return req;
}

Result<AccountSnapshot> BybitClient::ReadAccount(const Credentials& c) {
  // The account's margin mode changes rarely: kept per connection for
  // options().account_config (account_cache.h).
  auto info = Kept(c, "/v5/account/info", link_.options().account_config, nullptr,
                   [&]() -> Result<std::string> {
                     auto body = SignedGet("/v5/account/info", "", c);
                     if (!body) return body.error();
                     if (auto mode = ParseAccountInfo(*body); !mode) return mode.error();
                     return body;
                   });
  if (!info) return info.error();
  auto mode = ParseAccountInfo(*info);
  if (!mode) return mode.error();
  AccountSnapshot out;
  for (std::string_view coin : {"USDT", "USDC"}) {
    std::string cursor;
    for (int page = 0;; ++page) {
      if (page == kMaxPages)
        return MakeError(ErrorCode::kBadResponse, "bybit: too many position pages");
      std::string query = "category=linear&limit=200&settleCoin=" + std::string(coin);
      if (!cursor.empty())
        query = "category=linear&cursor=" + CursorParameter(cursor) +
                "&limit=200&settleCoin=" + std::string(coin);
      auto body = SignedGet("/v5/position/list", query, c);
      if (!body) return body.error();
      auto parsed = ParsePositionList(*body, *mode, "bybit");
      if (!parsed) return parsed.error();
      for (auto& p : parsed->positions) out.positions.push_back(std::move(p));
      if (parsed->next_cursor.empty() || parsed->next_cursor == cursor) break;
      cursor = parsed->next_cursor;
    }
  }
  // Inverse (coin-margined) contracts are not read: their open positions are counted so the user
  // is told (category=inverse needs neither symbol nor settleCoin,
  // bybit-exchange.github.io/docs/v5/position), at most every options().unwatched.refresh_ms.
  auto inverse = Kept(c, "/v5/position/list?category=inverse", link_.options().unwatched, nullptr,
                      [&]() -> Result<std::string> {
                        auto count = CountInverse(c, *mode);
                        if (!count) return count.error();
                        return std::to_string(*count);
                      });
  if (!inverse) return inverse.error();
  if (auto count = KeptCount(*inverse); count && *count > 0) {
    out.gaps.push_back({"inverse contracts", *count, "", ""});
  }
  auto wallet = SignedGet("/v5/account/wallet-balance", "accountType=UNIFIED", c);
  if (!wallet) return wallet.error();
  auto account = ParseWalletBalance(*wallet);
  if (!account) return account.error();
  out.account = *account;
  return out;
}

Result<int> BybitClient::CountInverse(const Credentials& c, MarginMode mode) {
  int inverse = 0;
  std::string cursor;
  for (int page = 0; page < kMaxPages; ++page) {
    std::string query = "category=inverse&limit=200";
    if (!cursor.empty())
      query = "category=inverse&cursor=" + CursorParameter(cursor) + "&limit=200";
    auto body = SignedGet("/v5/position/list", query, c);
    if (!body) return body.error();
    auto parsed = ParsePositionList(*body, mode, "bybit");
    if (!parsed) return parsed.error();
    inverse += static_cast<int>(parsed->positions.size());
    if (parsed->next_cursor.empty() || parsed->next_cursor == cursor) break;
    cursor = parsed->next_cursor;
  }
  return inverse;
}

Result<KeyPermissions> BybitClient::CheckPermissions(const Credentials& c) {
  auto body = SignedGet("/v5/user/query-api", "", c);
  if (!body) return body.error();
  return ParseQueryApi(*body);
}

std::span<const ReadEndpoint> AllowedReads() {
  return kReads;
}

}  // namespace baro::exchanges::bybit

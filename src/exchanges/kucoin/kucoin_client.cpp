#include "exchanges/kucoin/kucoin_client.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "core/json_util.h"
#include "exchanges/cross_account.h"
#include "exchanges/error_table.h"
#include "exchanges/signed_read.h"
#include "exchanges/signing.h"

namespace baro::exchanges::kucoin {
namespace {

constexpr std::array<ReadEndpoint, 5> kReads = {{{"GET", "/api/v1/positions"},
                                                 {"GET", "/api/v1/account-overview"},
                                                 {"GET", "/api/v1/contracts/active"},
                                                 {"GET", "/api/v1/timestamp"},
                                                 {"GET", "/api/v1/user/api-key"}}};

const boost::json::value* Data(const boost::json::value& v) {
  return json::Find(v, "data");
}

}  // namespace

std::string Sign(std::string_view payload, const SecretBytes& secret) {
  return HmacSha256Base64(secret, payload);
}

// KuCoin's gateway codes (exchanges.md §7.6, kucoin.com/docs-new error codes).
constexpr VenueErrorCode kKucoinErrors[] = {
    {"429000", ErrorCode::kRateLimited},      {"400002", ErrorCode::kClockSkew},
    {"400003", ErrorCode::kInvalidKey},       {"400008", ErrorCode::kInvalidKey},
    {"400009", ErrorCode::kInvalidKey},       {"411100", ErrorCode::kInvalidKey},
    {"400001", ErrorCode::kBadSignature},     {"400004", ErrorCode::kBadSignature},
    {"400005", ErrorCode::kBadSignature},     {"400006", ErrorCode::kIpNotAllowed},
    {"400007", ErrorCode::kMissingPermission}};

std::optional<Error> MapError(int status, std::string_view body) {
  auto parsed = json::Parse(body);
  const std::string code = parsed ? json::GetString(*parsed, "code").value_or("") : "";
  if (status == 200 && code == "200000") return std::nullopt;
  return MapVenueError("kucoin", status, code, parsed.ok(), kKucoinErrors, kPoolWindowMs);
}

std::optional<Error> MapResponse(const net::HttpResponse& response) {
  auto e = MapError(response.status, response.body);
  if (!e || e->code != ErrorCode::kRateLimited) return e;
  // A Retry-After (RFC 9110) says it outright; else gw-ratelimit-reset: milliseconds until the
  // pool refills (https://www.kucoin.com/docs/basic-info/request-rate-limit/rest-api).
  if (auto wait = RetryAfterHeaderMs(response)) {
    e->retry_after_ms = *wait;
  } else if (auto reset = response.Header("gw-ratelimit-reset")) {
    if (auto ms = json::ParseNumber(*reset); ms && *ms > 0 && *ms <= kPoolWindowMs)
      e->retry_after_ms = static_cast<std::int64_t>(std::ceil(*ms));
  }
  return e;
}

Result<std::unordered_map<std::string, double>> ParseContracts(std::string_view body) {
  auto parsed = json::Parse(body);
  if (!parsed) return parsed.error();
  const auto* data = Data(*parsed);
  if (data == nullptr || !data->is_array())
    return MakeError(ErrorCode::kBadResponse, "kucoin: no contract list");
  std::unordered_map<std::string, double> out;
  for (const auto& item : data->as_array()) {
    if (json::GetBool(item, "isInverse").value_or(false)) continue;
    auto symbol = json::GetString(item, "symbol");
    auto multiplier = json::GetNumber(item, "multiplier");
    if (symbol && multiplier && *multiplier > 0) out[*symbol] = *multiplier;
  }
  return out;
}

Result<std::vector<Position>> ParsePositions(std::string_view body, const ContractSize& size_of,
                                             std::string_view account) {
  auto parsed = json::Parse(body);
  if (!parsed) return parsed.error();
  const auto* data = Data(*parsed);
  if (data == nullptr || !data->is_array())
    return MakeError(ErrorCode::kBadResponse, "kucoin: no position list");
  std::vector<Position> out;
  for (const auto& item : data->as_array()) {
    if (json::GetBool(item, "isInverse").value_or(false)) continue;  // coin-margined: not read
    if (!json::GetBool(item, "isOpen").value_or(true)) continue;
    auto qty = json::GetNumber(item, "currentQty");
    if (!qty || *qty == 0) continue;
    Position p;
    p.venue = Venue::kKucoin;
    p.account = std::string(account);
    p.symbol = json::GetString(item, "symbol").value_or("");
    auto lot = size_of(p.symbol);
    if (!lot) return MakeError(ErrorCode::kBadResponse, "kucoin: unknown contract " + p.symbol);
    p.quote = json::GetString(item, "settleCurrency").value_or("USDT");
    // USDT- and USDC-settled contracts are margined apart: USDC's account is named "USDC".
    p.margin_account = p.quote == "USDT" ? "" : p.quote;
    std::string base = p.symbol;
    if (base.ends_with("M")) base.pop_back();
    if (base.ends_with(p.quote)) base.resize(base.size() - p.quote.size());
    p.base = base == "XBT" ? "BTC" : base;
    // Hedge mode names the side (positionSide LONG / SHORT); one-way mode (BOTH) signs the
    // quantity.
    const std::string position_side = json::GetString(item, "positionSide").value_or("BOTH");
    p.side = position_side == "LONG"    ? Side::kLong
             : position_side == "SHORT" ? Side::kShort
             : *qty > 0                 ? Side::kLong
                                        : Side::kShort;
    p.size = std::fabs(*qty) * *lot;
    p.entry_price = json::GetNumber(item, "avgEntryPrice").value_or(0);
    p.mark_price = json::GetNumber(item, "markPrice").value_or(0);
    if (auto lp = json::GetNumber(item, "liquidationPrice"); lp && *lp > 0)
      p.liquidation_price = lp;
    p.leverage = json::GetNumber(item, "leverage")
                     .value_or(json::GetNumber(item, "realLeverage").value_or(0));
    const std::string mode = json::GetString(item, "marginMode").value_or("");
    const bool cross =
        mode.empty() ? json::GetBool(item, "crossMode").value_or(false) : mode == "CROSS";
    p.margin_mode = cross ? MarginMode::kCross : MarginMode::kIsolated;
    if (!cross) p.isolated_margin = json::GetNumber(item, "posMargin");
    p.notional = std::fabs(json::GetNumber(item, "markValue").value_or(p.size * p.mark_price));
    if (auto mm = json::GetNumber(item, "posMaint")) p.maintenance_margin = *mm;
    if (auto rate = json::GetNumber(item, "maintMarginReq")) {
      p.maintenance_margin_rate = *rate;
    } else if (auto isolated_rate = json::GetNumber(item, "maintainMargin")) {
      p.maintenance_margin_rate = *isolated_rate;
    }
    p.unrealized_pnl = json::GetNumber(item, "unrealisedPnl").value_or(0);
    p.update_time_ms = json::GetInt(item, "currentTimestamp").value_or(0);
    out.push_back(std::move(p));
  }
  return out;
}

Result<int> CountCoinMargined(std::string_view body) {
  auto parsed = json::Parse(body);
  if (!parsed) return parsed.error();
  const auto* data = Data(*parsed);
  if (data == nullptr || !data->is_array())
    return MakeError(ErrorCode::kBadResponse, "kucoin: no position list");
  int n = 0;
  for (const auto& item : data->as_array()) {
    if (!json::GetBool(item, "isInverse").value_or(false)) continue;
    if (!json::GetBool(item, "isOpen").value_or(true)) continue;
    if (json::GetNumber(item, "currentQty").value_or(0) != 0) ++n;
  }
  return n;
}

Result<Account> ParseAccountOverview(std::string_view body) {
  auto parsed = json::Parse(body);
  if (!parsed) return parsed.error();
  const auto* data = Data(*parsed);
  if (data == nullptr || !data->is_object())
    return MakeError(ErrorCode::kBadResponse, "kucoin: no account overview");
  Account a;
  a.currency = json::GetString(*data, "currency").value_or("USDT");
  a.equity = json::GetNumber(*data, "accountEquity").value_or(0);
  a.available_balance = json::GetNumber(*data, "availableBalance").value_or(0);
  // riskRatio is the cross account's maintenance requirement over its equity.
  if (auto risk = json::GetNumber(*data, "riskRatio")) {
    a.margin_ratio = *risk;
    a.maintenance_margin = *risk * a.equity;
  }
  return a;
}

Result<KeyPermissions> ParseApiKey(std::string_view body) {
  auto parsed = json::Parse(body);
  if (!parsed) return parsed.error();
  const auto* data = Data(*parsed);
  if (data == nullptr || !data->is_object())
    return MakeError(ErrorCode::kBadResponse, "kucoin: no key information");
  KeyPermissions k;
  const std::string list = json::GetString(*data, "permission").value_or("");
  bool futures = false;
  std::string_view rest = list;
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    std::string one(rest.substr(0, comma));
    while (!one.empty() && one.front() == ' ') one.erase(0, 1);
    if (!one.empty()) {
      k.permissions_found.push_back(one);
      if (one == "Futures") futures = true;
      // Only General (read-only) and Futures (needed to read positions) are kept. Everything
      // else moves money or trades elsewhere: Spot and Margin trading, Transfer (KuCoin's
      // withdrawal permission), InnerTransfer, FlexTransfers, Earn, and any permission KuCoin adds
      // later.
      if (one != "General" && one != "Futures") k.turn_off.push_back(one);
    }
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  // A key must show what it may do: no permission list (or an empty one) is refused by name.
  if (k.permissions_found.empty()) k.turn_off.emplace_back("permission (not reported by KuCoin)");
  k.ip_restricted = !json::GetString(*data, "ipWhitelist").value_or("").empty();
  if (!k.turn_off.empty()) {
    k.verdict = KeyVerdict::kRefused;
  } else if (futures) {
    // KuCoin's futures position endpoints require the Futures permission, which also allows
    // futures trading: accepted, said plainly, with the advice to bind the key to Baro's address.
    k.verdict = KeyVerdict::kAcceptedWithWarning;
    k.warnings.push_back("connect.warning.kucoin_futures");
  } else {
    k.verdict = KeyVerdict::kAccepted;
  }
  return k;
}

KucoinClient::KucoinClient(net::Url futures, net::Url spot, VenueLink& link)
    : KeyedClient(std::move(futures), link, kReads, "kucoin"), spot_(std::move(spot)) {}

std::optional<std::int64_t> KucoinClient::ServerTimeMs(std::string_view body) const {
  auto parsed = json::Parse(body);
  const auto* data = parsed ? Data(*parsed) : nullptr;
  if (data == nullptr || !data->is_number()) return std::nullopt;
  return data->to_number<std::int64_t>();
}

Status KucoinClient::LoadContracts(bool force) {
  auto req = Request("/api/v1/contracts/active");
  if (!req) return req.error();
  return RefreshContracts(link_, base_, *req, ErrorMapper(MapResponse), ParseContracts, force,
                          kWeight.contracts);
}

Result<net::HttpRequest> KucoinClient::Signed(std::string_view path, std::string_view query,
                                              std::int64_t now, const Credentials& c) const {
  auto req = Request(path, query);
  if (!req) return req.error();
  const std::string ts = std::to_string(now);
  std::string payload = ts + "GET" + req->target;
  req->headers = {{"KC-API-KEY", std::string(c.api_key.view())},
                  {"KC-API-SIGN", Sign(payload, c.api_secret)},
                  {"KC-API-TIMESTAMP", ts},
                  {"KC-API-PASSPHRASE", Sign(c.passphrase.view(), c.api_secret)},
                  {"KC-API-KEY-VERSION", "3"}};
  SecureZero(payload);
  return req;
}

Result<AccountSnapshot> KucoinClient::ReadAccount(const Credentials& c) {
  if (auto st = LoadContracts(false); !st) return st.error();
  // Every position, whatever it settles in ("Query all positions when empty"): USDT- and
  // USDC-settled ones are read, each settlement currency its own account; coin-margined (inverse)
  // ones are counted, not read.
  auto positions = SignedGet("/api/v1/positions", "", c, kWeight.positions);
  if (!positions) return positions.error();
  auto size_of = [this](const std::string& symbol) { return link_.contracts().Size(symbol); };
  auto parsed = ParseWithContracts<std::vector<Position>>(
      [&] { return ParsePositions(*positions, size_of, "kucoin"); },
      [this] { return LoadContracts(true); });
  if (!parsed) return parsed.error();
  auto coin_margined = CountCoinMargined(*positions);
  if (!coin_margined) return coin_margined.error();
  AccountSnapshot out;
  out.positions = std::move(*parsed);
  for (std::string_view currency : {"USDT", "USDC"}) {
    const std::string name = currency == "USDT" ? "" : std::string(currency);
    const bool held = std::any_of(out.positions.begin(), out.positions.end(),
                                  [&](const Position& p) { return p.margin_account == name; });
    if (!name.empty() && !held) continue;
    auto overview = SignedGet("/api/v1/account-overview", "currency=" + std::string(currency), c,
                              kWeight.account_overview);
    if (!overview) return overview.error();
    auto account = ParseAccountOverview(*overview);
    if (!account) return account.error();
    account->name = name;
    // accountEquity counts the isolated positions too; the cross account is what is left.
    Account cross = CrossOnly(*account, out.positions);
    if (cross.margin_ratio) cross.maintenance_margin = *cross.margin_ratio * cross.equity;
    if (name.empty()) {
      out.account = std::move(cross);
    } else {
      out.other_accounts.push_back(std::move(cross));
    }
  }
  if (*coin_margined > 0) {
    out.gaps.push_back({"coin-margined futures", *coin_margined, "", ""});
  }
  return out;
}

Result<KeyPermissions> KucoinClient::CheckPermissions(const Credentials& c) {
  auto body = SignedGetAt(spot_, "/api/v1/user/api-key", "", c, kWeight.api_key);
  if (!body) return body.error();
  auto k = ParseApiKey(*body);
  if (!k || k->verdict == KeyVerdict::kRefused) return k;
  // The key must be able to read futures positions (KuCoin may require the Futures permission).
  auto probe = SignedGet("/api/v1/positions", "currency=USDT", c, kWeight.positions);
  if (!probe && probe.error().code == ErrorCode::kMissingPermission) {
    return MakeError(ErrorCode::kMissingPermission,
                     "kucoin: the key needs the Futures permission to read futures positions");
  }
  if (!probe) return probe.error();
  return k;
}

std::span<const ReadEndpoint> AllowedReads() {
  return kReads;
}

}  // namespace baro::exchanges::kucoin

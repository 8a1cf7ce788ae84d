#include "exchanges/okx/okx_client.h"

#include <array>
#include <cmath>
#include <ctime>

#include "core/json_util.h"
#include "core/time_number.h"
#include "exchanges/error_table.h"
#include "exchanges/signed_read.h"
#include "exchanges/signing.h"

namespace baro::exchanges::okx {
namespace {

constexpr std::array<ReadEndpoint, 5> kReads = {{{"GET", "/api/v5/account/positions"},
                                                 {"GET", "/api/v5/account/balance"},
                                                 {"GET", "/api/v5/account/config"},
                                                 {"GET", "/api/v5/public/instruments"},
                                                 {"GET", "/api/v5/public/time"}}};

const boost::json::array* Data(const boost::json::value& v) {
  const auto* data = json::Find(v, "data");
  return data != nullptr && data->is_array() ? &data->as_array() : nullptr;
}

// A field that may be "" (not applicable): absent rather than 0.
std::optional<double> Number(const boost::json::value& v, std::string_view key) {
  return json::GetNumber(v, key);
}

}  // namespace

std::string IsoTimestamp(std::int64_t ms) {
  const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buf[32];
  const std::size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &utc);
  char millis[8];
  std::snprintf(millis, sizeof millis, ".%03dZ", static_cast<int>(ms % 1000));
  return std::string(buf, n) + millis;
}

std::string Sign(std::string_view timestamp, std::string_view method, std::string_view request_path,
                 std::string_view body, const SecretBytes& secret) {
  std::string payload;
  payload.reserve(timestamp.size() + method.size() + request_path.size() + body.size());
  payload.append(timestamp).append(method).append(request_path).append(body);
  std::string sig = HmacSha256Base64(secret, payload);
  SecureZero(payload);
  return sig;
}

// OKX's error codes (exchanges.md §4.6, okx.com/docs-v5 "Error Code").
constexpr VenueErrorCode kOkxErrors[] = {
    {"50011", ErrorCode::kRateLimited},      {"50061", ErrorCode::kRateLimited},
    {"50102", ErrorCode::kClockSkew},        {"50112", ErrorCode::kClockSkew},
    {"50100", ErrorCode::kInvalidKey},       {"50101", ErrorCode::kInvalidKey},
    {"50103", ErrorCode::kInvalidKey},       {"50111", ErrorCode::kInvalidKey},
    {"50104", ErrorCode::kBadSignature},     {"50105", ErrorCode::kBadSignature},
    {"50106", ErrorCode::kBadSignature},     {"50113", ErrorCode::kBadSignature},
    {"50035", ErrorCode::kIpNotAllowed},     {"50110", ErrorCode::kIpNotAllowed},
    {"50120", ErrorCode::kMissingPermission}};

std::optional<Error> MapError(int status, std::string_view body) {
  auto parsed = json::Parse(body);
  const std::string code = parsed ? json::GetString(*parsed, "code").value_or("") : "";
  if (status == 200 && code == "0") return std::nullopt;
  // The limits count per 2-second window.
  return MapVenueError("okx", status, code, parsed.ok(), kOkxErrors, 2000);
}

std::optional<Error> MapResponse(const net::HttpResponse& response) {
  auto e = MapError(response.status, response.body);
  if (!e || e->code != ErrorCode::kRateLimited) return e;
  // https://www.okx.com/docs-v5/en/#error-code: 50011 comes with HTTP 429; a Retry-After on it is
  // the venue's own word on when the account may read again.
  if (auto wait = RetryAfterHeaderMs(response)) e->retry_after_ms = *wait;
  return e;
}

Result<std::unordered_map<std::string, double>> ParseInstruments(std::string_view body) {
  auto parsed = json::Parse(body);
  if (!parsed) return parsed.error();
  const auto* data = Data(*parsed);
  if (data == nullptr) return MakeError(ErrorCode::kBadResponse, "okx: no instrument list");
  std::unordered_map<std::string, double> out;
  for (const auto& item : *data) {
    if (json::GetString(item, "ctType").value_or("") != "linear") continue;
    auto id = json::GetString(item, "instId");
    auto value = Number(item, "ctVal");
    const double mult = Number(item, "ctMult").value_or(1);
    if (id && value && *value > 0) out[*id] = *value * (mult > 0 ? mult : 1);
  }
  return out;
}

Result<std::vector<Position>> ParsePositions(std::string_view body, const ContractSize& size_of,
                                             std::string_view account, int* coin_margined) {
  if (coin_margined != nullptr) *coin_margined = 0;
  auto parsed = json::Parse(body);
  if (!parsed) return parsed.error();
  const auto* data = Data(*parsed);
  if (data == nullptr) return MakeError(ErrorCode::kBadResponse, "okx: no position list");
  std::vector<Position> out;
  for (const auto& item : *data) {
    if (json::GetString(item, "instType").value_or("SWAP") != "SWAP") continue;
    auto contracts = Number(item, "pos");
    if (!contracts || *contracts == 0) continue;
    Position p;
    p.venue = Venue::kOkx;
    p.account = std::string(account);
    p.symbol = json::GetString(item, "instId").value_or("");
    const auto dash = p.symbol.find('-');
    p.base = p.symbol.substr(0, dash);
    if (dash != std::string::npos) {
      p.quote = p.symbol.substr(dash + 1, p.symbol.find('-', dash + 1) - dash - 1);
    }
    // Coin-margined swaps (BTC-USD-SWAP: contracts worth USD, margin in the coin) are not read.
    if (p.quote == "USD") {
      if (coin_margined != nullptr) ++*coin_margined;
      continue;
    }
    auto ct = size_of(p.symbol);
    if (!ct) return MakeError(ErrorCode::kBadResponse, "okx: unknown contract " + p.symbol);
    const std::string pos_side = json::GetString(item, "posSide").value_or("net");
    // Long/short mode names the side; net mode signs the quantity.
    p.side = pos_side == "long"    ? Side::kLong
             : pos_side == "short" ? Side::kShort
             : *contracts > 0      ? Side::kLong
                                   : Side::kShort;
    p.size = std::fabs(*contracts) * *ct;
    p.entry_price = Number(item, "avgPx").value_or(0);
    p.mark_price = Number(item, "markPx").value_or(0);
    // liqPx is "" when there is none.
    if (auto lp = Number(item, "liqPx"); lp && *lp > 0) p.liquidation_price = lp;
    p.leverage = Number(item, "lever").value_or(0);
    p.margin_mode = json::GetString(item, "mgnMode").value_or("cross") == "isolated"
                        ? MarginMode::kIsolated
                        : MarginMode::kCross;
    if (p.margin_mode == MarginMode::kIsolated) p.isolated_margin = Number(item, "margin");
    p.notional = p.size * p.mark_price;
    if (auto mm = Number(item, "mmr")) {
      p.maintenance_margin = *mm;
      if (p.notional > 0) p.maintenance_margin_rate = *mm / p.notional;
    }
    p.unrealized_pnl = Number(item, "upl").value_or(0);
    p.update_time_ms = static_cast<std::int64_t>(Number(item, "uTime").value_or(0));
    out.push_back(std::move(p));
  }
  return out;
}

Result<Account> ParseBalance(std::string_view body) {
  auto parsed = json::Parse(body);
  if (!parsed) return parsed.error();
  const auto* data = Data(*parsed);
  if (data == nullptr || data->empty())
    return MakeError(ErrorCode::kBadResponse, "okx: no balance");
  const auto& b = (*data)[0];
  Account a;
  a.currency = "USD";
  // adjEq is already the cross-margin equity ("assets that can provide margins ... under the
  // cross-margin mode"); totalEq and a currency's eq count isolated positions (isoEq) too.
  auto adjusted = Number(b, "adjEq");
  a.equity = adjusted.value_or(Number(b, "totalEq").value_or(0));
  a.available_balance = Number(b, "availEq").value_or(0);
  auto mmr = Number(b, "mmr");
  auto okx_ratio = Number(b, "mgnRatio");
  double isolated_equity = Number(b, "isoEq").value_or(0);
  double upl = Number(b, "upl").value_or(0);
  double isolated_upl = Number(b, "isoUpl").value_or(0);
  // Multi-currency and portfolio margin fill the account-level figures; futures mode ("" there)
  // keeps them per currency: then the USDT figures apply, or USDC's when only USDC has cross
  // positions.
  if (!mmr) {
    const boost::json::value* usdt = nullptr;
    const boost::json::value* usdc = nullptr;
    if (const auto* details = json::Find(b, "details"); details && details->is_array()) {
      for (const auto& d : details->as_array()) {
        const std::string ccy = json::GetString(d, "ccy").value_or("");
        if (ccy == "USDT" && usdt == nullptr) usdt = &d;
        if (ccy == "USDC" && usdc == nullptr) usdc = &d;
      }
    }
    const bool usdc_only =
        usdc != nullptr && Number(*usdc, "mmr") && (usdt == nullptr || !Number(*usdt, "mmr"));
    if (const auto* d = usdc_only ? usdc : usdt != nullptr ? usdt : usdc) {
      a.currency = json::GetString(*d, "ccy").value_or("USDT");
      a.equity = Number(*d, "eq").value_or(0);
      adjusted.reset();
      a.available_balance = Number(*d, "availEq").value_or(Number(*d, "availBal").value_or(0));
      mmr = Number(*d, "mmr");
      okx_ratio = Number(*d, "mgnRatio");
      isolated_equity = Number(*d, "isoEq").value_or(0);
      upl = Number(*d, "upl").value_or(0);
      isolated_upl = Number(*d, "isoUpl").value_or(0);
    }
  }
  a.maintenance_margin = mmr.value_or(0);
  // eq and totalEq count the isolated positions' equity (isoEq); the cross account is the rest,
  // and its wallet that less the cross uPnL (upl - isoUpl) (okx.com/docs-v5 "Get balance").
  // OKX's mgnRatio is the cross equity over the maintenance requirement plus liquidation fees
  // (liquidation at 100 %); Baro's ratio is its inverse. Without it: requirement over the equity
  // that is not held by isolated positions.
  const double cross_equity = adjusted ? a.equity : a.equity - isolated_equity;
  a.equity = cross_equity;
  a.cross_wallet_balance = cross_equity - (upl - isolated_upl);
  if (okx_ratio && *okx_ratio > 0) {
    a.margin_ratio = 1.0 / *okx_ratio;
  } else if (mmr && cross_equity > 0) {
    a.margin_ratio = *mmr / cross_equity;
  }
  return a;
}

Result<KeyPermissions> ParseAccountConfig(std::string_view body) {
  auto parsed = json::Parse(body);
  if (!parsed) return parsed.error();
  const auto* data = Data(*parsed);
  if (data == nullptr || data->empty())
    return MakeError(ErrorCode::kBadResponse, "okx: no account configuration");
  const auto& config = (*data)[0];
  KeyPermissions k;
  const std::string perm_text = json::GetString(config, "perm").value_or("");
  std::string_view perm = perm_text;
  bool read = false;
  while (!perm.empty()) {
    const auto comma = perm.find(',');
    std::string_view one = perm.substr(0, comma);
    while (!one.empty() && one.front() == ' ') one.remove_prefix(1);
    if (!one.empty()) {
      k.permissions_found.emplace_back(one);
      // An allow-list: read_only is the one permission a monitor's key may hold; Trade,
      // Withdraw and any name OKX adds later are refused by name.
      if (one == "read_only") {
        read = true;
      } else if (one == "trade") {
        k.turn_off.emplace_back("Trade");
      } else if (one == "withdraw") {
        k.turn_off.emplace_back("Withdraw");
      } else {
        k.turn_off.emplace_back(one);
      }
    }
    if (comma == std::string_view::npos) break;
    perm.remove_prefix(comma + 1);
  }
  k.ip_restricted = !json::GetString(config, "ip").value_or("").empty();
  if (!read && k.permissions_found.empty()) {
    k.turn_off.emplace_back("perm (not reported by OKX)");  // nothing says what the key may do
  }
  if (!k.turn_off.empty()) {
    k.verdict = KeyVerdict::kRefused;
  } else if (!read) {
    return MakeError(ErrorCode::kMissingPermission, "okx: the key has no Read permission");
  } else {
    k.verdict = KeyVerdict::kAccepted;
  }
  return k;
}

OkxClient::OkxClient(net::Url base, VenueLink& link)
    : KeyedClient(std::move(base), link, kReads, "okx") {}

std::optional<std::int64_t> OkxClient::ServerTimeMs(std::string_view body) const {
  auto parsed = json::Parse(body);
  const auto* data = parsed ? Data(*parsed) : nullptr;
  auto ts = data && !data->empty() ? Number((*data)[0], "ts") : std::nullopt;
  return WholeTime(ts);
}

Status OkxClient::LoadContracts(bool force) {
  auto req = Request("/api/v5/public/instruments", "instType=SWAP");
  if (!req) return req.error();
  return RefreshContracts(link_, base_, *req, ErrorMapper(MapResponse), ParseInstruments, force);
}

Result<net::HttpRequest> OkxClient::Signed(std::string_view path, std::string_view query,
                                           std::int64_t now, const Credentials& c) const {
  auto req = Request(path, query);
  if (!req) return req.error();
  const std::string ts = IsoTimestamp(now);
  req->headers = {{"OK-ACCESS-KEY", std::string(c.api_key.view())},
                  {"OK-ACCESS-SIGN", Sign(ts, "GET", req->target, "", c.api_secret)},
                  {"OK-ACCESS-TIMESTAMP", ts},
                  {"OK-ACCESS-PASSPHRASE", std::string(c.passphrase.view())},
                  {"Content-Type", "application/json"}};
  return req;
}

Result<AccountSnapshot> OkxClient::ReadAccount(const Credentials& c) {
  if (auto st = LoadContracts(false); !st) return st.error();
  auto positions = SignedGet("/api/v5/account/positions", "instType=SWAP", c);
  if (!positions) return positions.error();
  auto size_of = [this](const std::string& id) { return link_.contracts().Size(id); };
  // A contract listed since the table was read is read again once.
  int coin_margined = 0;
  auto parsed = ParseWithContracts<std::vector<Position>>(
      [&] { return ParsePositions(*positions, size_of, "okx", &coin_margined); },
      [this] { return LoadContracts(true); });
  if (!parsed) return parsed.error();
  auto balance = SignedGet("/api/v5/account/balance", "", c);
  if (!balance) return balance.error();
  auto account = ParseBalance(*balance);
  if (!account) return account.error();
  AccountSnapshot out;
  out.positions = std::move(*parsed);
  out.account = *account;
  if (coin_margined > 0) out.gaps.push_back({"coin-margined swaps", coin_margined, "", ""});
  return out;
}

Result<KeyPermissions> OkxClient::CheckPermissions(const Credentials& c) {
  auto body = SignedGet("/api/v5/account/config", "", c);
  if (!body) return body.error();
  return ParseAccountConfig(*body);
}

std::span<const ReadEndpoint> AllowedReads() {
  return kReads;
}

}  // namespace baro::exchanges::okx

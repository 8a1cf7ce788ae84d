#include "exchanges/gate/gate_client.h"

#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <cmath>
#include <span>

#include "core/json_util.h"
#include "core/time_number.h"
#include "exchanges/error_table.h"
#include "exchanges/signed_read.h"
#include "exchanges/signing.h"

namespace baro::exchanges::gate {
namespace {

constexpr std::array<ReadEndpoint, 6> kReads = {{{"GET", "/api/v4/futures/usdt/positions"},
                                                 {"GET", "/api/v4/futures/btc/positions"},
                                                 {"GET", "/api/v4/futures/usdt/accounts"},
                                                 {"GET", "/api/v4/futures/usdt/contracts"},
                                                 {"GET", "/api/v4/account/detail"},
                                                 {"GET", "/api/v4/spot/time"}}};

constexpr std::string_view kNoFuturesAccount = "USER_NOT_FOUND";

std::string Label(std::string_view body) {
  auto parsed = json::Parse(body);
  return parsed ? json::GetString(*parsed, "label").value_or("") : "";
}

}  // namespace

std::string Sign(std::string_view method, std::string_view path, std::string_view query,
                 std::string_view body, std::string_view timestamp, const SecretBytes& secret) {
  std::string payload;
  payload.append(method).append("\n").append(path).append("\n").append(query).append("\n");
  payload.append(Sha512Hex(body)).append("\n").append(timestamp);
  std::string sig = HmacSha512Hex(secret, payload);
  SecureZero(payload);
  return sig;
}

// Gate's error labels (exchanges.md §6.6).
constexpr VenueErrorCode kGateErrors[] = {{"TOO_MANY_REQUESTS", ErrorCode::kRateLimited},
                                          {"TOO_FAST", ErrorCode::kRateLimited},
                                          {"REQUEST_EXPIRED", ErrorCode::kClockSkew},
                                          {"INVALID_KEY", ErrorCode::kInvalidKey},
                                          {"INVALID_CREDENTIALS", ErrorCode::kInvalidKey},
                                          {"ACCOUNT_LOCKED", ErrorCode::kInvalidKey},
                                          {"INVALID_SIGNATURE", ErrorCode::kBadSignature},
                                          {"MISSING_REQUIRED_HEADER", ErrorCode::kBadSignature},
                                          {"IP_FORBIDDEN", ErrorCode::kIpNotAllowed},
                                          {"FORBIDDEN", ErrorCode::kMissingPermission},
                                          {"READ_ONLY", ErrorCode::kMissingPermission}};

std::optional<Error> MapError(int status, std::string_view body) {
  if (status >= 200 && status < 300) return std::nullopt;
  const std::string label = Label(body);
  // The limits count per 10-second window.
  return MapVenueError("gate", status, label, !label.empty(), kGateErrors, 10'000);
}

std::optional<Error> MapResponse(const net::HttpResponse& response, std::int64_t venue_now_ms) {
  auto e = MapError(response.status, response.body);
  if (!e || e->code != ErrorCode::kRateLimited) return e;
  if (auto wait = RetryAfterHeaderMs(response)) {
    e->retry_after_ms = *wait;
  } else if (auto reset = response.Header("X-Gate-RateLimit-Reset-Timestamp")) {
    if (auto at = json::ParseNumber(*reset); at && *at > static_cast<double>(venue_now_ms)) {
      e->retry_after_ms =
          static_cast<std::int64_t>(std::min(std::ceil(*at - static_cast<double>(venue_now_ms)),
                                             static_cast<double>(kLongestVenueWaitMs)));
    }
  }
  return e;
}

Result<std::unordered_map<std::string, double>> ParseContracts(std::string_view body) {
  auto parsed = json::Parse(body);
  if (!parsed) return parsed.error();
  if (!parsed->is_array()) return MakeError(ErrorCode::kBadResponse, "gate: no contract list");
  std::unordered_map<std::string, double> out;
  for (const auto& item : parsed->as_array()) {
    auto name = json::GetString(item, "name");
    auto multiplier = json::GetNumber(item, "quanto_multiplier");
    if (name && multiplier && *multiplier > 0) out[*name] = *multiplier;
  }
  return out;
}

namespace {

Result<std::vector<Position>> ParsePositionRows(const boost::json::array& rows,
                                                const ContractSize& size_of,
                                                std::string_view account) {
  std::vector<Position> out;
  for (const auto& item : rows) {
    auto contracts = json::GetNumber(item, "size");  // an integer, or a decimal string
    if (!contracts || *contracts == 0) continue;
    Position p;
    p.venue = Venue::kGate;
    p.account = std::string(account);
    p.symbol = json::GetString(item, "contract").value_or("");
    auto multiplier = size_of(p.symbol);
    if (!multiplier)
      return MakeError(ErrorCode::kBadResponse, "gate: unknown contract " + p.symbol);
    const auto underscore = p.symbol.find('_');
    p.base = p.symbol.substr(0, underscore);
    p.quote = underscore == std::string::npos ? "USDT" : p.symbol.substr(underscore + 1);
    // Hedge mode names the side (dual_long / dual_short); single mode signs the size.
    const std::string mode = json::GetString(item, "mode").value_or("single");
    p.side = mode == "dual_long"    ? Side::kLong
             : mode == "dual_short" ? Side::kShort
             : *contracts > 0       ? Side::kLong
                                    : Side::kShort;
    p.size = std::fabs(*contracts) * *multiplier;
    p.entry_price = json::GetNumber(item, "entry_price").value_or(0);
    p.mark_price = json::GetNumber(item, "mark_price").value_or(0);
    if (auto lp = json::GetNumber(item, "liq_price"); lp && *lp > 0 && *lp < kNoLiquidationPrice)
      p.liquidation_price = lp;
    // leverage "0" is cross margin (its limit in cross_leverage_limit); a positive value isolated.
    const double leverage = json::GetNumber(item, "leverage").value_or(0);
    const std::string margin_mode = json::GetString(item, "pos_margin_mode").value_or("");
    const bool cross = margin_mode.empty() ? leverage == 0 : margin_mode == "cross";
    p.margin_mode = cross ? MarginMode::kCross : MarginMode::kIsolated;
    if (cross) {
      // cross_leverage_limit "0" sets no limit of its own: the position may then use the tier's
      // maximum, leverage_max (gate.io/docs/developers/apiv4 Position), not 1x.
      const double limit = json::GetNumber(item, "cross_leverage_limit").value_or(0);
      p.leverage = limit > 0 ? limit : json::GetNumber(item, "leverage_max").value_or(0);
    } else {
      p.leverage = leverage;
    }
    if (!cross) p.isolated_margin = json::GetNumber(item, "margin");
    p.notional = std::fabs(json::GetNumber(item, "value").value_or(p.size * p.mark_price));
    // maintenance_margin, when Gate fills it, is the requirement itself (the position is
    // liquidated when margin + unrealised_pnl falls to it); otherwise the tier's rate × value.
    auto rate = json::GetNumber(item, "maintenance_rate");
    if (rate) p.maintenance_margin_rate = *rate;
    if (auto mm = json::GetNumber(item, "maintenance_margin"); mm && *mm > 0) {
      p.maintenance_margin = *mm;
    } else if (rate) {
      p.maintenance_margin = *rate * p.notional;
    }
    p.unrealized_pnl = json::GetNumber(item, "unrealised_pnl").value_or(0);
    p.update_time_ms = json::GetInt(item, "update_time").value_or(0) * 1000;  // seconds
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace

Result<std::vector<Position>> ParsePositions(std::string_view body, const ContractSize& size_of,
                                             std::string_view account) {
  auto parsed = json::Parse(body);
  if (!parsed) return parsed.error();
  if (!parsed->is_array()) return MakeError(ErrorCode::kBadResponse, "gate: no position list");
  return ParsePositionRows(parsed->as_array(), size_of, account);
}

std::string PositionsPageQuery(int offset) {
  return "holding=true&limit=" + std::to_string(kPositionsPageLimit) +
         "&offset=" + std::to_string(offset);
}

Result<Account> ParseAccounts(std::string_view body, std::span<const Position> positions) {
  auto parsed = json::Parse(body);
  if (!parsed) return parsed.error();
  if (!parsed->is_object()) return MakeError(ErrorCode::kBadResponse, "gate: no futures account");
  const auto& v = *parsed;
  Account a;
  a.currency = json::GetString(v, "currency").value_or("USDT");
  a.available_balance =
      json::GetNumber(v, "cross_available").value_or(json::GetNumber(v, "available").value_or(0));
  // Accounts in the newer cross mode report the cross figures themselves
  // (gate.io/docs/developers/apiv4 FuturesAccount: cross_margin_balance, cross_unrealised_pnl,
  // cross_maintenance_margin).
  auto cross_mm = json::GetNumber(v, "cross_maintenance_margin");
  auto cross_balance = json::GetNumber(v, "cross_margin_balance");
  if (cross_mm && cross_balance) {
    a.equity = *cross_balance;
    if (auto upnl = json::GetNumber(v, "cross_unrealised_pnl"))
      a.cross_wallet_balance = *cross_balance - *upnl;
    a.maintenance_margin = *cross_mm;
    if (*cross_balance > 0) a.margin_ratio = *cross_mm / *cross_balance;
    return a;
  }
  // Classic accounts: `total` (without uPnL) holds every position's margin, isolated ones too, and
  // the account's maintenance_margin may come as "0". The cross account is the total less the
  // isolated positions' margin, plus the account's uPnL less theirs; its requirement is the cross
  // positions' own.
  double wallet = json::GetNumber(v, "total").value_or(0);
  double upnl = json::GetNumber(v, "unrealised_pnl").value_or(0);
  double maintenance = 0;
  for (const auto& p : positions) {
    if (p.margin_mode == MarginMode::kIsolated) {
      wallet -= p.isolated_margin.value_or(0);
      upnl -= p.unrealized_pnl;
    } else {
      maintenance += p.maintenance_margin.value_or(0);
    }
  }
  a.cross_wallet_balance = wallet;
  a.equity = wallet + upnl;
  a.maintenance_margin = maintenance;
  if (a.equity > 0 && maintenance > 0) a.margin_ratio = maintenance / a.equity;
  return a;
}

Result<bool> ParseAccountDetailIpRestricted(std::string_view body) {
  auto parsed = json::Parse(body);
  if (!parsed) return parsed.error();
  if (!parsed->is_object()) return MakeError(ErrorCode::kBadResponse, "gate: no account detail");
  const auto* ips = json::Find(*parsed, "ip_whitelist");
  return ips != nullptr && ips->is_array() && !ips->as_array().empty();
}

namespace {
// USER_NOT_FOUND (no futures account yet) is an answer, not an error: the caller reads it as an
// empty account.
ErrorMapper Mapper(const VenueLink& link) {
  return [&link](const net::HttpResponse& r) -> std::optional<Error> {
    if (r.status >= 200 && r.status < 300) return std::nullopt;
    if (Label(r.body) == kNoFuturesAccount) return std::nullopt;
    return MapResponse(r, link.VenueNowMs());
  };
}
}  // namespace

GateClient::GateClient(net::Url base, VenueLink& link)
    : KeyedClient(std::move(base), link, kReads, "gate") {}

std::optional<Error> GateClient::MapAnswer(const net::HttpResponse& r) const {
  return Mapper(link_)(r);
}

std::optional<std::int64_t> GateClient::ServerTimeMs(std::string_view body) const {
  auto parsed = json::Parse(body);
  auto server = parsed ? json::GetNumber(*parsed, "server_time") : std::nullopt;
  return WholeTime(server);
}

Status GateClient::LoadContracts(bool force) {
  auto req = Request("/api/v4/futures/usdt/contracts");
  if (!req) return req.error();
  return RefreshContracts(link_, base_, *req, Mapper(link_), ParseContracts, force);
}

Result<net::HttpRequest> GateClient::Signed(std::string_view path, std::string_view query,
                                            std::int64_t now, const Credentials& c) const {
  auto req = Request(path, query);
  if (!req) return req.error();
  const std::string ts = std::to_string(now / 1000);
  req->headers = {{"KEY", std::string(c.api_key.view())},
                  {"Timestamp", ts},
                  {"SIGN", Sign("GET", path, query, "", ts, c.api_secret)},
                  {"Accept", "application/json"}};
  return req;
}

Result<AccountSnapshot> GateClient::ReadAccount(const Credentials& c) {
  if (auto st = LoadContracts(false); !st) return st.error();
  AccountSnapshot out;
  // Pages of held positions, each parsed once; a full page means there may be another.
  boost::json::array rows;
  for (int page = 0;; ++page) {
    if (page == kMaxPositionPages)
      return MakeError(ErrorCode::kBadResponse, "gate: position list longer than expected");
    auto body = SignedGet("/api/v4/futures/usdt/positions",
                          PositionsPageQuery(page * kPositionsPageLimit), c);
    if (!body) return body.error();
    auto parsed = json::Parse(*body);
    if (!parsed) return parsed.error();
    if (!parsed->is_array()) {
      // A key whose user never opened a futures account reads as an empty account.
      if (json::GetString(*parsed, "label") == kNoFuturesAccount) return out;
      return MakeError(ErrorCode::kBadResponse, "gate: no position list");
    }
    auto& page_rows = parsed->as_array();
    const bool full = page_rows.size() >= static_cast<std::size_t>(kPositionsPageLimit);
    for (auto& row : page_rows) rows.push_back(std::move(row));
    if (!full) break;
  }
  auto size_of = [this](const std::string& contract) { return link_.contracts().Size(contract); };
  auto parsed = ParseWithContracts<std::vector<Position>>(
      [&] { return ParsePositionRows(rows, size_of, "gate"); },
      [this] { return LoadContracts(true); });
  if (!parsed) return parsed.error();
  out.positions = std::move(*parsed);
  // BTC-settled (coin-margined) futures are not read: their open positions are counted so the
  // user is told, at most every options().unwatched.refresh_ms (account_cache.h).
  auto coin_margined = Kept(c, "/api/v4/futures/btc/positions", link_.options().unwatched, nullptr,
                            [&]() -> Result<std::string> {
                              auto count = CountBtcSettled(c);
                              if (!count) return count.error();
                              return std::to_string(*count);
                            });
  if (!coin_margined) return coin_margined.error();
  if (auto count = KeptCount(*coin_margined); count && *count > 0) {
    out.gaps.push_back({"BTC-settled futures", *count, "", ""});
  }
  auto accounts = SignedGet("/api/v4/futures/usdt/accounts", "", c);
  if (!accounts) return accounts.error();
  if (Label(*accounts) != kNoFuturesAccount) {
    auto account = ParseAccounts(*accounts, out.positions);
    if (!account) return account.error();
    out.account = *account;
  }
  return out;
}

Result<int> GateClient::CountBtcSettled(const Credentials& c) {
  int coin_margined = 0;
  for (int page = 0; page < kMaxPositionPages; ++page) {
    auto body = SignedGet("/api/v4/futures/btc/positions",
                          PositionsPageQuery(page * kPositionsPageLimit), c);
    if (!body) return body.error();
    auto rows = json::Parse(*body);
    if (!rows) return rows.error();
    if (!rows->is_array()) break;  // no BTC-settled account
    for (const auto& row : rows->as_array()) {
      if (json::GetNumber(row, "size").value_or(0) != 0) ++coin_margined;
    }
    if (rows->as_array().size() < static_cast<std::size_t>(kPositionsPageLimit)) break;
  }
  return coin_margined;
}

Result<KeyPermissions> GateClient::CheckPermissions(const Credentials& c) {
  // The key must read futures positions; what else it may do cannot be asked of Gate.
  auto probe = SignedGet("/api/v4/futures/usdt/positions", PositionsPageQuery(0), c);
  if (!probe) return probe.error();
  KeyPermissions k;
  k.verdict = KeyVerdict::kUnverified;
  k.permissions_found = {"futures read (other permissions not reported by Gate)"};
  auto detail = SignedGet("/api/v4/account/detail", "", c);
  if (detail && Label(*detail) != kNoFuturesAccount) {
    if (auto restricted = ParseAccountDetailIpRestricted(*detail)) k.ip_restricted = *restricted;
  }
  return k;
}

std::span<const ReadEndpoint> AllowedReads() {
  return kReads;
}

}  // namespace baro::exchanges::gate

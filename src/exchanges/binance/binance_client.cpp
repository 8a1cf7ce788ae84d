#include "exchanges/binance/binance_client.h"

#include <array>
#include <cmath>
#include <map>

#include "core/clock.h"
#include "core/json_util.h"
#include "exchanges/read_only_request.h"
#include "exchanges/signed_read.h"
#include "exchanges/signing.h"

namespace baro::exchanges::binance {
namespace {

// Every endpoint Baro may call on Binance. Nothing else can be built.
constexpr std::array<ReadEndpoint, 7> kReads = {{{"GET", "/fapi/v3/positionRisk"},
                                                 {"GET", "/fapi/v1/leverageBracket"},
                                                 {"GET", "/fapi/v1/symbolConfig"},
                                                 {"GET", "/fapi/v3/account"},
                                                 {"GET", "/fapi/v1/time"},
                                                 {"GET", "/fapi/v1/premiumIndex"},
                                                 {"GET", "/sapi/v1/account/apiRestrictions"}}};

}  // namespace

std::string SignQuery(std::string_view query, const SecretBytes& secret) {
  return std::string(query) + "&signature=" + HmacSha256Hex(secret, query);
}

Error MapError(int status, std::string_view body, std::string_view retry_after) {
  auto parsed = json::Parse(body);
  const std::int64_t code = parsed ? json::GetInt(*parsed, "code").value_or(0) : 0;
  const std::string msg = parsed ? json::GetString(*parsed, "msg").value_or("") : "";
  if (status == 429 || status == 418 || code == -1003) {
    Error e = MakeError(ErrorCode::kRateLimited,
                        status == 418 ? "binance: IP banned" : "binance: rate limited");
    e.retry_after_ms = static_cast<std::int64_t>(
        json::ParseNumber(retry_after).value_or(status == 418 ? 120 : 60) * 1000);
    return e;
  }
  switch (code) {
    case -2015:
      return MakeError(ErrorCode::kInvalidKey,
                       "binance: invalid API key, IP not allowed, or futures permission missing");
    case -2014:
      return MakeError(ErrorCode::kInvalidKey, "binance: API key format invalid");
    case -1022:
      return MakeError(ErrorCode::kBadSignature, "binance: signature not valid (check the secret)");
    case -1021:
      return MakeError(ErrorCode::kClockSkew, "binance: timestamp outside recvWindow");
    case -1002:
      return MakeError(ErrorCode::kMissingPermission, "binance: not authorized");
    default:
      break;
  }
  if (status >= 500 || status == 408) {
    return MakeError(ErrorCode::kUnavailable,
                     "binance: unavailable (HTTP " + std::to_string(status) + ")");
  }
  if (!parsed)
    return MakeError(ErrorCode::kBadResponse,
                     "binance: unreadable answer (HTTP " + std::to_string(status) + ")");
  return MakeError(ErrorCode::kBadResponse, "binance: error " + std::to_string(code) + " " + msg);
}

Result<std::vector<Position>> ParsePositionRisk(std::string_view body,
                                                std::string_view symbol_config,
                                                std::string_view account) {
  auto parsed = json::Parse(body);
  if (!parsed) return parsed.error();
  if (!parsed->is_array())
    return MakeError(ErrorCode::kBadResponse, "binance: positionRisk is not a list");
  // Leverage and margin type per symbol (v3 positionRisk has neither).
  std::map<std::string, std::pair<double, MarginMode>, std::less<>> config;
  if (!symbol_config.empty()) {
    if (auto cfg = json::Parse(symbol_config); cfg && cfg->is_array()) {
      for (const auto& c : cfg->as_array()) {
        const std::string type = json::GetString(c, "marginType").value_or("CROSSED");
        config[json::GetString(c, "symbol").value_or("")] = {
            json::GetNumber(c, "leverage").value_or(0),
            type == "ISOLATED" || type == "isolated" ? MarginMode::kIsolated : MarginMode::kCross};
      }
    }
  }
  std::vector<Position> out;
  for (const auto& item : parsed->as_array()) {
    auto amount = json::GetNumber(item, "positionAmt");
    if (!amount || *amount == 0) continue;
    Position p;
    p.venue = Venue::kBinance;
    p.account = std::string(account);
    p.symbol = json::GetString(item, "symbol").value_or("");
    p.quote = json::GetString(item, "marginAsset").value_or("USDT");
    if (p.symbol.size() > p.quote.size() && p.symbol.ends_with(p.quote)) {
      p.base = p.symbol.substr(0, p.symbol.size() - p.quote.size());
    }
    const std::string side = json::GetString(item, "positionSide").value_or("BOTH");
    p.side = side == "LONG"    ? Side::kLong
             : side == "SHORT" ? Side::kShort
                               : (*amount > 0 ? Side::kLong : Side::kShort);
    p.size = std::abs(*amount);
    p.entry_price = json::GetNumber(item, "entryPrice").value_or(0);
    p.mark_price = json::GetNumber(item, "markPrice").value_or(0);
    // "0" means none: absent, never 0.
    if (auto lp = json::GetNumber(item, "liquidationPrice"); lp && *lp > 0)
      p.liquidation_price = lp;
    p.unrealized_pnl = json::GetNumber(item, "unRealizedProfit").value_or(0);
    p.notional = std::abs(json::GetNumber(item, "notional").value_or(p.size * p.mark_price));
    const double isolated = json::GetNumber(item, "isolatedMargin").value_or(0);
    p.margin_mode = isolated != 0 ? MarginMode::kIsolated : MarginMode::kCross;
    if (auto mode = json::GetString(item, "marginType")) {  // v2 carries it
      p.margin_mode = *mode == "isolated" ? MarginMode::kIsolated : MarginMode::kCross;
    }
    if (auto it = config.find(p.symbol); it != config.end()) {
      p.leverage = it->second.first;
      p.margin_mode = it->second.second;
    }
    if (auto lev = json::GetNumber(item, "leverage")) p.leverage = *lev;
    if (p.margin_mode == MarginMode::kIsolated) {
      p.isolated_margin =
          json::GetNumber(item, "isolatedWallet").value_or(isolated - p.unrealized_pnl);
    }
    if (auto mm = json::GetNumber(item, "maintMargin")) {
      p.maintenance_margin = *mm;
      if (p.notional > 0) p.maintenance_margin_rate = *mm / p.notional;
    }
    p.update_time_ms = json::GetInt(item, "updateTime").value_or(0);
    out.push_back(std::move(p));
  }
  return out;
}

Result<Account> ParseAccount(std::string_view body) {
  auto parsed = json::Parse(body);
  if (!parsed) return parsed.error();
  if (!parsed->is_object())
    return MakeError(ErrorCode::kBadResponse, "binance: account is not an object");
  Account a;
  a.equity = json::GetNumber(*parsed, "totalMarginBalance").value_or(0);
  a.maintenance_margin = json::GetNumber(*parsed, "totalMaintMargin").value_or(0);
  a.available_balance = json::GetNumber(*parsed, "availableBalance").value_or(0);
  if (a.equity > 0) a.margin_ratio = a.maintenance_margin / a.equity;
  return a;
}

Result<KeyPermissions> ParseApiRestrictions(std::string_view body) {
  auto parsed = json::Parse(body);
  if (!parsed) return parsed.error();
  if (!parsed->is_object())
    return MakeError(ErrorCode::kBadResponse, "binance: apiRestrictions is not an object");
  KeyPermissions k;
  auto flag = [&](const char* name) { return json::GetBool(*parsed, name).value_or(false); };
  // Every permission beyond reading that a monitor must never hold, with the name Binance's key
  // page uses.
  const std::pair<const char*, const char*> forbidden[] = {
      {"enableWithdrawals", "Enable Withdrawals"},
      {"enableInternalTransfer", "Enable Internal Transfer"},
      {"permitsUniversalTransfer", "Permits Universal Transfer"},
      {"enableSpotAndMarginTrading", "Enable Spot & Margin Trading"},
      {"enableMargin", "Enable Margin Loan, Repay & Transfer"},
      {"enableVanillaOptions", "Enable European Options"},
      {"enablePortfolioMarginTrading", "Enable Portfolio Margin Trading"},
      {"enableFixApiTrade", "Enable FIX API Trade"}};
  for (const auto& [field, label] : forbidden) {
    if (flag(field)) k.turn_off.emplace_back(label);
  }
  for (const auto& [field, value] : parsed->as_object()) {
    if (value.is_bool() && value.as_bool()) k.permissions_found.emplace_back(field);
  }
  k.ip_restricted = flag("ipRestrict");
  if (!flag("enableReading")) {
    k.verdict = KeyVerdict::kRefused;
    k.turn_off.emplace_back("(enable reading)");
    return k;
  }
  if (!k.turn_off.empty()) {
    k.verdict = KeyVerdict::kRefused;
    return k;
  }
  k.verdict = KeyVerdict::kAccepted;
  if (flag("enableFutures")) {
    // Futures reads need "Enable Futures", which also allows futures trading: accept, say so.
    k.verdict = KeyVerdict::kAcceptedWithWarning;
    k.warnings.emplace_back("connect.warning.binance_futures");
  }
  if (!k.ip_restricted) {
    k.verdict = KeyVerdict::kAcceptedWithWarning;
    k.warnings.emplace_back("connect.warning.binance_no_ip_restriction");
  }
  return k;
}

BinanceClient::BinanceClient(net::Url futures, net::Url spot, VenueLink& link)
    : futures_(std::move(futures)), spot_(std::move(spot)), link_(link) {}

Status BinanceClient::SyncClock() {
  auto req = ReadOnlyRequest(kReads, "GET", "/fapi/v1/time");
  if (!req) return req.error();
  return SyncVenueClock(
      link_, futures_, *req,
      [](std::string_view body) -> std::optional<std::int64_t> {
        auto parsed = json::Parse(body);
        return parsed ? json::GetInt(*parsed, "serverTime") : std::nullopt;
      },
      "binance");
}

Result<std::string> BinanceClient::SignedGet(const net::Url& base, std::string_view path,
                                             std::int64_t weight, const Credentials& c) {
  auto build = [&](std::int64_t now) -> Result<net::HttpRequest> {
    const std::string query = "recvWindow=" + std::to_string(link_.options().recv_window_ms) +
                              "&timestamp=" + std::to_string(now);
    auto req = ReadOnlyRequest(kReads, "GET", path, SignQuery(query, c.api_secret));
    if (!req) return req.error();
    req->headers.emplace_back("X-MBX-APIKEY", std::string(c.api_key.view()));
    return req;
  };
  auto map_error = [](const net::HttpResponse& r) -> std::optional<Error> {
    if (r.status == 200) return std::nullopt;
    return MapError(r.status, r.body, r.Header("Retry-After").value_or(""));
  };
  return SignedRead(
      link_, base, build, map_error, [this] { return SyncClock(); }, weight);
}

Result<std::map<std::string, std::vector<risk::Tier>>> ParseLeverageBrackets(
    std::string_view body) {
  auto parsed = json::Parse(body);
  if (!parsed) return parsed.error();
  boost::json::array symbols;
  if (parsed->is_array()) {
    symbols = parsed->as_array();
  } else if (parsed->is_object()) {
    symbols.push_back(*parsed);  // the single-symbol form
  } else {
    return MakeError(ErrorCode::kBadResponse, "binance: leverage brackets are not a list");
  }
  std::map<std::string, std::vector<risk::Tier>> out;
  for (const auto& entry : symbols) {
    const auto symbol = json::GetString(entry, "symbol");
    const auto* brackets = json::Find(entry, "brackets");
    if (!symbol || brackets == nullptr || !brackets->is_array()) continue;
    std::vector<risk::Tier> tiers;
    for (const auto& b : brackets->as_array()) {
      auto floor = json::GetNumber(b, "notionalFloor");
      auto cap = json::GetNumber(b, "notionalCap");
      auto rate = json::GetNumber(b, "maintMarginRatio");
      if (!floor || !cap || !rate) continue;
      tiers.push_back(risk::Tier{*floor, *cap, *rate, json::GetNumber(b, "cum").value_or(0)});
    }
    if (!tiers.empty()) out[*symbol] = std::move(tiers);
  }
  return out;
}

Result<AccountSnapshot> BinanceClient::ReadAccount(const Credentials& c) {
  auto positions = SignedGet(futures_, "/fapi/v3/positionRisk", kWeight.position_risk, c);
  if (!positions) return positions.error();
  auto config = SignedGet(futures_, "/fapi/v1/symbolConfig", kWeight.symbol_config, c);
  if (!config) return config.error();
  auto account = SignedGet(futures_, "/fapi/v3/account", kWeight.account, c);
  if (!account) return account.error();
  AccountSnapshot out;
  auto parsed = ParsePositionRisk(*positions, *config, "binance");
  if (!parsed) return parsed.error();
  out.positions = std::move(*parsed);
  auto acct = ParseAccount(*account);
  if (!acct) return acct.error();
  out.account = *acct;
  // The account's own brackets, for estimates where a position has no liquidation price.
  auto brackets = SignedGet(futures_, "/fapi/v1/leverageBracket", kWeight.leverage_bracket, c);
  if (!brackets) return brackets.error();
  auto tiers = ParseLeverageBrackets(*brackets);
  if (!tiers) return tiers.error();
  for (const auto& p : out.positions) {
    if (auto it = tiers->find(p.symbol); it != tiers->end()) out.tiers[p.symbol] = it->second;
  }
  return out;
}

Result<KeyPermissions> BinanceClient::CheckPermissions(const Credentials& c) {
  auto body = SignedGet(spot_, "/sapi/v1/account/apiRestrictions", kWeight.api_restrictions, c);
  if (!body) return body.error();
  auto k = ParseApiRestrictions(*body);
  if (!k || k->verdict == KeyVerdict::kRefused) return k;
  // The key must also be able to read futures positions.
  auto probe = SignedGet(futures_, "/fapi/v3/positionRisk", kWeight.position_risk, c);
  if (!probe) return probe.error();
  return k;
}

std::span<const ReadEndpoint> AllowedReads() {
  return kReads;
}

}  // namespace baro::exchanges::binance

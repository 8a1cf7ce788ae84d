#include "exchanges/binance/binance_client.h"

#include <algorithm>
#include <array>
#include <boost/json/serialize.hpp>
#include <cmath>
#include <map>
#include <set>
#include <span>

#include "core/clock.h"
#include "core/json_util.h"
#include "exchanges/signing.h"
#include "log/logger.h"

namespace baro::exchanges::binance {
namespace {

// Every endpoint Baro may call on Binance. Nothing else can be built.
constexpr std::array<ReadEndpoint, 9> kReads = {{{"GET", "/fapi/v3/positionRisk"},
                                                 {"GET", "/fapi/v1/accountConfig"},
                                                 {"GET", "/fapi/v1/leverageBracket"},
                                                 {"GET", "/fapi/v1/symbolConfig"},
                                                 {"GET", "/fapi/v3/account"},
                                                 {"GET", "/fapi/v1/time"},
                                                 {"GET", "/fapi/v1/premiumIndex"},
                                                 {"GET", "/sapi/v1/account/apiRestrictions"},
                                                 {"GET", "/dapi/v1/positionRisk"}}};

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
    // Retry-After in seconds; Binance's IP bans last from 2 minutes to 3 days
    // (https://developers.binance.com/docs/derivatives/usds-margined-futures/general-info), so a
    // value outside that (or not a number) falls back to the default wait or is capped.
    constexpr double kLongestBanS = 3 * 86400;
    double seconds = status == 418 ? 120 : 60;
    if (auto given = json::ParseNumber(retry_after); given && *given >= 0) {
      seconds = std::min(*given, kLongestBanS);
    }
    e.retry_after_ms = static_cast<std::int64_t>(seconds * 1000);
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

Result<std::vector<Account>> ParseAccount(std::string_view body, bool multi_assets,
                                          std::span<const Position> positions) {
  auto parsed = json::Parse(body);
  if (!parsed) return parsed.error();
  if (!parsed->is_object())
    return MakeError(ErrorCode::kBadResponse, "binance: account is not an object");
  // The cross requirement of one margin asset ("" for all in multi-assets mode): its cross
  // positions' maintMargin (the account's totalMaintMargin counts isolated positions too).
  auto requirement = [&](std::string_view asset) {
    double sum = 0;
    for (const auto& p : positions) {
      if (p.margin_mode != MarginMode::kCross) continue;
      if (!asset.empty() && p.quote != asset) continue;
      sum += p.maintenance_margin.value_or(0);
    }
    return sum;
  };
  auto finish = [](Account& a) {
    if (a.equity > 0) a.margin_ratio = a.maintenance_margin / a.equity;
  };
  std::vector<Account> out;
  if (multi_assets) {
    // One pool valued in USD: totalCrossWalletBalance and totalCrossUnPnl
    // (developers.binance.com .../account/rest-api/Account-Information-V3).
    Account a;
    a.currency = "USD";
    a.cross_wallet_balance = json::GetNumber(*parsed, "totalCrossWalletBalance").value_or(0);
    a.equity = *a.cross_wallet_balance + json::GetNumber(*parsed, "totalCrossUnPnl").value_or(0);
    a.available_balance = json::GetNumber(*parsed, "availableBalance").value_or(0);
    a.maintenance_margin = requirement("");
    finish(a);
    out.push_back(std::move(a));
    return out;
  }
  // Single-asset mode: each margin asset is its own cross account, from its crossWalletBalance and
  // crossUnPnl; USDT is the main one, the others are named by their asset.
  const auto* assets = json::Find(*parsed, "assets");
  Account usdt;
  usdt.currency = "USDT";
  bool found_usdt = false;
  if (assets != nullptr && assets->is_array()) {
    for (const auto& item : assets->as_array()) {
      const std::string asset = json::GetString(item, "asset").value_or("");
      if (asset.empty()) continue;
      Account a;
      a.currency = asset;
      a.name = asset == "USDT" ? "" : asset;
      a.cross_wallet_balance = json::GetNumber(item, "crossWalletBalance").value_or(0);
      a.equity = *a.cross_wallet_balance + json::GetNumber(item, "crossUnPnl").value_or(0);
      a.available_balance = json::GetNumber(item, "availableBalance").value_or(0);
      a.maintenance_margin = requirement(asset);
      finish(a);
      if (asset == "USDT") {
        usdt = std::move(a);
        found_usdt = true;
      } else if (*a.cross_wallet_balance != 0 || a.maintenance_margin > 0) {
        out.push_back(std::move(a));
      }
    }
  }
  if (!found_usdt) {
    // No asset list: the total* cross fields, which cover USDT alone in this mode.
    usdt.cross_wallet_balance = json::GetNumber(*parsed, "totalCrossWalletBalance").value_or(0);
    usdt.equity =
        *usdt.cross_wallet_balance + json::GetNumber(*parsed, "totalCrossUnPnl").value_or(0);
    usdt.available_balance = json::GetNumber(*parsed, "availableBalance").value_or(0);
    usdt.maintenance_margin = requirement("USDT");
    finish(usdt);
  }
  out.insert(out.begin(), std::move(usdt));
  return out;
}

Result<bool> ParseMultiAssetsMode(std::string_view body) {
  auto parsed = json::Parse(body);
  if (!parsed) return parsed.error();
  auto mode = json::GetBool(*parsed, "multiAssetsMargin");
  if (!mode) return MakeError(ErrorCode::kBadResponse, "binance: accountConfig has no mode");
  return *mode;
}

Result<KeyPermissions> ParseApiRestrictions(std::string_view body) {
  auto parsed = json::Parse(body);
  if (!parsed) return parsed.error();
  if (!parsed->is_object())
    return MakeError(ErrorCode::kBadResponse, "binance: apiRestrictions is not an object");
  KeyPermissions k;
  auto flag = [&](const char* name) { return json::GetBool(*parsed, name).value_or(false); };
  // An allow-list: the only switches a monitor's key may have on are reading, futures (which the
  // futures reads need; warned about below), FIX read-only and the IP restriction. Every other
  // switch that is on is refused, by the name Binance's key page uses where known and by its own
  // field name otherwise (a switch Binance adds later included).
  static const std::set<std::string, std::less<>> allowed = {"enableReading", "enableFutures",
                                                             "enableFixReadOnly", "ipRestrict"};
  static const std::map<std::string, std::string, std::less<>> labels = {
      {"enableWithdrawals", "Enable Withdrawals"},
      {"enableInternalTransfer", "Enable Internal Transfer"},
      {"permitsUniversalTransfer", "Permits Universal Transfer"},
      {"enableSpotAndMarginTrading", "Enable Spot & Margin Trading"},
      {"enableMargin", "Enable Margin Loan, Repay & Transfer"},
      {"enableVanillaOptions", "Enable European Options"},
      {"enablePortfolioMarginTrading", "Enable Portfolio Margin Trading"},
      {"enableFixApiTrade", "Enable FIX API Trade"}};
  for (const auto& [field, value] : parsed->as_object()) {
    const std::string_view name = field;
    // A switch is a boolean; an enable*/permits* field that is not one is not understood.
    const bool switch_like = name.starts_with("enable") || name.starts_with("permits");
    const bool on = value.is_bool() ? value.as_bool() : switch_like;
    if (!on) continue;
    k.permissions_found.emplace_back(name);
    if (allowed.contains(name)) continue;
    auto label = labels.find(name);
    k.turn_off.push_back(label != labels.end() ? label->second : std::string(name));
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

BinanceClient::BinanceClient(net::Url futures, net::Url coin_futures, net::Url spot,
                             VenueLink& link)
    : KeyedClient(std::move(futures), link, kReads, "binance"),
      coin_futures_(std::move(coin_futures)),
      spot_(std::move(spot)) {}

std::optional<std::int64_t> BinanceClient::ServerTimeMs(std::string_view body) const {
  auto parsed = json::Parse(body);
  return parsed ? json::GetInt(*parsed, "serverTime") : std::nullopt;
}

std::optional<Error> BinanceClient::MapAnswer(const net::HttpResponse& r) const {
  if (r.status == 200) return std::nullopt;
  return MapError(r.status, r.body, r.Header("Retry-After").value_or(""));
}

Result<net::HttpRequest> BinanceClient::Signed(std::string_view path, std::string_view query,
                                               std::int64_t now, const Credentials& c) const {
  std::string params(query);
  if (!params.empty()) params += "&";
  params += "recvWindow=" + std::to_string(link_.options().recv_window_ms) +
            "&timestamp=" + std::to_string(now);
  auto req = Request(path, SignQuery(params, c.api_secret));
  if (!req) return req.error();
  req->headers.emplace_back("X-MBX-APIKEY", std::string(c.api_key.view()));
  return req;
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

Result<int> CountOpenCoinPositions(std::string_view body) {
  auto parsed = json::Parse(body);
  if (!parsed) return parsed.error();
  if (!parsed->is_array()) {
    return MakeError(ErrorCode::kBadResponse, "binance: COIN-M positions are not a list");
  }
  int open = 0;
  for (const auto& row : parsed->as_array()) {
    if (json::GetNumber(row, "positionAmt").value_or(0) != 0) ++open;
  }
  return open;
}

std::optional<int> BinanceClient::CountCoinPositions(const Credentials& c) {
  // Kept for options().unwatched: the count only tells the user what is not watched.
  auto kept = Kept(
      c, "/dapi/v1/positionRisk", link_.options().unwatched, nullptr, [&]() -> Result<std::string> {
        auto body =
            SignedGetAt(coin_futures_, "/dapi/v1/positionRisk", "", c, kWeight.coin_position_risk);
        // A key refused there (-2015) has nothing there Baro could tell about: none, until the
        // next count.
        if (!body && body.error().code == ErrorCode::kInvalidKey) return std::string("0");
        if (!body) return body.error();
        auto count = CountOpenCoinPositions(*body);
        if (!count) return count.error();
        return std::to_string(*count);
      });
  if (!kept) {
    // Asked again on the next read.
    log::Warn("binance.coin_positions_unread",
              {{"error", std::string(ToString(kept.error().code))}});
    return std::nullopt;
  }
  return KeptCount(*kept);
}

Result<std::string> KeepSymbols(std::string_view body, const std::set<std::string>& symbols) {
  auto parsed = json::Parse(body);
  if (!parsed) return parsed.error();
  boost::json::array rows;
  if (parsed->is_array()) {
    for (auto& row : parsed->as_array()) {
      if (symbols.contains(json::GetString(row, "symbol").value_or(""))) rows.push_back(row);
    }
  } else if (!parsed->is_object() || json::Find(*parsed, "symbol") == nullptr) {
    return MakeError(ErrorCode::kBadResponse, "binance: per-symbol answer is not a list");
  } else if (symbols.contains(json::GetString(*parsed, "symbol").value_or(""))) {
    rows.push_back(*parsed);  // the single-symbol form
  }
  boost::json::array covered;
  for (const auto& s : symbols) covered.push_back(boost::json::value(s));
  return boost::json::serialize(boost::json::object{{"covered", covered}, {"rows", rows}});
}

bool KeptCovers(std::string_view kept, const std::set<std::string>& symbols) {
  auto parsed = json::Parse(kept);
  const auto* covered = parsed ? json::Find(*parsed, "covered") : nullptr;
  if (covered == nullptr || !covered->is_array()) return false;
  std::set<std::string, std::less<>> have;
  for (const auto& s : covered->as_array()) {
    if (s.is_string()) have.emplace(s.as_string());
  }
  return std::all_of(symbols.begin(), symbols.end(),
                     [&](const std::string& s) { return have.contains(s); });
}

std::string KeptRows(std::string_view kept) {
  auto parsed = json::Parse(kept);
  const auto* rows = parsed ? json::Find(*parsed, "rows") : nullptr;
  return rows != nullptr ? boost::json::serialize(*rows) : "[]";
}

Result<std::string> BinanceClient::KeptPerSymbol(const Credentials& c, std::string_view path,
                                                 std::int64_t weight, const CachePolicy& policy,
                                                 const std::set<std::string>& symbols) {
  if (symbols.empty()) return std::string("[]");  // nothing held: nothing to ask for
  auto kept = Kept(
      c, path, policy, [&](const std::string& k) { return KeptCovers(k, symbols); },
      [&]() -> Result<std::string> {
        auto body = SignedGet(path, "", c, weight);
        if (!body) return body.error();
        return KeepSymbols(*body, symbols);
      });
  if (!kept) return kept.error();
  return KeptRows(*kept);
}

Result<AccountSnapshot> BinanceClient::ReadAccount(const Credentials& c) {
  // Each read asks for positions and margin (positionRisk 5 + account 5 weight); what changes
  // rarely is kept per connection (account_cache.h): leverage and margin type per symbol and the
  // account's mode for link options().account_config, its brackets for options().tiers, each
  // read again at once when a symbol is held that they do not cover.
  auto positions = SignedGet("/fapi/v3/positionRisk", "", c, kWeight.position_risk);
  if (!positions) return positions.error();
  auto account = SignedGet("/fapi/v3/account", "", c, kWeight.account);
  if (!account) return account.error();
  auto held_rows = ParsePositionRisk(*positions, "", "binance");
  if (!held_rows) return held_rows.error();
  std::set<std::string> held;
  for (const auto& p : *held_rows) held.insert(p.symbol);
  const VenueLinkOptions& o = link_.options();
  auto config =
      KeptPerSymbol(c, "/fapi/v1/symbolConfig", kWeight.symbol_config, o.account_config, held);
  if (!config) return config.error();
  AccountSnapshot out;
  auto parsed = ParsePositionRisk(*positions, *config, "binance");
  if (!parsed) return parsed.error();
  out.positions = std::move(*parsed);
  auto account_config =
      Kept(c, "/fapi/v1/accountConfig", o.account_config, nullptr, [&]() -> Result<std::string> {
        auto body = SignedGet("/fapi/v1/accountConfig", "", c, kWeight.account_config);
        if (!body) return body.error();
        auto mode = ParseMultiAssetsMode(*body);
        if (!mode) return mode.error();
        return std::string(*mode ? R"({"multiAssetsMargin":true})"
                                 : R"({"multiAssetsMargin":false})");
      });
  if (!account_config) return account_config.error();
  auto multi_assets = ParseMultiAssetsMode(*account_config);
  if (!multi_assets) return multi_assets.error();
  auto accounts = ParseAccount(*account, *multi_assets, out.positions);
  if (!accounts) return accounts.error();
  out.account = accounts->front();
  for (std::size_t i = 1; i < accounts->size(); ++i) out.other_accounts.push_back((*accounts)[i]);
  // In single-asset mode a position belongs to its margin asset's account.
  if (!*multi_assets) {
    for (auto& p : out.positions) p.margin_account = p.quote == "USDT" ? "" : p.quote;
  }
  // The account's own brackets, for estimates where a position has no liquidation price.
  auto brackets =
      KeptPerSymbol(c, "/fapi/v1/leverageBracket", kWeight.leverage_bracket, o.tiers, held);
  if (!brackets) return brackets.error();
  auto tiers = ParseLeverageBrackets(*brackets);
  if (!tiers) return tiers.error();
  for (const auto& p : out.positions) {
    if (auto it = tiers->find(p.symbol); it != tiers->end()) out.tiers[p.symbol] = it->second;
  }
  if (auto coin = CountCoinPositions(c); coin && *coin > 0) {
    out.gaps.push_back({"COIN-M futures", *coin, "", ""});
  }
  return out;
}

Result<KeyPermissions> BinanceClient::CheckPermissions(const Credentials& c) {
  auto body =
      SignedGetAt(spot_, "/sapi/v1/account/apiRestrictions", "", c, kWeight.api_restrictions);
  if (!body) return body.error();
  auto k = ParseApiRestrictions(*body);
  if (!k || k->verdict == KeyVerdict::kRefused) return k;
  // The key must also be able to read futures positions.
  auto probe = SignedGet("/fapi/v3/positionRisk", "", c, kWeight.position_risk);
  if (!probe) return probe.error();
  return k;
}

std::span<const ReadEndpoint> AllowedReads() {
  return kReads;
}

}  // namespace baro::exchanges::binance

#include "fakes/market/fake_market.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cctype>
#include <cstdio>

namespace baro::fakes {
namespace {
std::string Str(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.8g", v);
  return buf;
}
// The value of `key` in the request target's query, "" when absent.
std::string QueryValue(const std::string& target, const std::string& key) {
  const auto q = target.find('?');
  if (q == std::string::npos) return "";
  std::size_t pos = q + 1;
  while (pos < target.size()) {
    const auto amp = target.find('&', pos);
    const std::string pair = target.substr(pos, amp == std::string::npos ? amp : amp - pos);
    if (pair.rfind(key + "=", 0) == 0) return pair.substr(key.size() + 1);
    if (amp == std::string::npos) break;
    pos = amp + 1;
  }
  return "";
}

net::HttpResponse OkxParameterMissing(const std::string& name) {
  return net::HttpResponse::Json(400, boost::json::serialize(boost::json::object{
                                          {"code", "50014"},
                                          {"msg", "Parameter " + name + " can not be empty."},
                                          {"data", boost::json::array{}}}));
}

}  // namespace

FakeMarket::FakeMarket() = default;
FakeMarket::~FakeMarket() {
  if (server_) server_->Stop();
}

bool FakeMarket::Start() {
  server_ = std::make_unique<FakeHttpServer>(
      net::HttpServerOptions{}, [this](const net::HttpRequest& r) { return Handle(r); });
  return server_->Start().ok();
}

std::string FakeMarket::BaseUrl() const {
  return server_->BaseUrl();
}

void FakeMarket::SetHyperliquid(const std::string& coin, double mark, int max_leverage) {
  std::lock_guard lock(mu_);
  hyperliquid_[coin] = {mark, max_leverage};
}

void FakeMarket::SetBinance(const std::string& symbol, double mark) {
  std::lock_guard lock(mu_);
  binance_[symbol] = mark;
}

void FakeMarket::SetBybit(const std::string& symbol, double mark) {
  std::lock_guard lock(mu_);
  bybit_[symbol] = mark;
}

void FakeMarket::SetVenueMark(const std::string& venue, const std::string& symbol, double mark,
                              const std::string& base, int max_leverage) {
  std::lock_guard lock(mu_);
  venue_marks_[venue][symbol] = {mark, base, max_leverage};
}

void FakeMarket::SetClearinghouseState(const std::string& address, const std::string& body,
                                       const std::string& dex) {
  std::string lower = address;
  for (auto& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  std::lock_guard lock(mu_);
  states_[dex + "|" + lower] = body;
}

void FakeMarket::SetOkxCrossTiers(const std::string& inst_id, std::vector<OkxTier> tiers) {
  std::lock_guard lock(mu_);
  okx_cross_tiers_[inst_id] = std::move(tiers);
}

void FakeMarket::SetOkxSwap(const std::string& inst_id, double ct_val, std::vector<OkxTier> tiers) {
  std::lock_guard lock(mu_);
  okx_swaps_[inst_id] = {ct_val, std::move(tiers)};
}

void FakeMarket::AddPerpDex(const std::string& name) {
  std::lock_guard lock(mu_);
  dexes_.push_back(name);
}

std::vector<std::string> FakeMarket::info_requests() const {
  std::lock_guard lock(mu_);
  return info_requests_;
}

int FakeMarket::requests() const {
  std::lock_guard lock(mu_);
  return requests_;
}

void FakeMarket::FailDex(const std::string& name, bool fail) {
  std::lock_guard lock(mu_);
  failing_dexes_[name] = fail;
}

net::HttpResponse FakeMarket::Handle(const net::HttpRequest& r) {
  std::lock_guard lock(mu_);
  ++requests_;
  if (r.method == "POST" && r.Path() == "/info") {
    boost::system::error_code ec;
    auto body = boost::json::parse(r.body, ec);
    if (ec || !body.is_object() || !body.as_object().contains("type")) {
      // HyperLiquid answers malformed /info bodies with 422 and a plain-text reason.
      return net::HttpResponse::Text(422,
                                     "Failed to deserialize the JSON body into the target type");
    }
    const auto& type = body.as_object().at("type");
    std::string dex;
    if (const auto* d = body.as_object().if_contains("dex"); d != nullptr && d->is_string()) {
      dex = std::string(d->as_string());
    }
    info_requests_.push_back(std::string(type.is_string() ? type.as_string().c_str() : "?") +
                             (dex.empty() ? "" : ":" + dex));
    if (type == "perpDexs") {
      boost::json::array out{nullptr};
      for (const auto& name : dexes_) {
        out.push_back(
            boost::json::object{{"name", name},
                                {"fullName", name + " markets"},
                                {"deployer", "0x0000000000000000000000000000000000000001"},
                                {"oracleUpdater", nullptr}});
      }
      return net::HttpResponse::Json(200, boost::json::serialize(out));
    }
    if (type == "clearinghouseState" && failing_dexes_[dex]) {
      return net::HttpResponse::Json(500, R"({"error":"internal error"})");
    }
    if (type == "clearinghouseState") {
      const auto* user = body.as_object().if_contains("user");
      if (user == nullptr || !user->is_string()) {
        return net::HttpResponse::Text(422,
                                       "Failed to deserialize the JSON body into the target type");
      }
      std::string address(user->as_string());
      for (auto& ch : address) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      auto it = states_.find(dex + "|" + address);
      if (it != states_.end()) return net::HttpResponse::Json(200, it->second);
      return net::HttpResponse::Json(
          200,
          R"({"assetPositions":[],"crossMaintenanceMarginUsed":"0.0","crossMarginSummary":{"accountValue":"0.0","totalMarginUsed":"0.0","totalNtlPos":"0.0","totalRawUsd":"0.0"},"marginSummary":{"accountValue":"0.0","totalMarginUsed":"0.0","totalNtlPos":"0.0","totalRawUsd":"0.0"},"time":1708622398623,"withdrawable":"0.0"})");
    }
    if (type == "meta") {
      // Each coin's margin table is the single tier of its maximum leverage (ids below 50).
      boost::json::array universe;
      for (const auto& [coin, v] : hyperliquid_) {
        universe.push_back(boost::json::object{{"name", coin},
                                               {"szDecimals", 5},
                                               {"maxLeverage", v.second},
                                               {"marginTableId", v.second}});
      }
      return net::HttpResponse::Json(
          200, boost::json::serialize(boost::json::object{{"universe", universe},
                                                          {"marginTables", boost::json::array{}}}));
    }
    if (type != "metaAndAssetCtxs") {
      return net::HttpResponse::Text(422,
                                     "Failed to deserialize the JSON body into the target type");
    }
    boost::json::array universe, ctxs;
    for (const auto& [coin, v] : hyperliquid_) {
      universe.push_back(boost::json::object{
          {"name", coin}, {"szDecimals", 5}, {"maxLeverage", v.second}, {"onlyIsolated", false}});
      ctxs.push_back(boost::json::object{{"markPx", Str(v.first)},
                                         {"midPx", Str(v.first)},
                                         {"oraclePx", Str(v.first)},
                                         {"funding", "0.0000125"},
                                         {"openInterest", "1000.0"},
                                         {"prevDayPx", Str(v.first)}});
    }
    return net::HttpResponse::Json(200, boost::json::serialize(boost::json::array{
                                            boost::json::object{{"universe", universe}}, ctxs}));
  }
  if (r.method == "GET" && r.Path() == "/fapi/v1/premiumIndex") {
    boost::json::array out;
    for (const auto& [symbol, mark] : binance_) {
      out.push_back(boost::json::object{{"symbol", symbol},
                                        {"markPrice", Str(mark)},
                                        {"indexPrice", Str(mark)},
                                        {"lastFundingRate", "0.00010000"},
                                        {"time", 1597370495002}});
    }
    return net::HttpResponse::Json(200, boost::json::serialize(out));
  }
  if (r.method == "GET" && r.Path() == "/v5/market/tickers") {
    if (r.target.find("category=linear") == std::string::npos) {
      return net::HttpResponse::Json(
          200,
          R"({"retCode":10001,"retMsg":"params error: category","result":{},"retExtInfo":{},"time":1672376496682})");
    }
    boost::json::array list;
    for (const auto& [symbol, mark] : bybit_) {
      list.push_back(boost::json::object{{"symbol", symbol},
                                         {"lastPrice", Str(mark)},
                                         {"indexPrice", Str(mark)},
                                         {"markPrice", Str(mark)},
                                         {"fundingRate", "0.0001"}});
    }
    return net::HttpResponse::Json(
        200, boost::json::serialize(boost::json::object{
                 {"retCode", 0},
                 {"retMsg", "OK"},
                 {"result", boost::json::object{{"category", "linear"}, {"list", list}}},
                 {"retExtInfo", boost::json::object{}},
                 {"time", 1672376496682}}));
  }
  if (r.method == "GET" && r.Path() == "/api/v5/public/mark-price") {
    boost::json::array data;
    for (const auto& [symbol, m] : venue_marks_["okx"]) {
      data.push_back(boost::json::object{{"instType", "SWAP"},
                                         {"instId", symbol},
                                         {"markPx", Str(m.mark)},
                                         {"ts", "1700000000000"}});
    }
    return net::HttpResponse::Json(200, boost::json::serialize(boost::json::object{
                                            {"code", "0"}, {"data", data}, {"msg", ""}}));
  }
  if (r.method == "GET" && r.Path() == "/api/v5/public/instruments") {
    if (QueryValue(r.target, "instType").empty()) return OkxParameterMissing("instType");
    const std::string wanted = QueryValue(r.target, "instId");
    boost::json::array data;
    for (const auto& [inst_id, swap] : okx_swaps_) {
      if (!wanted.empty() && wanted != inst_id) continue;
      const std::string family = inst_id.substr(0, inst_id.rfind("-SWAP"));
      data.push_back(boost::json::object{{"instType", "SWAP"},
                                         {"instId", inst_id},
                                         {"instFamily", family},
                                         {"uly", family},
                                         {"ctVal", Str(swap.first)},
                                         {"ctMult", "1"},
                                         {"ctValCcy", family.substr(0, family.find('-'))},
                                         {"settleCcy", family.substr(family.find('-') + 1)},
                                         {"state", "live"}});
    }
    return net::HttpResponse::Json(200, boost::json::serialize(boost::json::object{
                                            {"code", "0"}, {"data", data}, {"msg", ""}}));
  }
  if (r.method == "GET" && r.Path() == "/api/v5/public/position-tiers") {
    for (const char* required : {"instType", "tdMode", "instFamily"}) {
      if (QueryValue(r.target, required).empty()) return OkxParameterMissing(required);
    }
    const std::string family = QueryValue(r.target, "instFamily");
    const bool cross = QueryValue(r.target, "tdMode") == "cross";
    boost::json::array data;
    for (const auto& [inst_id, swap] : okx_swaps_) {
      if (inst_id.substr(0, inst_id.rfind("-SWAP")) != family) continue;
      int tier = 0;
      auto own_cross = okx_cross_tiers_.find(inst_id);
      const auto& tiers =
          cross && own_cross != okx_cross_tiers_.end() ? own_cross->second : swap.second;
      for (const OkxTier& t : tiers) {
        data.push_back(boost::json::object{{"baseMaxLoan", ""},
                                           {"imr", Str(1 / t.max_leverage)},
                                           {"instFamily", family},
                                           {"instId", ""},
                                           {"maxLever", Str(t.max_leverage)},
                                           {"maxSz", Str(t.max_contracts)},
                                           {"minSz", Str(t.min_contracts)},
                                           {"mmr", Str(t.mmr)},
                                           {"optMgnFactor", "0"},
                                           {"quoteMaxLoan", ""},
                                           {"tier", std::to_string(++tier)},
                                           {"uly", family}});
      }
    }
    return net::HttpResponse::Json(200, boost::json::serialize(boost::json::object{
                                            {"code", "0"}, {"data", data}, {"msg", ""}}));
  }
  if (r.method == "GET" && r.Path() == "/api/v2/mix/market/tickers") {
    boost::json::array data;
    for (const auto& [symbol, m] : venue_marks_["bitget"]) {
      data.push_back(boost::json::object{{"symbol", symbol},
                                         {"lastPr", Str(m.mark)},
                                         {"markPrice", Str(m.mark)},
                                         {"ts", "1700000000000"}});
    }
    return net::HttpResponse::Json(
        200, boost::json::serialize(boost::json::object{{"code", "00000"},
                                                        {"msg", "success"},
                                                        {"requestTime", 1700000000000},
                                                        {"data", data}}));
  }
  if (r.method == "GET" && r.Path() == "/api/v4/futures/usdt/contracts") {
    boost::json::array out;
    for (const auto& [symbol, m] : venue_marks_["gate"]) {
      out.push_back(boost::json::object{{"name", symbol},
                                        {"type", "direct"},
                                        {"quanto_multiplier", "0.0001"},
                                        {"mark_price", Str(m.mark)},
                                        {"leverage_max", std::to_string(m.max_leverage)},
                                        {"maintenance_rate", "0.005"}});
    }
    return net::HttpResponse::Json(200, boost::json::serialize(out));
  }
  if (r.method == "GET" && r.Path() == "/api/v1/contracts/active") {
    boost::json::array data;
    for (const auto& [symbol, m] : venue_marks_["kucoin"]) {
      data.push_back(boost::json::object{{"symbol", symbol},
                                         {"baseCurrency", m.base},
                                         {"quoteCurrency", "USDT"},
                                         {"settleCurrency", "USDT"},
                                         {"multiplier", 0.001},
                                         {"isInverse", false},
                                         {"markPrice", m.mark},
                                         {"maxLeverage", m.max_leverage},
                                         {"maintainMargin", 0.004}});
    }
    return net::HttpResponse::Json(
        200, boost::json::serialize(boost::json::object{{"code", "200000"}, {"data", data}}));
  }
  // KuCoin's isolated risk-limit table is a private endpoint ("Get Isolated Margin Risk Limit",
  // https://www.kucoin.com/docs-new/rest/futures-trading/positions/get-isolated-margin-risk-limit):
  // a request without KuCoin's key headers is refused with code 400001 (exchanges.md §7.6).
  if (r.method == "GET" && r.Path().starts_with("/api/v1/contracts/risk-limit/")) {
    if (!r.Header("KC-API-KEY")) {
      return net::HttpResponse::Json(
          401, R"({"code":"400001","msg":"Any of KC-API-KEY, KC-API-SIGN, KC-API-TIMESTAMP, )"
               R"(KC-API-PASSPHRASE is missing in your request header"})");
    }
  }
  // Binance's unknown-path body.
  return net::HttpResponse::Json(404, R"({"code":-5000,"msg":"Path not found"})");
}

}  // namespace baro::fakes

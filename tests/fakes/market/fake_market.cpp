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
  // Binance's unknown-path body.
  return net::HttpResponse::Json(404, R"({"code":-5000,"msg":"Path not found"})");
}

}  // namespace baro::fakes

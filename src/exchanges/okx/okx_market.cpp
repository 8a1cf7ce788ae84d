#include "exchanges/okx/okx_market.h"

#include <algorithm>
#include <optional>

#include "core/json_util.h"
#include "exchanges/public_market.h"

namespace baro::exchanges::okx {

Result<std::vector<market::Instrument>> ParseMarkPrices(std::string_view body) {
  auto parsed = json::Parse(body);
  if (!parsed) return parsed.error();
  const auto* data = json::Find(*parsed, "data");
  if (json::GetString(*parsed, "code").value_or("") != "0" || data == nullptr || !data->is_array())
    return MakeError(ErrorCode::kUnavailable, "okx: mark prices unavailable");
  std::vector<market::Instrument> out;
  for (const auto& item : data->as_array()) {
    market::Instrument inst;
    inst.symbol = json::GetString(item, "instId").value_or("");
    auto mark = json::GetNumber(item, "markPx");
    const auto first = inst.symbol.find('-');
    const auto second = inst.symbol.find('-', first == std::string::npos ? 0 : first + 1);
    if (!mark || *mark <= 0 || first == std::string::npos || second == std::string::npos) continue;
    inst.base = inst.symbol.substr(0, first);
    inst.quote = inst.symbol.substr(first + 1, second - first - 1);
    if (inst.quote != "USDT" && inst.quote != "USDC") continue;  // coin-margined swaps
    inst.mark_price = *mark;
    out.push_back(std::move(inst));
  }
  return out;
}

Result<std::vector<market::Instrument>> LoadInstruments(PublicLink& http, const net::Url& base) {
  auto res = http.Send(base, {"GET", "/api/v5/public/mark-price?instType=SWAP"});
  if (!res) return res.error();
  if (res->status != 200) return PublicReadError("okx", res->status);
  return ParseMarkPrices(res->body);
}

namespace {

// The "data" list of an OKX answer with code "0", else kUnavailable naming `what`.
Result<boost::json::array> Data(std::string_view body, const char* what) {
  auto parsed = json::Parse(body);
  if (!parsed) return parsed.error();
  const auto* data = json::Find(*parsed, "data");
  if (json::GetString(*parsed, "code").value_or("") != "0" || data == nullptr ||
      !data->is_array()) {
    return MakeError(ErrorCode::kUnavailable, std::string("okx: ") + what + " unavailable");
  }
  return data->as_array();
}

// The row of `data` whose instId is `instrument`.
const boost::json::value* Row(const boost::json::array& data, const std::string& instrument) {
  for (const auto& item : data) {
    if (json::GetString(item, "instId").value_or("") == instrument) return &item;
  }
  return nullptr;
}

Result<std::string> Get(PublicLink& http, const net::Url& base, const std::string& target) {
  auto res = http.Send(base, {"GET", target});
  if (!res) return res.error();
  if (res->status != 200) return PublicReadError("okx", res->status);
  return std::move(res->body);
}

}  // namespace

Result<risk::VenueRiskSpec> ParseTiers(std::string_view body, double ct_val, double mark) {
  auto data = Data(body, "position tiers");
  if (!data) return data.error();
  if (!(ct_val > 0) || !(mark > 0)) {
    return MakeError(ErrorCode::kBadResponse, "okx: no contract value or mark for the tiers");
  }
  std::vector<std::pair<double, double>> rates;
  risk::VenueRiskSpec spec;
  spec.formula_fee_rate = 0.0005;  // the fee in OKX's margin ratio (docs/risk.md, OKX)
  for (const auto& item : *data) {
    auto min_contracts = json::GetNumber(item, "minSz");
    auto rate = json::GetNumber(item, "mmr");
    if (!min_contracts || !rate || *rate <= 0) continue;
    if (rates.empty()) spec.max_leverage = json::GetNumber(item, "maxLever").value_or(0);
    // A tier holds positions from minSz to maxSz contracts (the first from 0).
    const double floor = rates.empty() ? 0 : *min_contracts * ct_val * mark;
    if (!rates.empty() && floor <= rates.back().first) continue;
    rates.emplace_back(floor, *rate);
  }
  if (rates.empty()) return MakeError(ErrorCode::kNotFound, "okx: no tiers for this swap");
  spec.tiers = risk::VenueTiers(Venue::kOkx, rates);
  return spec;
}

Result<risk::VenueRiskSpec> LoadTiers(PublicLink& http, const net::Url& base,
                                      const std::string& instrument) {
  const std::string id = net::UrlEncode(instrument);
  auto instruments = Get(http, base, "/api/v5/public/instruments?instType=SWAP&instId=" + id);
  if (!instruments) return instruments.error();
  auto listed = Data(*instruments, "instruments");
  if (!listed) return listed.error();
  const auto* contract = Row(*listed, instrument);
  if (contract == nullptr) return MakeError(ErrorCode::kNotFound, "okx: no such swap");
  const double ct_val = json::GetNumber(*contract, "ctVal").value_or(0);
  const std::string family = json::GetString(*contract, "instFamily").value_or("");
  if (family.empty()) return MakeError(ErrorCode::kBadResponse, "okx: swap without instFamily");

  auto marks = Get(http, base, "/api/v5/public/mark-price?instType=SWAP&instId=" + id);
  if (!marks) return marks.error();
  auto mark_rows = Data(*marks, "mark prices");
  if (!mark_rows) return mark_rows.error();
  const auto* mark_row = Row(*mark_rows, instrument);
  const double mark = mark_row ? json::GetNumber(*mark_row, "markPx").value_or(0) : 0;

  // tdMode is required and OKX's documentation does not say the cross and isolated tables agree:
  // both are read, and the estimate keeps the higher rate of the two at every size.
  std::optional<risk::VenueRiskSpec> merged;
  for (std::string_view mode : {"isolated", "cross"}) {
    auto tiers = Get(http, base,
                     "/api/v5/public/position-tiers?instType=SWAP&tdMode=" + std::string(mode) +
                         "&instFamily=" + net::UrlEncode(family));
    if (!tiers) return tiers.error();
    auto spec = ParseTiers(*tiers, ct_val, mark);
    if (!spec) return spec.error();
    merged = merged ? HigherTiers(*merged, *spec) : std::move(*spec);
  }
  return std::move(*merged);
}

risk::VenueRiskSpec HigherTiers(const risk::VenueRiskSpec& a, const risk::VenueRiskSpec& b) {
  auto rate_at = [](const std::vector<risk::Tier>& tiers, double notional) {
    double rate = tiers.front().mmr;
    for (const auto& t : tiers) {
      if (t.notional_floor <= notional) rate = t.mmr;
    }
    return rate;
  };
  std::vector<double> floors;
  for (const auto* spec : {&a, &b}) {
    for (const auto& t : spec->tiers) floors.push_back(t.notional_floor);
  }
  std::sort(floors.begin(), floors.end());
  std::vector<std::pair<double, double>> rates;
  for (double floor : floors) {
    const double rate = std::max(rate_at(a.tiers, floor), rate_at(b.tiers, floor));
    if (!rates.empty() && (floor == rates.back().first || rate == rates.back().second)) {
      rates.back().second = std::max(rates.back().second, rate);
      continue;
    }
    rates.emplace_back(floor, rate);
  }
  risk::VenueRiskSpec out = a;
  out.tiers = risk::VenueTiers(Venue::kOkx, rates);
  out.max_leverage = a.max_leverage > 0 && b.max_leverage > 0
                         ? std::min(a.max_leverage, b.max_leverage)
                         : std::max(a.max_leverage, b.max_leverage);
  return out;
}

}  // namespace baro::exchanges::okx

#include "market/market_data.h"

#include <algorithm>
#include <cctype>
#include <ctime>

namespace baro::market {

CachedMarketData::CachedMarketData(InstrumentLoader loader, const Clock& clock, std::int64_t ttl_ms,
                                   std::int64_t max_age_ms)
    : loader_(std::move(loader)), clock_(clock), ttl_ms_(ttl_ms), max_age_ms_(max_age_ms) {}

std::string FormatUtc(std::int64_t unix_ms) {
  const std::time_t seconds = static_cast<std::time_t>(unix_ms / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buf[32];
  const std::size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S UTC", &utc);
  return std::string(buf, n);
}

Result<std::vector<Instrument>> MarketData::List(Venue venue) {
  return MakeError(ErrorCode::kUnavailable,
                   "no instrument list for " + std::string(ToString(venue)));
}

Result<CachedMarketData::Table*> CachedMarketData::Fresh(Venue venue,
                                                         std::unique_lock<std::mutex>& lock) {
  Table& table = tables_[venue];
  const std::int64_t now = clock_.NowMs();
  if (!table.loaded || now - table.fetched_at >= ttl_ms_) {
    lock.unlock();  // no lock held across the network call
    auto loaded = loader_(venue);
    lock.lock();
    if (loaded) {
      table.by_symbol.clear();
      for (auto& inst : *loaded) table.by_symbol.emplace(inst.symbol, std::move(inst));
      table.fetched_at = now;
      table.loaded = true;
    } else if (!table.loaded) {
      return loaded.error();
    }
    // On a failed refresh the previous table keeps serving until the venue answers again, but
    // never past the prices' maximum age.
  }
  if (now - table.fetched_at > max_age_ms_) {
    return MakeError(ErrorCode::kUnavailable, std::string(ToString(venue)) +
                                                  ": mark prices unavailable since " +
                                                  FormatUtc(table.fetched_at));
  }
  return &table;
}

Result<Instrument> CachedMarketData::Find(Venue venue, std::string_view symbol) {
  std::unique_lock lock(mu_);
  auto table = Fresh(venue, lock);
  if (!table) return table.error();
  auto it = (*table)->by_symbol.find(symbol);
  if (it == (*table)->by_symbol.end()) {
    return MakeError(ErrorCode::kInvalidInput, "unknown symbol " + std::string(symbol) + " on " +
                                                   std::string(ToString(venue)));
  }
  Instrument out = it->second;
  out.read_at_ms = (*table)->fetched_at;
  return out;
}

Result<std::vector<Instrument>> CachedMarketData::List(Venue venue) {
  std::unique_lock lock(mu_);
  auto table = Fresh(venue, lock);
  if (!table) return table.error();
  std::vector<Instrument> out;
  out.reserve((*table)->by_symbol.size());
  for (const auto& [symbol, inst] : (*table)->by_symbol) {
    out.push_back(inst);
    out.back().read_at_ms = (*table)->fetched_at;
  }
  return out;
}

std::string NormalizeSymbol(Venue venue, std::string_view typed) {
  std::string s;
  for (char c : typed) {
    if (!std::isspace(static_cast<unsigned char>(c))) {
      s.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    }
  }
  switch (venue) {
    case Venue::kHyperliquid: {
      // HyperLiquid names coins ("BTC"); accept "BTC-USD", "BTCUSDC" and the like.
      for (std::string_view suffix : {"-PERP", "-USDC", "-USD", "USDC", "USD"}) {
        if (s.size() > suffix.size() && s.ends_with(suffix)) {
          s.resize(s.size() - suffix.size());
          break;
        }
      }
      return s;
    }
    case Venue::kBinance:
    case Venue::kBybit:
    case Venue::kBitget: {
      std::erase(s, '-');
      std::erase(s, '_');
      std::erase(s, '/');
      if (s.find("USDT") == std::string::npos && s.find("USDC") == std::string::npos) s += "USDT";
      return s;
    }
    case Venue::kOkx:
    case Venue::kGate:
    case Venue::kKucoin: {
      // Reduce any typed form ("btc", "BTCUSDT", "BTC-USDT-SWAP", "BTC_USDT", "XBTUSDTM") to
      // base and quote, then spell it the venue's way.
      if (s.ends_with("-SWAP")) s.resize(s.size() - 5);
      if (s.size() > 5 && (s.ends_with("USDTM") || s.ends_with("USDCM"))) s.pop_back();
      std::erase(s, '-');
      std::erase(s, '_');
      std::erase(s, '/');
      std::string quote = "USDT";
      for (std::string_view q : {"USDT", "USDC"}) {
        if (s.size() > q.size() && s.ends_with(q)) {
          quote = std::string(q);
          s.resize(s.size() - q.size());
          break;
        }
      }
      if (venue == Venue::kOkx) return s + "-" + quote + "-SWAP";
      if (venue == Venue::kGate) return s + "_" + quote;
      if (s == "BTC") s = "XBT";  // KuCoin's name for bitcoin
      return s + quote + "M";
    }
  }
  return s;
}

}  // namespace baro::market

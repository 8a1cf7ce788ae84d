// The normalized position and account every venue adapter produces and the risk engine consumes.
// Sizes are in base units (contracts already converted), prices in the quote currency.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/venue.h"

namespace baro {

struct Position {
  Venue venue = Venue::kBinance;
  std::string account;  // account label or id inside the venue (wallet address, key label)
  std::string symbol;   // the venue's own symbol, e.g. "BTCUSDT", "BTC-USDT-SWAP", "BTC"
  std::string base;     // common form: base asset, e.g. "BTC"
  std::string quote;    // common form: quote/settle asset, e.g. "USDT"
  Side side = Side::kLong;
  double size = 0;  // base units, always > 0
  double entry_price = 0;
  double mark_price = 0;  // 0 when unknown
  // The venue-reported liquidation price, or absent when the venue reports none (each venue's own
  // encoding of "none" maps to std::nullopt, never to 0).
  std::optional<double> liquidation_price;
  double leverage = 0;  // the configured leverage setting
  MarginMode margin_mode = MarginMode::kCross;
  std::optional<double> isolated_margin;          // margin assigned to an isolated position
  std::optional<double> maintenance_margin;       // amount, quote units
  std::optional<double> maintenance_margin_rate;  // fraction of notional
  double unrealized_pnl = 0;
  double notional = 0;  // size * mark, quote units
  std::int64_t update_time_ms = 0;
  // Which of the read's separately margined accounts holds it (Account::name): empty for the
  // read's main account; a HyperLiquid HIP-3 dex, or a Binance margin asset in single-asset mode.
  std::string margin_account;
  // When mark_price came from a venue's mark-price stream (docs/streams.md): the local time it
  // was received. 0: the mark is the REST read's.
  std::int64_t mark_streamed_at_ms = 0;
};

// One cross-margin account. Margin ratio convention across all venues: maintenance requirement /
// equity, 1.0 = liquidation. Every figure is the cross account's alone: isolated positions'
// margin and uPnL are not in it.
struct Account {
  std::string name;   // empty for a read's main account; else as Position::margin_account
  double equity = 0;  // cross wallet + cross uPnL
  // The cross wallet alone (no uPnL, no isolated margin), where the venue reports it; the cross
  // estimate starts from it.
  std::optional<double> cross_wallet_balance;
  double available_balance = 0;
  double maintenance_margin = 0;
  std::optional<double> margin_ratio;
  std::string currency = "USDT";
};

}  // namespace baro

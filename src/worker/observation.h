// What one check observed of one monitor (worker/observe.h), the input of its assessment and
// decision (worker/assess.h, worker/decide.h): the positions with the figures they are judged on,
// the account data of a connection's read, and the stored state the decision continues from.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/position.h"
#include "core/position_key.h"
#include "core/result.h"
#include "risk/tier_book.h"
#include "store/records.h"

namespace baro::worker {

// Positions a read could not watch (exchanges::ReadGap): a product Baro does not read, or a
// separately margined account whose read failed.
struct ReadGap {
  std::string product;         // as the venue names it
  int positions = 0;           // open positions not watched; 0 when not known
  std::string margin_account;  // a failed account's name: its positions keep their last state
  std::string error;           // the failed read's error code; empty for a product not read
};

struct ConnectionRead {
  std::vector<Position> positions;
  std::optional<Account> account;
  std::map<std::string, std::vector<risk::Tier>> tiers;  // the account's own, by venue symbol
  // Further separately margined accounts (Account::name = Position::margin_account).
  std::vector<Account> other_accounts;
  std::vector<ReadGap> gaps;
};

struct ObservedPosition {
  PositionKey key;
  Position position;
  std::optional<store::Id> manual_id;
  std::vector<risk::Tier> tiers;  // for estimates; filled when the venue gives no price, or cross
  double fee_rate = 0;            // the venue's formula fee
  bool tiers_estimated = false;   // the tiers are a conservative stand-in (risk::TierLookup)
  std::string thresholds_json;    // hand-entered position's, or its connection's overrides
  std::string position_thresholds_json;  // a venue position's own, stored with its connection
};

struct Observation {
  store::User user;
  store::Monitor monitor;
  std::optional<store::Connection> connection;  // a connection's monitor
  // The read failed (a connection), or the mark prices of hand-entered positions could not be
  // read: nothing is judged on a partial picture.
  std::optional<Error> error;
  std::vector<ObservedPosition> positions;
  // A connection's read beyond its positions: accounts, gaps, own tiers.
  std::optional<Account> account;
  std::vector<Account> other_accounts;
  std::vector<ReadGap> gaps;
  // The monitor's own alert states and the user's bot silences (notify/silences.h).
  std::vector<store::AlertState> states;
  std::vector<store::TelegramChat> chats;  // the user's active chats
  // The monitor's last snapshots, read only when the decision needs them: prices unavailable,
  // or a separately margined account whose read failed.
  std::vector<store::PositionSnapshot> previous;
};

// The cross account that margins `p`: the read's main account, or the separately margined one
// its margin_account names; none when the read did not return it.
const Account* AccountFor(const Observation& o, const Position& p);

}  // namespace baro::worker

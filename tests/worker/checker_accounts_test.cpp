// The checker's account plumbing: each separately margined account (a Binance margin asset in
// single-asset mode, a HyperLiquid HIP-3 dex) is its own cross estimate starting from its cross
// wallet; a hedge position's opposite leg moves with the mark; a failed dex read keeps that dex's
// positions as last read and says so; products Baro does not read are told once. All through the
// real checker and the real SQLite store; expected prices are hand calculations.
#include <gtest/gtest.h>

#include "risk/tier_snapshot.h"
#include "support/temp_dir.h"
#include "worker/checker.h"

namespace baro::worker {
namespace {

class NoMarket final : public market::MarketData {
 public:
  Result<market::Instrument> Find(Venue, std::string_view) override {
    return MakeError(ErrorCode::kUnavailable, "not used");
  }
};

Position Cross(Venue venue, const std::string& symbol, Side side, double size, double entry,
               double mark, const std::string& margin_account = "") {
  Position p;
  p.venue = venue;
  p.symbol = symbol;
  p.base = "BTC";
  p.quote = "USDT";
  p.side = side;
  p.size = size;
  p.entry_price = entry;
  p.mark_price = mark;
  p.leverage = 10;
  p.margin_mode = MarginMode::kCross;
  p.notional = size * mark;
  p.unrealized_pnl = Sign(side) * size * (mark - entry);
  p.margin_account = margin_account;
  return p;
}

Account CrossAccount(const std::string& name, double wallet, double upnl) {
  Account a;
  a.name = name;
  a.cross_wallet_balance = wallet;
  a.equity = wallet + upnl;
  return a;
}

class CheckerAccounts : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = store::OpenStore("sqlite://" + dir_.File("a.db"));
    ASSERT_TRUE(s.ok());
    store_ = std::move(*s);
    ASSERT_TRUE(store_->Migrate().ok());
    auto user = store_->users().Create("t@x.io", "h", 0);
    ASSERT_TRUE(user.ok());
    user_ = *user;
    ASSERT_TRUE(store_->telegram().LinkChat({user_.id, 77, "t", true, 0}).ok());
  }

  store::Connection Connect(Venue venue) {
    store::Connection c;
    c.user_id = user_.id;
    c.venue = venue;
    c.label = "main";
    return *store_->connections().Create(c, 0);
  }

  // One check of the connection's monitor with `read` as the venue's answer.
  void Check(const ConnectionRead& read, CheckerOptions options = {}) {
    Checker checker(
        std::move(options), *store_, market_,
        [&](const store::Connection&) -> Result<ConnectionRead> { return read; }, clock_);
    clock_.Advance(60'000);
    checker.Check(store_->monitors().ListForUser(user_.id)->at(0), clock_.NowMs());
  }

  std::map<std::string, store::PositionSnapshot> Snapshots() {
    std::map<std::string, store::PositionSnapshot> out;
    auto list = store_->snapshots().ListForUser(user_.id);
    for (auto& s : *list) out[s.position_key] = s;
    return out;
  }

  std::vector<store::OutboxMessage> Outbox() { return *store_->outbox().ListForUser(user_.id); }

  testing::TempDir dir_;
  std::unique_ptr<store::Store> store_;
  store::User user_;
  NoMarket market_;
  ManualClock clock_{1'767'225'600'000};
};

// One maintenance tier of 1 % for every symbol, as the account's own tiers.
std::map<std::string, std::vector<risk::Tier>> OnePercent(std::initializer_list<std::string> s) {
  std::map<std::string, std::vector<risk::Tier>> out;
  for (const auto& symbol : s) out[symbol] = {risk::Tier{0, 1e300, 0.01, 0}};
  return out;
}

TEST_F(CheckerAccounts, EachMarginAssetIsItsOwnCrossAccount) {
  // Binance in single-asset mode: a USDT cross wallet of 10,000 and a USDC one of 50,000, one
  // BTC long of 1 at 100,000 in each. By hand (long: W + q(P - E) = q P mmr):
  // USDT: P = (100,000 - 10,000) / (1 - 0.01) = 90,909.09...; USDC: (100,000 - 50,000) / 0.99.
  // Pooled into one account they would both be wrong.
  const auto conn = Connect(Venue::kBinance);
  ConnectionRead read;
  read.positions = {Cross(Venue::kBinance, "BTCUSDT", Side::kLong, 1, 100000, 100000),
                    Cross(Venue::kBinance, "BTCUSDC", Side::kLong, 1, 100000, 100000, "USDC")};
  read.account = CrossAccount("", 10000, 0);
  read.other_accounts = {CrossAccount("USDC", 50000, 0)};
  read.tiers = OnePercent({"BTCUSDT", "BTCUSDC"});
  Check(read);
  auto snaps = Snapshots();
  const std::string c = "c" + std::to_string(conn.id) + ":";
  ASSERT_TRUE(snaps.count(c + "BTCUSDT:long") && snaps.count(c + "BTCUSDC:long"));
  EXPECT_NEAR(*snaps[c + "BTCUSDT:long"].position.liquidation_price, 90000 / 0.99, 1e-6);
  EXPECT_NEAR(*snaps[c + "BTCUSDC:long"].position.liquidation_price, 50000 / 0.99, 1e-6);
  EXPECT_TRUE(snaps[c + "BTCUSDT:long"].liquidation_estimated);
}

// A connected KuCoin position's own maintenance rate (maintMarginReq, 2 % here) beats any tiers:
// the public table (0.4 % here, as a read that succeeded would give) and the snapshot's XBTUSDTM
// table (0.4 % first). By hand, a cross long of 1 at 100,000 on a 10,000 cross wallet with KuCoin's
// 0.06 % fee in the rate: P = (100,000 - 10,000) / (1 - 0.02 - 0.0006) = 91,893.0. Not a stand-in.
TEST_F(CheckerAccounts, AKucoinPositionsOwnMaintenanceRateBeatsTheTiers) {
  const auto conn = Connect(Venue::kKucoin);
  ConnectionRead read;
  read.positions = {Cross(Venue::kKucoin, "XBTUSDTM", Side::kLong, 1, 100000, 100000)};
  read.positions[0].maintenance_margin_rate = 0.02;
  read.account = CrossAccount("", 10000, 0);
  CheckerOptions options;
  options.tier_loader = [](Venue, const std::string&) -> Result<risk::VenueRiskSpec> {
    risk::VenueRiskSpec spec = risk::DefaultSpec(Venue::kKucoin, 0.004);
    return spec;
  };
  Check(read, std::move(options));
  auto snaps = Snapshots();
  const std::string key = "c" + std::to_string(conn.id) + ":XBTUSDTM:long";
  ASSERT_TRUE(snaps.count(key));
  ASSERT_TRUE(snaps[key].position.liquidation_price.has_value());
  EXPECT_NEAR(*snaps[key].position.liquidation_price, 90000 / (1 - 0.02 - 0.0006), 1e-6);
  EXPECT_TRUE(snaps[key].liquidation_estimated);
  EXPECT_FALSE(snaps[key].rates_estimated);
}

TEST_F(CheckerAccounts, TheEstimateStartsFromTheCrossWallet) {
  // The venue reports a cross wallet of 10,000; its equity of 12,000 also counts collateral that
  // is not the wallet (so equity - uPnL would overstate it). By hand: (100,000 - 10,000) / 0.99.
  const auto conn = Connect(Venue::kBinance);
  ConnectionRead read;
  read.positions = {Cross(Venue::kBinance, "BTCUSDT", Side::kLong, 1, 100000, 100000)};
  read.account = CrossAccount("", 10000, 0);
  read.account->equity = 12000;
  read.tiers = OnePercent({"BTCUSDT"});
  Check(read);
  auto snaps = Snapshots();
  EXPECT_NEAR(*snaps["c" + std::to_string(conn.id) + ":BTCUSDT:long"].position.liquidation_price,
              90000 / 0.99, 1e-6);
}

TEST_F(CheckerAccounts, AHedgePositionsOppositeLegMovesWithTheMark) {
  // Hedge mode, one cross wallet of 10,000: BTC long 2 and BTC short 1, both at 100,000, mark
  // 100,000, maintenance 1 %. Both legs move with the price P:
  //   10,000 + 2 (P - 100,000) - (P - 100,000) - 0.01 (2 P) - 0.01 P = 0  →  0.97 P = 90,000.
  // (Holding the short at its mark would give 1.98 P = 191,000, i.e. 96,464.6.)
  const auto conn = Connect(Venue::kBinance);
  ConnectionRead read;
  read.positions = {Cross(Venue::kBinance, "BTCUSDT", Side::kLong, 2, 100000, 100000),
                    Cross(Venue::kBinance, "BTCUSDT", Side::kShort, 1, 100000, 100000)};
  read.account = CrossAccount("", 10000, 0);
  read.tiers = OnePercent({"BTCUSDT"});
  Check(read);
  auto snaps = Snapshots();
  const std::string c = "c" + std::to_string(conn.id) + ":BTCUSDT:";
  EXPECT_NEAR(*snaps[c + "long"].position.liquidation_price, 90000 / 0.97, 1e-4);
  EXPECT_NEAR(*snaps[c + "short"].position.liquidation_price, 90000 / 0.97, 1e-4);
}

TEST_F(CheckerAccounts, AFailedDexKeepsItsPositionsAsLastReadAndSaysSoOnce) {
  const auto conn = Connect(Venue::kHyperliquid);
  const std::string c = "c" + std::to_string(conn.id) + ":";
  Position btc = Cross(Venue::kHyperliquid, "BTC", Side::kLong, 1, 100000, 100000);
  btc.liquidation_price = 80000;
  Position tsla = Cross(Venue::kHyperliquid, "xyz:TSLA", Side::kShort, 10, 400, 420, "xyz");
  tsla.liquidation_price = 500;
  ConnectionRead both;
  both.positions = {btc, tsla};
  both.account = CrossAccount("", 5000, 0);
  both.other_accounts = {CrossAccount("xyz", 1000, -200)};
  Check(both);
  ASSERT_EQ(Snapshots().size(), 2u);
  const std::size_t messages_before = Outbox().size();

  // The dex's read fails: the main dex is still read and judged.
  ConnectionRead main_only;
  main_only.positions = {btc};
  main_only.account = both.account;
  main_only.gaps = {{"HIP-3 dex xyz", 0, "xyz", "unavailable"}};
  Check(main_only);
  auto snaps = Snapshots();
  ASSERT_EQ(snaps.size(), 2u) << "the dex's position is not dropped";
  EXPECT_EQ(snaps[c + "xyz:TSLA:short"].level, "unavailable");
  EXPECT_LT(snaps[c + "xyz:TSLA:short"].observed_at, snaps[c + "BTC:long"].observed_at)
      << "shown as of its last read";
  auto history = store_->alerts().History(user_.id, 100);
  for (const auto& a : *history) {
    EXPECT_NE(a.level, "closed") << "a position that was not read is not closed";
  }
  auto outbox = Outbox();
  ASSERT_EQ(outbox.size(), messages_before + 1);
  EXPECT_NE(outbox.back().text.find("HIP-3 dex xyz"), std::string::npos);
  EXPECT_TRUE(store_->connections().GetById(conn.id)->last_error.empty())
      << "the connection itself is read";
  Check(main_only);
  EXPECT_EQ(Outbox().size(), messages_before + 1) << "told once";
  EXPECT_EQ(Snapshots().size(), 2u);
}

TEST_F(CheckerAccounts, PositionsNotReadAreCountedAndToldOnce) {
  Connect(Venue::kBitget);
  ConnectionRead read;
  read.positions = {Cross(Venue::kBitget, "BTCUSDT", Side::kLong, 1, 100000, 100000)};
  read.positions[0].liquidation_price = 80000;
  read.account = CrossAccount("", 10000, 0);
  read.gaps = {{"COIN-FUTURES", 2, "", ""}};
  auto told = [&] {
    int n = 0;
    for (const auto& m : Outbox()) {
      if (m.text.find("2 positions on COIN-FUTURES are not watched") != std::string::npos) ++n;
    }
    return n;
  };
  Check(read);
  EXPECT_EQ(told(), 1);
  Check(read);
  EXPECT_EQ(told(), 1) << "told once";
  bool noted = false;
  auto states = store_->alerts().States(user_.id);
  for (const auto& s : *states) {
    if (s.key.starts_with("gaps:c") && s.state_json.find("COIN-FUTURES") != std::string::npos)
      noted = true;
  }
  EXPECT_TRUE(noted) << "kept for the connection's page";
}

}  // namespace
}  // namespace baro::worker

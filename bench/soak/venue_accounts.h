// The connected accounts of the load drivers (bench/soak, bench/realtime): account `i` lives on
// venue i % 7 with one open position in that venue's fake, read-only key verdicts as each venue
// answers them, and the body of POST /api/v1/connections that connects it.
#pragma once

#include <string>

#include "fakes/exchanges/fake_binance.h"
#include "fakes/exchanges/fake_bitget.h"
#include "fakes/exchanges/fake_bybit.h"
#include "fakes/exchanges/fake_gate.h"
#include "fakes/exchanges/fake_kucoin.h"
#include "fakes/exchanges/fake_okx.h"
#include "fakes/market/fake_market.h"

namespace baro::bench {

struct VenueFakes {
  fakes::FakeMarket& market;
  fakes::FakeBinance& binance;
  fakes::FakeBybit& bybit;
  fakes::FakeOkx& okx;
  fakes::FakeBitget& bitget;
  fakes::FakeGate& gate;
  fakes::FakeKucoin& kucoin;
};

// Sets up account `i` in the fakes and returns the API body that connects it.
std::string SeedAccount(const VenueFakes& f, int i);

}  // namespace baro::bench

// Venue read throughput on one core against a loopback fake over kept-alive connections: sign,
// request, parse, normalize. Also the parse of a 20-position body alone, and the memory an idle
// monitored connection costs (its sealed row fields, measured as bytes of the record).
#include <benchmark/benchmark.h>

#include <string>

#include "exchanges/binance/binance_client.h"
#include "fakes/exchanges/fake_binance.h"
#include "store/records.h"

namespace baro::exchanges {
namespace {

std::string Rows(int n) {
  std::string out = "[";
  for (int i = 0; i < n; ++i) {
    if (i) out += ",";
    out += R"({"symbol":"SYM)" + std::to_string(i) +
           R"(USDT","positionSide":"BOTH","positionAmt":"12.5","entryPrice":"101.25","breakEvenPrice":"101.3","markPrice":"103.5","unRealizedProfit":"28.125","liquidationPrice":"81.2","isolatedMargin":"0","notional":"1293.75","marginAsset":"USDT","isolatedWallet":"0","initialMargin":"129.3","maintMargin":"6.4","positionInitialMargin":"129.3","openOrderInitialMargin":"0","adl":2,"bidNotional":"0","askNotional":"0","updateTime":1720736417660})";
  }
  return out + "]";
}

void BM_ParseTwentyPositions(benchmark::State& state) {
  const std::string body = Rows(20);
  for (auto _ : state) {
    auto r = binance::ParsePositionRisk(body, "", "bench");
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ParseTwentyPositions);

// One account read = positionRisk + symbolConfig + account, each signed and verified by the fake.
void BM_AccountReadsOverLoopback(benchmark::State& state) {
  fakes::FakeBinance fake;
  if (!fake.Start()) {
    state.SkipWithError("fake did not start");
    return;
  }
  fake.AddKey("bench-key", "bench-secret", R"({"enableReading":true})");
  fake.SetPositions("bench-key", Rows(5), R"([{"symbol":"SYM0USDT","marginType":"CROSSED","leverage":10}])");
  net::HttpClient http;
  auto url = *net::ParseUrl(fake.BaseUrl());
  VenueState venue_state;  // no budget: this measures the client, not the venue's limit
  VenueLink link(http, venue_state, SystemClock::Instance());
  binance::BinanceClient client(url, url, url, link);
  Credentials c;
  c.api_key = SecretBytes("bench-key");
  c.api_secret = SecretBytes("bench-secret");
  for (auto _ : state) {
    auto r = client.ReadAccount(c);
    if (!r) state.SkipWithError(r.error().message.c_str());
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["connections"] = static_cast<double>(http.connections_opened());
}
BENCHMARK(BM_AccountReadsOverLoopback)->UseRealTime();

void BM_IdleConnectionFootprint(benchmark::State& state) {
  // What a worker keeps per monitored connection between checks: nothing but its stored row, read
  // when due. The row with three sealed fields (base64 envelopes of ~130 bytes each):
  store::Connection c;
  c.sealed_api_key.assign(140, 'k');
  c.sealed_api_secret.assign(140, 's');
  c.label = "main account";
  for (auto _ : state) benchmark::DoNotOptimize(c);
  state.counters["bytes"] = static_cast<double>(sizeof(c) + c.sealed_api_key.capacity() +
                                                c.sealed_api_secret.capacity() + c.label.capacity());
}
BENCHMARK(BM_IdleConnectionFootprint);

}  // namespace
}  // namespace baro::exchanges

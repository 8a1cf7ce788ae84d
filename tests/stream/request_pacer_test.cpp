// The venues' published caps on one stream connection's requests (stream/request_pacer.h), and
// the hooks that declare them:
//  - OKX: 480 subscribe/unsubscribe/login requests per hour per connection
//    (https://www.okx.com/docs-v5/en/#overview-websocket-connect);
//  - Bitget: 240 subscribe requests per hour per connection and 10 messages per second
//    (https://www.bitget.com/api-doc/common/websocket-intro).
#include "stream/request_pacer.h"

#include <gtest/gtest.h>

#include "stream/venue_hook.h"

namespace baro::stream {
namespace {

TEST(RequestPacerTest, TheVenuesDeclareTheirPublishedCaps) {
  const StreamEndpoints endpoints;
  const StreamLimits okx = MakeVenueHook(Venue::kOkx, endpoints)->limits();
  EXPECT_EQ(okx.subscribe_requests_per_hour, 480u);
  const StreamLimits bitget = MakeVenueHook(Venue::kBitget, endpoints)->limits();
  EXPECT_EQ(bitget.subscribe_requests_per_hour, 240u);
  EXPECT_EQ(bitget.messages_per_second, 10u);
}

TEST(RequestPacerTest, AnHourlyCapHoldsTheNextRequestUntilTheOldestLeavesTheHour) {
  RequestPacer okx(480, 0);
  const std::int64_t t0 = 1'000'000;
  // 480 requests one second apart: all allowed at once.
  for (int i = 0; i < 480; ++i) {
    ASSERT_EQ(okx.WaitMs(t0 + i * 1000, true), 0) << i;
    okx.Sent(t0 + i * 1000, true);
  }
  // The 481st, at t0 + 480 s, waits until the first (at t0) is an hour old: 3,600 − 480 s.
  EXPECT_EQ(okx.WaitMs(t0 + 480'000, true), 3'600'000 - 480'000);
  EXPECT_EQ(okx.WaitMs(t0 + 3'600'000, true), 0);
  // Pings are not subscribe requests: OKX does not cap them here.
  EXPECT_EQ(okx.WaitMs(t0 + 480'000, false), 0);
}

TEST(RequestPacerTest, APerSecondCapCountsEveryMessage) {
  RequestPacer bitget(240, 10);
  const std::int64_t t0 = 5'000;
  for (int i = 0; i < 10; ++i) {
    ASSERT_EQ(bitget.WaitMs(t0 + i * 10, i % 2 == 0), 0) << i;
    bitget.Sent(t0 + i * 10, i % 2 == 0);  // subscribe requests and pings alike
  }
  // The 11th message at t0 + 100 ms waits until the first (at t0) is a second old.
  EXPECT_EQ(bitget.WaitMs(t0 + 100, false), 900);
  EXPECT_EQ(bitget.WaitMs(t0 + 100, true), 900);
  EXPECT_EQ(bitget.WaitMs(t0 + 1000, true), 0);
}

TEST(RequestPacerTest, BitgetsHourlyCapCountsOnlySubscribeRequests) {
  RequestPacer bitget(240, 10);
  std::int64_t t = 0;
  for (int i = 0; i < 240; ++i, t += 1000) bitget.Sent(t, true);
  EXPECT_EQ(bitget.WaitMs(t, true), 3'600'000 - 240'000);
  EXPECT_EQ(bitget.WaitMs(t, false), 0);  // a ping may still go
}

}  // namespace
}  // namespace baro::stream

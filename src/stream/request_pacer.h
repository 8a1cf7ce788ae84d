// RequestPacer: keeps one stream connection's requests within its venue's published caps — a
// number of (un)subscribe requests per hour (OKX 480, Bitget 240) and of messages per second
// (Bitget 10, pings included) — by saying how long a request must wait. Each cap is a sliding
// window over the times of the requests sent, so it holds at most that many times. A cap of 0 is
// no cap. Not thread-safe: one connection's thread uses it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>

namespace baro::stream {

class RequestPacer {
 public:
  RequestPacer(std::size_t subscribes_per_hour, std::size_t messages_per_second)
      : per_hour_(subscribes_per_hour), per_second_(messages_per_second) {}

  // How long from `now_ms` until a request may go (0: now); `subscribe` for an (un)subscribe
  // request, false for any other message (a ping).
  std::int64_t WaitMs(std::int64_t now_ms, bool subscribe) const;
  // Records a request sent at `now_ms`.
  void Sent(std::int64_t now_ms, bool subscribe);

  static constexpr std::int64_t kHourMs = 3'600'000;
  static constexpr std::int64_t kSecondMs = 1'000;

 private:
  static std::int64_t WaitIn(const std::deque<std::int64_t>& sent, std::size_t cap,
                             std::int64_t window_ms, std::int64_t now_ms);
  static void Record(std::deque<std::int64_t>& sent, std::size_t cap, std::int64_t window_ms,
                     std::int64_t now_ms);

  std::size_t per_hour_;
  std::size_t per_second_;
  std::deque<std::int64_t> subscribes_;  // within the last hour, at most per_hour_
  std::deque<std::int64_t> messages_;    // within the last second, at most per_second_
};

}  // namespace baro::stream

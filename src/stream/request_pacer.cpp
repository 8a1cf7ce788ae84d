#include "stream/request_pacer.h"

#include <algorithm>

namespace baro::stream {

std::int64_t RequestPacer::WaitIn(const std::deque<std::int64_t>& sent, std::size_t cap,
                                  std::int64_t window_ms, std::int64_t now_ms) {
  if (cap == 0 || sent.size() < cap) return 0;
  // The window holds `cap` requests: the next may go when the oldest of them leaves it.
  return std::max<std::int64_t>(0, sent[sent.size() - cap] + window_ms - now_ms);
}

void RequestPacer::Record(std::deque<std::int64_t>& sent, std::size_t cap, std::int64_t window_ms,
                          std::int64_t now_ms) {
  if (cap == 0) return;
  sent.push_back(now_ms);
  while (!sent.empty() && (sent.front() + window_ms <= now_ms || sent.size() > cap)) {
    sent.pop_front();
  }
}

std::int64_t RequestPacer::WaitMs(std::int64_t now_ms, bool subscribe) const {
  std::int64_t wait = WaitIn(messages_, per_second_, kSecondMs, now_ms);
  if (subscribe) wait = std::max(wait, WaitIn(subscribes_, per_hour_, kHourMs, now_ms));
  return wait;
}

void RequestPacer::Sent(std::int64_t now_ms, bool subscribe) {
  Record(messages_, per_second_, kSecondMs, now_ms);
  if (subscribe) Record(subscribes_, per_hour_, kHourMs, now_ms);
}

}  // namespace baro::stream

// Time as a dependency: the real clock in production, a hand-driven one in tests.
#pragma once

#include <atomic>
#include <cstdint>

namespace baro {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual std::int64_t NowMs() const = 0;  // milliseconds since the Unix epoch
};

class SystemClock final : public Clock {
 public:
  std::int64_t NowMs() const override;
  static const SystemClock& Instance();
};

class ManualClock final : public Clock {
 public:
  explicit ManualClock(std::int64_t start_ms = 1'700'000'000'000) : now_(start_ms) {}
  std::int64_t NowMs() const override { return now_.load(); }
  void Set(std::int64_t ms) { now_.store(ms); }
  void Advance(std::int64_t ms) { now_.fetch_add(ms); }

 private:
  std::atomic<std::int64_t> now_;
};

}  // namespace baro

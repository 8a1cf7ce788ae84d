// The session lock of a back-end that opens several connections (sql_db.h): each thread holding
// the lock has a session of its own until it lets go (recursive on that thread), so threads do not
// wait for each other's statements; at most `capacity` sessions exist, and a thread beyond them
// waits until one is given back. PostgreSQL opens its sessions as threads need them; SQLite opens
// its read-and-write connections up front (docs/storage.md, "Sessions in one process").
#pragma once

#include <charconv>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string_view>
#include <utility>
#include <vector>

#include "store/sql/sql_db.h"

namespace baro::store::sql {

template <typename Session>
class SessionPool final : public SessionLock {
 public:
  // `make` makes a session when a thread finds none idle and fewer than `capacity` exist (it may
  // be unconnected: the back-end connects it on first use); without `make`, only the sessions
  // given to Add exist. `tidy` runs on a session its last holder gives back, on that holder's
  // thread and before another thread can take it.
  SessionPool(std::size_t capacity, std::function<std::unique_ptr<Session>()> make,
              std::function<void(Session&)> tidy)
      : capacity_(capacity), make_(std::move(make)), tidy_(std::move(tidy)) {}
  SessionPool(const SessionPool&) = delete;
  SessionPool& operator=(const SessionPool&) = delete;

  // An idle session made up front (it counts against the capacity).
  void Add(std::unique_ptr<Session> session) {
    std::lock_guard l(mu_);
    idle_.push_back(session.get());
    sessions_.push_back(std::move(session));
  }

  // What the calling thread holds is kept in the thread itself, so taking the lock again, letting
  // go of an inner hold and asking for the current session touch no shared state: only the first
  // lock and the last unlock of a hold meet the other threads on the pool's mutex.
  void lock() override {
    if (Held* mine = Mine()) {
      ++mine->depth;
      return;
    }
    Session* s = nullptr;
    {
      std::unique_lock l(mu_);
      released_.wait(l, [&] { return !idle_.empty() || CanMake(); });
      if (!idle_.empty()) {
        s = idle_.back();
        idle_.pop_back();
      } else {
        sessions_.push_back(make_());
        s = sessions_.back().get();
      }
    }
    held_.push_back(Held{this, s, 1});
  }

  void unlock() override {
    Held* mine = Mine();
    if (mine == nullptr || --mine->depth > 0) return;
    Session* s = mine->session;
    held_.erase(held_.begin() + (mine - held_.data()));
    if (tidy_) tidy_(*s);  // no other thread can take it yet
    {
      std::lock_guard l(mu_);
      idle_.push_back(s);
    }
    released_.notify_one();
  }

  // The calling thread's session, or nullptr when it holds none.
  Session* Current() const {
    const Held* mine = Mine();
    return mine == nullptr ? nullptr : mine->session;
  }

  // Sessions that exist (at most the capacity).
  std::size_t size() const {
    std::lock_guard l(mu_);
    return sessions_.size();
  }

  // Calls `f` on every session; only while no thread holds one (closing, counting in tests).
  template <typename F>
  void ForEach(F f) const {
    std::lock_guard l(mu_);
    for (const auto& s : sessions_) f(*s);
  }

 private:
  struct Held {
    const SessionPool* pool = nullptr;
    Session* session = nullptr;
    int depth = 0;
  };
  bool CanMake() const { return make_ && sessions_.size() < capacity_; }
  // The calling thread's hold on this pool (a thread holds sessions of a few pools at most).
  Held* Mine() const {
    for (Held& h : held_) {
      if (h.pool == this) return &h;
    }
    return nullptr;
  }

  const std::size_t capacity_;
  std::function<std::unique_ptr<Session>()> make_;
  std::function<void(Session&)> tidy_;
  mutable std::mutex mu_;
  std::condition_variable released_;
  std::vector<std::unique_ptr<Session>> sessions_;
  std::vector<Session*> idle_;
  // Each thread's holds, on every pool of this session type.
  static inline thread_local std::vector<Held> held_;
};

// The value of `baro_pool_size` in a database URL (Baro's own parameter, on both back-ends).
inline Result<int> ParsePoolSize(std::string_view value) {
  int n = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
  if (ec != std::errc() || end != value.data() + value.size() || n < 1 || n > 1000) {
    return MakeError(ErrorCode::kInvalidInput,
                     "database.url: baro_pool_size must be a whole number from 1 to 1000");
  }
  return n;
}

}  // namespace baro::store::sql

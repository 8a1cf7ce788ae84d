#include "web/password_pool.h"

#include <future>

#include "metrics/metrics.h"

namespace baro::web {
namespace {

metrics::Family& Jobs() {
  static auto& family = metrics::Default().Counter(
      "baro_password_jobs_total", "Password hash and verify jobs by kind and outcome.",
      {"kind", "outcome"});
  return family;
}

}  // namespace

PasswordPool::PasswordPool(int threads, int queue, PasswordHashCost cost)
    : cost_(cost), queue_(std::max(0, queue)) {
  for (int i = 0; i < std::max(1, threads); ++i) {
    threads_.emplace_back([this] {
      for (;;) {
        std::function<void()>* job = nullptr;
        {
          std::unique_lock lock(mu_);
          cv_.wait(lock, [this] { return stop_ || !jobs_.empty(); });
          if (jobs_.empty()) return;
          job = jobs_.front();
          jobs_.pop_front();
          ++busy_;
        }
        (*job)();
        std::lock_guard lock(mu_);
        --busy_;
      }
    });
  }
}

PasswordPool::~PasswordPool() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  for (auto& t : threads_) t.join();
}

Status PasswordPool::Run(const std::function<void()>& job) {
  std::promise<void> done;
  std::function<void()> wrapped = [&] {
    job();
    done.set_value();
  };
  {
    std::lock_guard lock(mu_);
    // Running jobs plus waiting ones may not exceed the threads plus the queue.
    if (stop_ ||
        static_cast<int>(jobs_.size()) + busy_ >= queue_ + static_cast<int>(threads_.size())) {
      Error e = MakeError(ErrorCode::kUnavailable, "password work queue is full");
      e.retry_after_ms = 1000;
      return e;
    }
    jobs_.push_back(&wrapped);
  }
  cv_.notify_one();
  done.get_future().wait();
  return {};
}

const std::string& PasswordPool::DummyHash() {
  std::call_once(dummy_once_, [this] {
    auto h = HashPassword(RandomToken(), cost_);
    dummy_hash_ = h ? *h : std::string();
  });
  return dummy_hash_;
}

Result<std::string> PasswordPool::Hash(std::string_view password) {
  Result<std::string> out = MakeError(ErrorCode::kInternal, "not hashed");
  if (auto st = Run([&] { out = HashPassword(password, cost_); }); !st) {
    Jobs().With({"hash", "refused"}).Add();
    return st.error();
  }
  Jobs().With({"hash", "done"}).Add();
  return out;
}

Result<bool> PasswordPool::Verify(const std::optional<std::string>& encoded_hash,
                                  std::string_view password) {
  bool ok = false;
  auto st = Run([&] {
    if (encoded_hash) {
      ok = VerifyPassword(*encoded_hash, password);
    } else {
      (void)VerifyPassword(DummyHash(), password);
    }
  });
  if (!st) {
    Jobs().With({"verify", "refused"}).Add();
    return st.error();
  }
  Jobs().With({"verify", encoded_hash ? "done" : "dummy"}).Add();
  return ok;
}

}  // namespace baro::web

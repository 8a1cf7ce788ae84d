// Sign-up and log-in limits under parallel requests, behind a trusted proxy and not, and the
// password work kept apart: the API in-process on a real SQLite store.
#include <gtest/gtest.h>
#include <sodium.h>

#include <atomic>
#include <boost/json/parse.hpp>
#include <thread>

#include "metrics/metrics.h"
#include "support/temp_dir.h"
#include "web/api.h"
#include "web/password_pool.h"

namespace baro::web {
namespace {

class NoMarket final : public market::MarketData {
 public:
  Result<market::Instrument> Find(Venue, std::string_view) override {
    return MakeError(ErrorCode::kUnavailable, "no market in this test");
  }
};

class AuthLimitsTest : public ::testing::Test {
 protected:
  void Open(PasswordHashCost cost = FastCostForTests()) {
    auto s = store::OpenStore("sqlite://" + dir_.File("auth.db"));
    ASSERT_TRUE(s.ok());
    store_ = std::move(*s);
    ASSERT_TRUE(store_->Migrate().ok());
    config_.Resolve();
    ApiDeps deps;
    deps.store = store_.get();
    deps.config = &config_;
    deps.clock = &clock_;
    deps.market = &market_;
    deps.password_cost = cost;
    api_ = std::make_unique<Api>(std::move(deps));
  }

  int Post(const std::string& path, const std::string& body, const std::string& remote,
           const std::string& forwarded_for = "") {
    net::HttpRequest r{"POST", path, {{"Content-Type", "application/json"}}, body, remote};
    if (!forwarded_for.empty()) r.headers.emplace_back("X-Forwarded-For", forwarded_for);
    return api_->Handle(r).status;
  }
  int SignUp(const std::string& email, const std::string& remote, const std::string& xff = "") {
    return Post("/api/v1/auth/signup",
                R"({"email":")" + email + R"(","password":"long enough pw"})", remote, xff);
  }
  int LogIn(const std::string& email, const std::string& password, const std::string& remote) {
    return Post("/api/v1/auth/login",
                R"({"email":")" + email + R"(","password":")" + password + R"("})", remote);
  }

  // Runs `n` calls at once (released together) and counts the statuses.
  std::map<int, int> InParallel(int n, const std::function<int(int)>& call) {
    std::atomic<int> ready{0};
    std::atomic<bool> go{false};
    std::vector<int> statuses(n);
    std::vector<std::thread> threads;
    for (int i = 0; i < n; ++i) {
      threads.emplace_back([&, i] {
        ++ready;
        while (!go.load()) std::this_thread::yield();
        statuses[i] = call(i);
      });
    }
    while (ready.load() < n) std::this_thread::yield();
    go = true;
    for (auto& t : threads) t.join();
    std::map<int, int> counts;
    for (int s : statuses) ++counts[s];
    return counts;
  }

  testing::TempDir dir_;
  std::unique_ptr<store::Store> store_;
  config::Config config_;
  ManualClock clock_{1'700'000'000'000};
  NoMarket market_;
  std::unique_ptr<Api> api_;
};

TEST_F(AuthLimitsTest, ParallelSignUpsBeyondTheLimitExactlyTheLimitSucceed) {
  config_.signup_max_attempts = 3;
  config_.password_threads = 4;
  config_.password_queue = 16;
  Open();
  auto counts = InParallel(
      12, [&](int i) { return SignUp("user" + std::to_string(i) + "@example.com", "10.1.0.1"); });
  EXPECT_EQ(counts[201], 3);
  EXPECT_EQ(counts[429], 9);
  // Another address has its own allowance.
  EXPECT_EQ(SignUp("other@example.com", "10.1.0.2"), 201);
  // And the window ends.
  clock_.Advance(config_.signup_window_s * 1000);
  EXPECT_EQ(SignUp("later@example.com", "10.1.0.1"), 201);
}

TEST_F(AuthLimitsTest, ParallelWrongPasswordsCannotExceedTheLogInLimit) {
  config_.login_max_attempts = 3;
  config_.password_threads = 4;
  config_.password_queue = 16;
  // A cost at which a verification takes long enough for parallel guesses to overlap.
  Open({crypto_pwhash_OPSLIMIT_MIN, 16 * 1024 * 1024});
  ASSERT_EQ(SignUp("victim@example.com", "10.2.0.1"), 201);
  auto counts = InParallel(10, [&](int i) {
    return LogIn("victim@example.com", "guess number " + std::to_string(i),
                 "10.2.0." + std::to_string(10 + i));
  });
  EXPECT_EQ(counts[401], 3);
  EXPECT_EQ(counts[429], 7);
}

TEST_F(AuthLimitsTest, ForwardedForFromAnUntrustedPeerIsIgnored) {
  config_.signup_max_attempts = 2;
  config_.trusted_proxy = "10.3.0.254";
  Open();
  EXPECT_EQ(SignUp("a1@example.com", "10.3.0.1", "203.0.113.1"), 201);
  EXPECT_EQ(SignUp("a2@example.com", "10.3.0.1", "203.0.113.2"), 201);
  // A fresh X-Forwarded-For per request does not make a fresh client.
  EXPECT_EQ(SignUp("a3@example.com", "10.3.0.1", "203.0.113.3"), 429);
}

TEST_F(AuthLimitsTest, ForwardedForFromTheTrustedProxyIsUsed) {
  config_.signup_max_attempts = 2;
  config_.trusted_proxy = "10.4.0.254";
  Open();
  const std::string proxy = "10.4.0.254";
  EXPECT_EQ(SignUp("b1@example.com", proxy, "203.0.113.7"), 201);
  // The proxy appends the peer it saw: only the last entry counts, whatever the client put first.
  EXPECT_EQ(SignUp("b2@example.com", proxy, "198.51.100.9, 203.0.113.7"), 201);
  EXPECT_EQ(SignUp("b3@example.com", proxy, "198.51.100.10, 203.0.113.7"), 429);
  // Another client behind the same proxy is not held back by the first.
  EXPECT_EQ(SignUp("b4@example.com", proxy, "203.0.113.8"), 201);
}

double PasswordJobs(const std::string& kind, const std::string& outcome) {
  return metrics::Default()
      .Counter("baro_password_jobs_total", "Password hash and verify jobs by kind and outcome.",
               {"kind", "outcome"})
      .With({kind, outcome})
      .Value();
}

TEST_F(AuthLimitsTest, UnknownEmailsAreVerifiedAgainstADummyHash) {
  Open();
  ASSERT_EQ(SignUp("known@example.com", "10.5.0.1"), 201);
  const double known_before = PasswordJobs("verify", "done");
  const double dummy_before = PasswordJobs("verify", "dummy");
  EXPECT_EQ(LogIn("known@example.com", "wrong password", "10.5.0.2"), 401);
  EXPECT_EQ(LogIn("nobody@example.com", "wrong password", "10.5.0.3"), 401);
  EXPECT_EQ(PasswordJobs("verify", "done"), known_before + 1);
  EXPECT_EQ(PasswordJobs("verify", "dummy"), dummy_before + 1);
}

TEST_F(AuthLimitsTest, ATakenEmailIsRefusedWithoutHashing) {
  Open();
  ASSERT_EQ(SignUp("taken@example.com", "10.6.0.1"), 201);
  const double hashed = PasswordJobs("hash", "done");
  EXPECT_EQ(SignUp("taken@example.com", "10.6.0.2"), 409);
  EXPECT_EQ(PasswordJobs("hash", "done"), hashed);
}

TEST(PasswordPool, JobsBeyondThreadsAndQueueAreRefusedAtOnce) {
  // One thread and one waiting place: of eight hashes started together, the ones that find both
  // taken are refused at once instead of piling up.
  PasswordPool pool(1, 1, {crypto_pwhash_OPSLIMIT_MIN, 32 * 1024 * 1024});
  std::atomic<int> ready{0}, done{0}, refused{0};
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      ++ready;
      while (!go.load()) std::this_thread::yield();
      auto r = pool.Hash("a password");
      if (r.ok()) {
        ++done;
      } else {
        EXPECT_EQ(r.error().code, ErrorCode::kUnavailable);
        EXPECT_GT(r.error().retry_after_ms, 0);
        ++refused;
      }
    });
  }
  while (ready.load() < 8) std::this_thread::yield();
  go = true;
  for (auto& t : threads) t.join();
  EXPECT_EQ(done + refused, 8);
  EXPECT_GE(done.load(), 2);
  EXPECT_GE(refused.load(), 1);
}

}  // namespace
}  // namespace baro::web

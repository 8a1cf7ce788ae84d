// The fakes' fault switch as a client sees it on the wire: each fault, how many requests it takes,
// and that the fake answers normally again afterwards. The client is Baro's own HTTP client.
#include "fakes/server/fake_http_server.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "core/json_util.h"
#include "net/http_client.h"
#include "net/url.h"

namespace baro::fakes {
namespace {

using namespace std::chrono_literals;

class FakeHttpServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.Start().ok());
    auto url = net::ParseUrl(server_.BaseUrl());
    ASSERT_TRUE(url.ok());
    base_ = *url;
  }
  Result<net::HttpResponse> Get(std::chrono::milliseconds timeout = 2000ms) {
    return client_.Send(base_, net::HttpRequest{"GET", "/v1/thing", {}, "", ""}, timeout);
  }

  std::atomic<int> handled_{0};
  FakeHttpServer server_{net::HttpServerOptions{}, [this](const net::HttpRequest& r) {
                           ++handled_;
                           return net::HttpResponse::Json(
                               200, R"({"path":")" + r.target + R"(","padding":"0123456789"})");
                         }};
  net::HttpClient client_{
      net::HttpClientOptions{.connect_timeout = 1000ms, .request_timeout = 2000ms}};
  net::Url base_;
};

TEST_F(FakeHttpServerTest, PassesRequestsThroughWhenNoFaultIsArmed) {
  for (int i = 0; i < 3; ++i) {
    auto r = Get();
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->body, R"({"path":"/v1/thing","padding":"0123456789"})");
  }
  EXPECT_EQ(handled_.load(), 3);
  EXPECT_EQ(client_.connections_opened(), 1u) << "keep-alive goes through the relay";
}

TEST_F(FakeHttpServerTest, StatusFaultsCarryRetryAfterOnlyWhenAsked) {
  server_.faults().Arm({.fault = Fault::kTooManyRequests, .retry_after_s = 7});
  auto r = Get();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 429);
  EXPECT_EQ(r->Header("Retry-After").value_or(""), "7");

  server_.faults().Arm({.fault = Fault::kBanned});
  r = Get();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 418);
  EXPECT_FALSE(r->Header("Retry-After").has_value());

  server_.faults().Arm({.fault = Fault::kServerError, .status = 502, .body = "bad gateway"});
  r = Get();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 502);
  EXPECT_EQ(r->body, "bad gateway");

  server_.faults().Arm({.fault = Fault::kServerError, .times = 2});
  EXPECT_EQ(Get()->status, 503);
  EXPECT_EQ(Get()->status, 503);
  EXPECT_EQ(Get()->status, 200) << "the fault was armed for two requests";
  EXPECT_EQ(server_.faults().faulted(), 5);
  EXPECT_EQ(handled_.load(), 1) << "a faulted request never reaches the fake";
}

TEST_F(FakeHttpServerTest, MalformedJsonIsAWellFramedAnswerThatDoesNotParse) {
  server_.faults().Arm({.fault = Fault::kMalformedJson});
  auto r = Get();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 200);
  EXPECT_FALSE(json::Parse(r->body).ok());
}

TEST_F(FakeHttpServerTest, TruncatedBodyAndResetFailTheRequestAndThenItWorksAgain) {
  server_.faults().Arm({.fault = Fault::kTruncatedBody});
  EXPECT_FALSE(Get().ok());
  EXPECT_EQ(handled_.load(), 1) << "the truncated answer is the fake's own, cut short";
  server_.faults().Arm({.fault = Fault::kResetConnection});
  EXPECT_FALSE(Get().ok());
  auto r = Get();
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->status, 200);
}

TEST_F(FakeHttpServerTest, AHangLastsUntilClearedAndTheClientTimesOut) {
  server_.faults().Arm({.fault = Fault::kHang, .times = -1});
  const auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(Get(300ms).ok());
  EXPECT_GE(std::chrono::steady_clock::now() - start, 300ms);
  EXPECT_FALSE(Get(300ms).ok()) << "times = -1: every request hangs";
  server_.faults().Clear();
  auto r = Get();
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(server_.faults().faulted(), 2);
}

TEST_F(FakeHttpServerTest, StopReleasesAHangingConnection) {
  server_.faults().Arm({.fault = Fault::kHang});
  std::thread caller([this] { (void)Get(10'000ms); });
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (server_.faults().faulted() == 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(1ms);
  EXPECT_EQ(server_.faults().faulted(), 1);
  const auto start = std::chrono::steady_clock::now();
  server_.Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
  caller.join();
}

// A load driver that arms no faults reaches the fake's handler directly; faults have no effect.
TEST(FakeHttpServerWithoutRelay, AnswersDirectlyAndIgnoresFaults) {
  FakeHttpServer::ServeWithoutRelay(true);
  FakeHttpServer server{net::HttpServerOptions{}, [](const net::HttpRequest&) {
                          return net::HttpResponse::Json(200, R"({"ok":true})");
                        }};
  FakeHttpServer::ServeWithoutRelay(false);  // servers made later use the relay again
  ASSERT_TRUE(server.Start().ok());
  server.faults().Arm({.fault = Fault::kResetConnection, .times = -1});
  net::HttpClient client;
  auto r = client.Send(*net::ParseUrl(server.BaseUrl()), net::HttpRequest{"GET", "/x", {}, "", ""});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->body, R"({"ok":true})");
  EXPECT_EQ(server.faults().faulted(), 0);
}

}  // namespace
}  // namespace baro::fakes

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>

#include "net/http_client.h"
#include "net/http_server.h"
#include "support/temp_dir.h"
#include "support/tls_cert.h"

namespace baro::net {
namespace {

HttpResponse Echo(const HttpRequest& r) {
  std::string body = r.method + " " + std::string(r.Path()) +
                     " q=" + r.QueryParam("q").value_or("") + " body=" + r.body +
                     " h=" + std::string(r.Header("X-Test").value_or(""));
  return HttpResponse::Text(200, body);
}

TEST(HttpClientServer, PlainRoundTripReusesConnection) {
  HttpServer server({}, Echo);
  ASSERT_TRUE(server.Start().ok());
  auto base = ParseUrl(server.BaseUrl() + "/prefix");
  ASSERT_TRUE(base.ok());
  HttpClient client;
  for (int i = 0; i < 3; ++i) {
    HttpRequest req{"POST", "/a?q=x%20y", {{"X-Test", "v"}}, "payload"};
    auto res = client.Send(*base, req);
    ASSERT_TRUE(res.ok()) << res.error().message;
    EXPECT_EQ(res->status, 200);
    EXPECT_EQ(res->body, "POST /prefix/a q=x y body=payload h=v");
  }
  EXPECT_EQ(client.connections_opened(), 1u);
}

// Handlers that never block may run on the one I/O thread that read the request: every request
// from two clients is answered, and all by that thread (the handler pool is never used).
TEST(HttpClientServer, HandlersOnIoThreadsAnswerOnTheReadingThread) {
  std::mutex mu;
  std::set<std::thread::id> handler_threads;
  HttpServer server({.threads = 1, .handler_threads = 4, .handlers_on_io_threads = true},
                    [&](const HttpRequest& r) {
                      std::lock_guard lock(mu);
                      handler_threads.insert(std::this_thread::get_id());
                      return Echo(r);
                    });
  ASSERT_TRUE(server.Start().ok());
  auto base = ParseUrl(server.BaseUrl());
  ASSERT_TRUE(base.ok());
  HttpClient a, b;
  for (int i = 0; i < 8; ++i) {
    auto res = (i % 2 == 0 ? a : b).Send(*base, {"GET", "/x"});
    ASSERT_TRUE(res.ok()) << res.error().message;
    EXPECT_EQ(res->body, "GET /x q= body= h=");
  }
  EXPECT_EQ(handler_threads.size(), 1u);
}

TEST(HttpClientServer, TlsWithTrustedCaSucceedsAndUntrustedFails) {
  testing::TempDir dir;
  auto files = testing::MakeSelfSignedCert(dir.path().string());
  HttpServer server({.tls_cert_file = files.cert_file, .tls_key_file = files.key_file}, Echo);
  ASSERT_TRUE(server.Start().ok());
  ASSERT_EQ(server.BaseUrl().rfind("https://", 0), 0u);
  auto base = ParseUrl("https://localhost:" + std::to_string(server.port()));
  ASSERT_TRUE(base.ok());

  HttpClient trusting({.ca_file = files.cert_file});
  auto ok = trusting.Send(*base, {"GET", "/x"});
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_EQ(ok->body, "GET /x q= body= h=");

  HttpClient strict;  // system store only: the self-signed certificate must be refused
  auto refused = strict.Send(*base, {"GET", "/x"});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kUnavailable);
}

TEST(HttpClientServer, ConnectionRefusedIsAValue) {
  HttpServer server({}, Echo);
  ASSERT_TRUE(server.Start().ok());
  auto base = ParseUrl(server.BaseUrl());
  server.Stop();
  HttpClient client({.connect_timeout = std::chrono::milliseconds(500)});
  auto res = client.Send(*base, {"GET", "/"});
  ASSERT_FALSE(res.ok());
  EXPECT_EQ(res.error().code, ErrorCode::kUnavailable);
}

TEST(HttpClientServer, SlowPeerTimesOut) {
  std::atomic<bool> release{false};
  HttpServer server({}, [&](const HttpRequest&) {
    while (!release.load()) std::this_thread::yield();
    return HttpResponse::Text(200, "late");
  });
  ASSERT_TRUE(server.Start().ok());
  HttpClient client({.request_timeout = std::chrono::milliseconds(200)});
  auto res = client.Send(*ParseUrl(server.BaseUrl()), {"GET", "/"});
  release = true;
  ASSERT_FALSE(res.ok());
  EXPECT_NE(res.error().message.find("timed out"), std::string::npos);
}

TEST(HttpClientServer, OversizedBodyIsRejectedWith413) {
  HttpServer server({.max_body_bytes = 16}, Echo);
  ASSERT_TRUE(server.Start().ok());
  HttpClient client;
  auto res = client.Send(*ParseUrl(server.BaseUrl()), {"POST", "/", {}, std::string(1000, 'x')});
  ASSERT_TRUE(res.ok()) << res.error().message;
  EXPECT_EQ(res->status, 413);
}

TEST(Url, ParsesAndRejects) {
  auto u = ParseUrl("https://api.example.com/v1/");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->host, "api.example.com");
  EXPECT_EQ(u->port, 443);
  EXPECT_EQ(u->path, "/v1");
  EXPECT_EQ(ParseUrl("http://[::1]:8080")->host, "::1");
  EXPECT_FALSE(ParseUrl("ftp://x").ok());
  EXPECT_FALSE(ParseUrl("https://user:pw@x").ok());
  EXPECT_FALSE(ParseUrl("http://x:99999").ok());
  EXPECT_EQ(UrlEncode("a b/é"), "a%20b%2F%C3%A9");
  EXPECT_EQ(UrlDecode("a%20b+c%zz"), "a b c%zz");
}

}  // namespace
}  // namespace baro::net

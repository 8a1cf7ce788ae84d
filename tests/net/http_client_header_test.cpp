// The HTTP client refuses CR, LF and NUL in a header name or value (and in the request target)
// before anything is sent, so no caller can split a request or add a header by smuggling a line
// break into a value (https://www.rfc-editor.org/rfc/rfc9110#section-5.5: a field value never
// holds CR, LF or NUL). The error names the header, never its value.
#include <gtest/gtest.h>

#include <atomic>

#include "net/http_client.h"
#include "net/http_server.h"

namespace baro::net {
namespace {

class HttpClientHeaders : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<HttpServer>(HttpServerOptions{}, [this](const HttpRequest& r) {
      ++requests_;
      if (r.Header("X-Injected")) ++injected_;
      return HttpResponse::Text(200, "ok");
    });
    ASSERT_TRUE(server_->Start().ok());
    auto base = ParseUrl(server_->BaseUrl());
    ASSERT_TRUE(base.ok());
    base_ = *base;
  }

  std::atomic<int> requests_{0}, injected_{0};
  std::unique_ptr<HttpServer> server_;
  Url base_;
  HttpClient client_;
};

TEST_F(HttpClientHeaders, RefusesLineBreaksAndNulInNamesAndValues) {
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"X-MBX-APIKEY", "key\r\nX-Injected: yes"},
      {"X-MBX-APIKEY", "key\nX-Injected: yes"},
      {"X-MBX-APIKEY", "key\rX-Injected: yes"},
      {"X-MBX-APIKEY", std::string("key\0X-Injected: yes", 19)},
      {"X-Injected: yes\r\nX-Other", "v"},
      {"X-Name\n", "v"},
      {std::string("X-Na\0me", 7), "v"},
  };
  for (const auto& [name, value] : bad) {
    HttpRequest req{"GET", "/", {{name, value}}, ""};
    auto res = client_.Send(base_, req);
    ASSERT_FALSE(res.ok()) << "sent a header with a line break or NUL";
    EXPECT_EQ(res.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(res.error().message.find("X-Injected"), std::string::npos) << res.error().message;
    EXPECT_EQ(res.error().message.find("key"), std::string::npos) << res.error().message;
  }
  HttpRequest split{"GET", "/a\r\nX-Injected: yes\r\n", {}, ""};
  EXPECT_FALSE(client_.Send(base_, split).ok());
  EXPECT_EQ(requests_.load(), 0);
  EXPECT_EQ(injected_.load(), 0);

  // An ordinary header still goes through.
  HttpRequest good{"GET", "/", {{"X-MBX-APIKEY", "abcDEF123-_.~+/="}}, ""};
  auto res = client_.Send(base_, good);
  ASSERT_TRUE(res.ok()) << res.error().message;
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(requests_.load(), 1);
}

}  // namespace
}  // namespace baro::net

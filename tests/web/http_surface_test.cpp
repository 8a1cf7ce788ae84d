// What the API's HTTP surface tells browsers and scrapers, in-process on a real SQLite store: the
// request media type it accepts, Strict-Transport-Security under HTTPS only, and /metrics behind a
// bearer token.
#include <gtest/gtest.h>

#include "support/temp_dir.h"
#include "web/api.h"

namespace baro::web {
namespace {

class HttpSurface : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = store::OpenStore("sqlite://" + dir_.File("api.db"));
    ASSERT_TRUE(s.ok());
    store_ = std::move(*s);
    ASSERT_TRUE(store_->Migrate().ok());
  }

  // A fresh Api over the same store with `config_` as it is now.
  void Build(std::shared_ptr<const SecretBytes> metrics_token = nullptr) {
    config_.Resolve();
    ApiDeps deps;
    deps.store = store_.get();
    deps.config = &config_;
    deps.clock = &clock_;
    deps.password_cost = FastCostForTests();
    deps.metrics_token = std::move(metrics_token);
    api_ = std::make_unique<Api>(std::move(deps));
  }

  net::HttpResponse Send(const std::string& method, const std::string& target,
                         std::vector<std::pair<std::string, std::string>> headers = {},
                         const std::string& body = "") {
    return api_->Handle(net::HttpRequest{method, target, std::move(headers), body, "10.0.0.1"});
  }

  testing::TempDir dir_;
  std::unique_ptr<store::Store> store_;
  config::Config config_;
  ManualClock clock_{1'700'000'000'000};
  std::unique_ptr<Api> api_;
};

// The media type is what comes before ';', compared without case
// (https://www.rfc-editor.org/rfc/rfc9110#section-8.3.1), not a substring anywhere in the value.
TEST_F(HttpSurface, ContentTypeIsParsedNotSearched) {
  Build();
  int n = 0;
  auto signup = [&](const std::string& type) {
    const std::string body =
        R"({"email":"ct)" + std::to_string(++n) + R"(@example.com","password":"long enough pw"})";
    return Send("POST", "/api/v1/auth/signup", {{"Content-Type", type}}, body).status;
  };
  for (const char* refused : {"text/plain; a=application/json", "text/plain, application/json",
                              "application/jsonx", "application/json-seq", "xapplication/json",
                              "multipart/form-data; boundary=application/json", ""}) {
    EXPECT_EQ(signup(refused), 415) << refused;
  }
  for (const char* accepted : {"application/json", "application/json; charset=utf-8",
                               "Application/JSON", " application/json ;charset=UTF-8"}) {
    EXPECT_EQ(signup(accepted), 201) << accepted;
  }
}

// Only where the page is reached over HTTPS (https://www.rfc-editor.org/rfc/rfc6797#section-7.2).
TEST_F(HttpSurface, StrictTransportSecurityOnlyOverHttps) {
  config_.public_url = "http://127.0.0.1:8080";
  Build();
  EXPECT_FALSE(Send("GET", "/healthz").Header("Strict-Transport-Security"));

  config_.public_url = "https://baro.example.com";
  Build();
  auto res = Send("GET", "/healthz");
  auto hsts = res.Header("Strict-Transport-Security");
  ASSERT_TRUE(hsts);
  EXPECT_EQ(*hsts, "max-age=31536000");  // the default: one year

  config_.public_url = "http://127.0.0.1:8443";
  config_.tls_cert_file = dir_.File("cert.pem");  // served with TLS by this process
  config_.hsts_max_age_s = 600;
  Build();
  res = Send("GET", "/api/v1/nothing");
  hsts = res.Header("Strict-Transport-Security");
  ASSERT_TRUE(hsts);
  EXPECT_EQ(*hsts, "max-age=600");

  config_.hsts_max_age_s = 0;
  Build();
  EXPECT_FALSE(Send("GET", "/healthz").Header("Strict-Transport-Security"));
}

TEST_F(HttpSurface, MetricsNeedTheBearerToken) {
  Build();
  EXPECT_EQ(Send("GET", "/metrics").status, 404);  // no token configured: not served

  Build(std::make_shared<const SecretBytes>(std::string_view("scrape-token-0123456789")));
  EXPECT_EQ(Send("GET", "/metrics").status, 401);
  EXPECT_EQ(Send("GET", "/metrics", {{"Authorization", "Bearer wrong-token"}}).status, 401);
  EXPECT_EQ(Send("GET", "/metrics", {{"Authorization", "scrape-token-0123456789"}}).status, 401);
  auto ok = Send("GET", "/metrics", {{"Authorization", "Bearer scrape-token-0123456789"}});
  EXPECT_EQ(ok.status, 200);
  EXPECT_NE(ok.body.find("baro_http_requests_total"), std::string::npos);
}

}  // namespace
}  // namespace baro::web

// What the end-to-end tests share: a logged-in browser as far as the API is concerned (session
// cookie and CSRF token over real HTTP), and waiting on observable state with a deadline.
#pragma once

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <chrono>
#include <string>
#include <thread>

#include "net/http_client.h"

namespace baro::testing {

// A logged-in browser, as far as the API is concerned: a session cookie and the CSRF token.
class ApiSession {
 public:
  explicit ApiSession(std::string base) : base_(*net::ParseUrl(base)) {}

  boost::json::value Call(const std::string& method, const std::string& target,
                          const std::string& body = "", int* status = nullptr) {
    net::HttpRequest req{method, target, {}, body};
    if (!body.empty()) req.headers.emplace_back("Content-Type", "application/json");
    if (!cookie_.empty()) req.headers.emplace_back("Cookie", cookie_);
    if (!csrf_.empty()) req.headers.emplace_back("X-CSRF-Token", csrf_);
    auto res = http_.Send(base_, req);
    EXPECT_TRUE(res.ok()) << res.error().message;
    if (!res) return nullptr;
    if (auto set = res->Header("Set-Cookie")) cookie_ = std::string(set->substr(0, set->find(';')));
    if (status) *status = res->status;
    boost::system::error_code ec;
    auto v = boost::json::parse(res->body, ec);
    if (!ec && v.is_object()) {
      if (auto* user = v.as_object().if_contains("user");
          user && user->as_object().contains("csrf_token")) {
        csrf_ = std::string(user->as_object().at("csrf_token").as_string());
      }
    }
    return ec ? boost::json::value(nullptr) : v;
  }

 private:
  net::Url base_;
  net::HttpClient http_;
  std::string cookie_, csrf_;
};

template <typename Pred>
inline bool WaitUntil(Pred pred, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (pred()) return true;
    std::this_thread::sleep_for(
        std::chrono::milliseconds(50));  // polling the observable state, bounded by the deadline
  }
  return pred();
}

}  // namespace baro::testing

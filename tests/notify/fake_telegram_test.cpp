// The fake Bot API against the wire format of the real one (telegram-kms.md §1.11), over loopback
// HTTP with a plain client, so the other notify tests can trust it.
#include "fakes/telegram/fake_telegram.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <future>

#include "net/http_client.h"

namespace baro::fakes {
namespace {

using namespace std::chrono_literals;
constexpr char kToken[] = "123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11";

class FakeTelegramTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(fake_.Start());
    base_ = *net::ParseUrl(fake_.BaseUrl());
  }

  net::HttpResponse Call(const std::string& method, const std::string& target,
                         const std::string& body = "", const std::string& type = "",
                         net::HttpClient* client = nullptr) {
    net::HttpRequest req;
    req.method = method;
    req.target = target;
    req.body = body;
    if (!type.empty()) req.headers = {{"Content-Type", type}};
    auto res = (client ? *client : http_).Send(base_, req, 60s);
    EXPECT_TRUE(res.ok()) << res.error().message;
    return res.ok() ? *res : net::HttpResponse{};
  }
  net::HttpResponse Post(const std::string& method, const boost::json::object& body) {
    return Call("POST", std::string("/bot") + kToken + "/" + method, boost::json::serialize(body),
                "application/json");
  }
  static boost::json::object Body(const net::HttpResponse& res) {
    return boost::json::parse(res.body).as_object();
  }

  FakeTelegram fake_{kToken};
  net::Url base_;
  net::HttpClient http_;
};

TEST_F(FakeTelegramTest, RoutesMethodsCaseInsensitivelyWithAndWithoutTest) {
  for (const std::string path : {"/getMe", "/GETME", "/test/getme"}) {
    auto res = Call("GET", std::string("/bot") + kToken + path);
    EXPECT_EQ(res.status, 200) << path;
    EXPECT_EQ(res.Header("Content-Type").value_or(""), "application/json");
    auto body = Body(res);
    EXPECT_EQ(body.at("ok"), true);
    EXPECT_EQ(body.at("result").at("username"), "baro_test_bot");
    EXPECT_EQ(body.at("result").at("id"), 123456);  // the bot id is the token's prefix
  }
}

TEST_F(FakeTelegramTest, AnswersPathAndTokenErrorsWithTheExactEnvelopes) {
  struct Case {
    std::string target;
    int status;
    std::string body;
  };
  const std::vector<Case> cases = {
      {"/getMe", 404, R"({"ok":false,"error_code":404,"description":"Not Found"})"},
      {std::string("/bot") + kToken + "/noSuchMethod", 404,
       R"({"ok":false,"error_code":404,"description":"Not Found: method not found"})"},
      {"/bot123456:wrong/getMe", 401,
       R"({"ok":false,"error_code":401,"description":"Unauthorized"})"},
      {"/botnocolon/getMe", 401,
       R"({"ok":false,"error_code":401,"description":"Unauthorized: invalid token specified"})"},
      {"/bot0123:abc/getMe", 401,
       R"({"ok":false,"error_code":401,"description":"Unauthorized: invalid token specified"})"},
  };
  for (const auto& c : cases) {
    auto res = Call("GET", c.target);
    EXPECT_EQ(res.status, c.status) << c.target;
    EXPECT_EQ(res.body, c.body) << c.target;
  }
}

TEST_F(FakeTelegramTest, ReadsQueryFormAndJsonParameters) {
  fake_.SendText(10, "hi");
  auto via_query = Call("GET", std::string("/bot") + kToken +
                                   "/sendMessage?chat_id=10&text=q&disable_notification=yes");
  EXPECT_EQ(via_query.status, 200) << via_query.body;
  auto via_form =
      Call("POST", std::string("/bot") + kToken + "/sendMessage",
           "chat_id=10&text=f%20%3C&parse_mode=none", "application/x-www-form-urlencoded");
  EXPECT_EQ(via_form.status, 200) << via_form.body;
  auto via_json = Post("sendMessage", {{"chat_id", 10},
                                       {"text", "<b>j</b>"},
                                       {"parse_mode", "HTML"},
                                       {"disable_notification", false},
                                       {"link_preview_options", {{"is_disabled", true}}}});
  EXPECT_EQ(via_json.status, 200) << via_json.body;
  auto sent = fake_.SentTo(10);
  ASSERT_EQ(sent.size(), 3u);
  EXPECT_EQ(sent[0].text, "q");
  EXPECT_TRUE(sent[0].silent);
  EXPECT_EQ(sent[1].text, "f <");
  EXPECT_EQ(sent[2].text, "<b>j</b>");
  EXPECT_EQ(sent[2].parse_mode, "html");
  EXPECT_FALSE(sent[2].silent);
  EXPECT_TRUE(sent[2].link_preview_disabled);
  EXPECT_EQ(Body(via_json).at("result").at("chat").at("id"), 10);
}

TEST_F(FakeTelegramTest, GetUpdatesConfirmsByOffsetAndKeepsTheRest) {
  fake_.SendStart(1, "a");
  fake_.SendStart(2, "b");
  fake_.SendStart(3, "c");
  auto all = Body(Post("getUpdates", {{"timeout", 0}})).at("result").as_array();
  ASSERT_EQ(all.size(), 3u);
  const std::int64_t first = all[0].at("update_id").as_int64();
  EXPECT_EQ(all[1].at("update_id").as_int64(), first + 1);
  EXPECT_EQ(all[0].at("message").at("text"), "/start a");
  EXPECT_EQ(all[0].at("message").at("entities").at(0).at("length"), 6);
  // Unconfirmed updates come back again.
  EXPECT_EQ(Body(Post("getUpdates", {})).at("result").as_array().size(), 3u);
  // offset = first + 1 confirms the first one for good.
  auto rest = Body(Post("getUpdates", {{"offset", first + 1}})).at("result").as_array();
  ASSERT_EQ(rest.size(), 2u);
  EXPECT_EQ(rest[0].at("update_id").as_int64(), first + 1);
  EXPECT_EQ(Body(Post("getUpdates", {{"offset", 0}})).at("result").as_array().size(), 2u);
  EXPECT_EQ(fake_.last_confirmed_offset(), first + 1);
  // limit is clamped to 1..100.
  EXPECT_EQ(Body(Post("getUpdates", {{"limit", 0}})).at("result").as_array().size(), 1u);
  // A negative offset keeps only the last -offset updates and forgets the others.
  auto last = Body(Post("getUpdates", {{"offset", -1}})).at("result").as_array();
  ASSERT_EQ(last.size(), 1u);
  EXPECT_EQ(last[0].at("update_id").as_int64(), first + 2);
  EXPECT_EQ(fake_.pending_updates(), 1u);
}

TEST_F(FakeTelegramTest, AllowedUpdatesIsRememberedAndFiltersLaterUpdates) {
  Post("getUpdates", {{"allowed_updates", boost::json::array{"message"}}});
  fake_.BlockBot(5);  // my_chat_member: not wanted now
  fake_.SendText(5, "hi");
  auto got = Body(Post("getUpdates", {})).at("result").as_array();  // omitted: kept
  ASSERT_EQ(got.size(), 1u);
  EXPECT_TRUE(got[0].as_object().contains("message"));
  EXPECT_EQ(fake_.allowed_updates(), std::vector<std::string>{"message"});
  Post("getUpdates", {{"allowed_updates", boost::json::array{}}});  // [] = the default set
  fake_.BlockBot(5);
  EXPECT_EQ(Body(Post("getUpdates", {})).at("result").as_array().size(), 2u);
}

TEST_F(FakeTelegramTest, LongPollWakesWhenAnUpdateArrives) {
  auto poll = std::async(std::launch::async, [&] {
    net::HttpClient own;
    return Call("POST", std::string("/bot") + kToken + "/getUpdates", R"({"timeout":50})",
                "application/json", &own);
  });
  ASSERT_TRUE(fake_.WaitForLongPoll(10s));
  const auto start = std::chrono::steady_clock::now();
  fake_.SendStart(7, "x");
  auto res = poll.get();
  EXPECT_LT(std::chrono::steady_clock::now() - start, 10s);
  EXPECT_EQ(Body(res).at("result").as_array().size(), 1u);
}

TEST_F(FakeTelegramTest, ANewerLongPollTerminatesTheWaitingOneWith409) {
  auto first = std::async(std::launch::async, [&] {
    net::HttpClient own;
    return Call("POST", std::string("/bot") + kToken + "/getUpdates", R"({"timeout":50})",
                "application/json", &own);
  });
  ASSERT_TRUE(fake_.WaitForLongPoll(10s));
  auto second = std::async(std::launch::async, [&] {
    net::HttpClient own;
    return Call("POST", std::string("/bot") + kToken + "/getUpdates", R"({"timeout":50})",
                "application/json", &own);
  });
  auto res = first.get();
  EXPECT_EQ(res.status, 409);
  EXPECT_EQ(
      res.body,
      R"({"ok":false,"error_code":409,"description":"Conflict: terminated by other getUpdates )"
      R"(request; make sure that only one bot instance is running"})");
  fake_.SendStart(8, "y");  // the newer poll is still waiting, and gets it
  EXPECT_EQ(Body(second.get()).at("result").as_array().size(), 1u);
}

TEST_F(FakeTelegramTest, StopAnswersAWaitingLongPoll) {
  auto poll = std::async(std::launch::async, [&] {
    net::HttpClient own;
    net::HttpRequest req;
    req.method = "POST";
    req.target = std::string("/bot") + kToken + "/getUpdates";
    req.headers = {{"Content-Type", "application/json"}};
    req.body = R"({"timeout":50})";
    return own.Send(base_, req, 60s);
  });
  ASSERT_TRUE(fake_.WaitForLongPoll(10s));
  const auto start = std::chrono::steady_clock::now();
  fake_.Stop();
  (void)poll.get();  // an answer or a closed connection, but promptly
  EXPECT_LT(std::chrono::steady_clock::now() - start, 10s);
}

TEST_F(FakeTelegramTest, SendMessageValidatesChatTextAndHtml) {
  fake_.SendText(10, "hi");
  struct Case {
    boost::json::object body;
    int status;
    std::string description;
  };
  const std::string long_text(4097, 'x');
  const std::vector<Case> cases = {
      {{{"text", "x"}}, 400, "Bad Request: chat_id is empty"},
      {{{"chat_id", 99}, {"text", "x"}}, 400, "Bad Request: chat not found"},
      {{{"chat_id", 10}, {"text", ""}}, 400, "Bad Request: message text is empty"},
      {{{"chat_id", 10}, {"text", "x"}, {"parse_mode", "bbcode"}},
       400,
       "Bad Request: unsupported parse_mode"},
      {{{"chat_id", 10}, {"text", "<foo>x</foo>"}, {"parse_mode", "HTML"}},
       400,
       "Bad Request: can't parse entities: Unsupported start tag \"foo\" at byte offset 0"},
      {{{"chat_id", 10}, {"text", "a < b"}, {"parse_mode", "HTML"}},
       400,
       "Bad Request: can't parse entities: Unclosed start tag at byte offset 2"},
      {{{"chat_id", 10}, {"text", "R&D"}, {"parse_mode", "HTML"}},
       400,
       "Bad Request: can't parse entities: Character '&' is reserved at byte offset 1"},
      {{{"chat_id", 10}, {"text", "<b>x"}, {"parse_mode", "HTML"}},
       400,
       "Bad Request: can't parse entities: Can't find end tag corresponding to start tag \"b\""},
      {{{"chat_id", 10}, {"text", "<b><i>x</b></i>"}, {"parse_mode", "HTML"}},
       400,
       "Bad Request: can't parse entities: Unmatched end tag at byte offset 7, expected "
       "\"</i>\", found \"</b>\""},
      {{{"chat_id", 10}, {"text", long_text}}, 400, "Bad Request: message is too long"},
      {{{"chat_id", 10}, {"text", std::string(32769, 'x')}}, 400, "Bad Request: text is too long"},
  };
  for (const auto& c : cases) {
    auto res = Post("sendMessage", c.body);
    EXPECT_EQ(res.status, c.status) << boost::json::serialize(c.body).substr(0, 80);
    EXPECT_EQ(Body(res).at("description").as_string(), c.description);
  }
  EXPECT_TRUE(fake_.Sent().empty());
  // 4096 characters after parsing are fine, however many bytes the markup and entities take.
  std::string at_limit = "<b>";
  for (int i = 0; i < 4096; ++i) at_limit += i % 2 ? "&lt;" : "é";
  at_limit += "</b>";
  EXPECT_EQ(
      Post("sendMessage", {{"chat_id", 10}, {"text", at_limit}, {"parse_mode", "HTML"}}).status,
      200);
}

TEST_F(FakeTelegramTest, ScriptedFailuresFollowTheRealBodies) {
  fake_.SendText(10, "hi");
  fake_.FloodNextSends(10, 7);
  auto flood = Post("sendMessage", {{"chat_id", 10}, {"text", "x"}});
  EXPECT_EQ(flood.status, 429);
  EXPECT_EQ(flood.Header("Retry-After").value_or(""), "7");
  EXPECT_EQ(flood.body, R"({"ok":false,"error_code":429,"description":"Too Many Requests: retry )"
                        R"(after 7","parameters":{"retry_after":7}})");
  EXPECT_EQ(Post("sendMessage", {{"chat_id", 10}, {"text", "x"}}).status, 200);  // once only

  fake_.BlockBot(10);
  auto blocked = Post("sendMessage", {{"chat_id", 10}, {"text", "x"}});
  EXPECT_EQ(blocked.status, 403);
  EXPECT_EQ(
      blocked.body,
      R"({"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"})");
  fake_.FailNextSends(11, 400, "Bad Request: chat not found", 0, 2);
  EXPECT_EQ(Post("sendMessage", {{"chat_id", 11}, {"text", "x"}}).status, 400);
  EXPECT_EQ(fake_.send_message_calls(), 4);
}

// A basic group upgraded to a supergroup: sends to the old id get the documented 400 with
// parameters.migrate_to_chat_id (telegram-kms.md §1.3, https://core.telegram.org/bots/api
// #responseparameters), the new id takes messages, and the bot got the two service messages
// (https://core.telegram.org/bots/api#message).
TEST_F(FakeTelegramTest, AGroupUpgradedToASupergroupAnswersWithItsNewId) {
  fake_.AddBotToGroup(-4001, "Desk", 555);
  fake_.UpgradeToSupergroup(-4001, -1001234567890, 555);
  auto refused = Post("sendMessage", {{"chat_id", -4001}, {"text", "hi"}});
  EXPECT_EQ(refused.status, 400);
  EXPECT_EQ(refused.body,
            R"({"ok":false,"error_code":400,"description":"Bad Request: group chat was upgraded )"
            R"(to a supergroup chat","parameters":{"migrate_to_chat_id":-1001234567890}})");
  EXPECT_EQ(Post("sendMessage", {{"chat_id", -1001234567890}, {"text", "hi"}}).status, 200);
  auto updates = Body(Post("getUpdates", {{"offset", 0}, {"timeout", 0}})).at("result").as_array();
  std::int64_t to = 0, from = 0;
  std::string new_type;
  for (const auto& u : updates) {
    const auto* m = u.as_object().if_contains("message");
    if (m == nullptr) continue;
    if (const auto* v = m->as_object().if_contains("migrate_to_chat_id")) {
      to = v->as_int64();
      EXPECT_EQ(m->at("chat").at("id").as_int64(), -4001);
    }
    if (const auto* v = m->as_object().if_contains("migrate_from_chat_id")) {
      from = v->as_int64();
      EXPECT_EQ(m->at("chat").at("id").as_int64(), -1001234567890);
      new_type = m->at("chat").at("type").as_string().c_str();
    }
  }
  EXPECT_EQ(to, -1001234567890);
  EXPECT_EQ(from, -4001);
  EXPECT_EQ(new_type, "supergroup");
}

TEST(FakeTelegramHtml, ChecksLikeTelegram) {
  EXPECT_EQ(CheckTelegramHtml("<b>a</b> <a href=\"https://x.io/?a=1&amp;b=2\">l</a> &#60;"), "");
  EXPECT_EQ(CheckTelegramHtml("<pre><code class=\"language-c\">x</code></pre>"), "");
  EXPECT_NE(CheckTelegramHtml("</b>"), "");
  EXPECT_EQ(TelegramTextLength("<b>ab</b>&amp;&#x1F7E5;é"), 5u);
}

}  // namespace
}  // namespace baro::fakes

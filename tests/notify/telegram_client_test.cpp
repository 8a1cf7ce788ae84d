// The Bot API client against the fake over loopback HTTP: results, errors as values, and the
// token kept out of every error.
#include "notify/telegram_client.h"

#include <gtest/gtest.h>

#include "fakes/telegram/fake_telegram.h"
#include "net/http_server.h"

namespace baro::notify {
namespace {

using namespace std::chrono_literals;
constexpr char kToken[] = "123456:ABC-secret-token-value";

class TelegramClientTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(fake_.Start()); }
  TelegramClient Client(const std::string& token = kToken) {
    return TelegramClient(*net::ParseUrl(fake_.BaseUrl()), SecretBytes(token),
                          TelegramClientOptions{});
  }
  fakes::FakeTelegram fake_{kToken};
};

TEST_F(TelegramClientTest, GetMeReturnsTheBotUsername) {
  auto client = Client();
  auto me = client.GetMe();
  ASSERT_TRUE(me.ok()) << me.error.description;
  EXPECT_EQ(*me.value, "baro_test_bot");
}

TEST_F(TelegramClientTest, WrongTokenIsAnErrorValueWithoutTheToken) {
  auto client = Client("123456:other-secret-value");
  auto me = client.GetMe();
  ASSERT_FALSE(me.ok());
  EXPECT_EQ(me.error.error_code, 401);
  EXPECT_EQ(me.error.description, "Unauthorized");
  EXPECT_FALSE(me.error.network);
}

TEST_F(TelegramClientTest, SendsHtmlSilentlyWithoutLinkPreview) {
  fake_.SendText(42, "hi");
  auto client = Client();
  auto id = client.SendMessage(42, "<b>BTC</b> &lt; 5", true);
  ASSERT_TRUE(id.ok()) << id.error.description;
  auto sent = fake_.SentTo(42);
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].message_id, *id.value);
  EXPECT_EQ(sent[0].text, "<b>BTC</b> &lt; 5");
  EXPECT_EQ(sent[0].parse_mode, "html");
  EXPECT_TRUE(sent[0].silent);
  EXPECT_TRUE(sent[0].link_preview_disabled);
  ASSERT_TRUE(client.SendMessage(42, "loud", false).ok());
  EXPECT_FALSE(fake_.SentTo(42)[1].silent);
}

TEST_F(TelegramClientTest, ErrorsCarryCodeDescriptionAndRetryAfter) {
  fake_.SendText(42, "hi");
  fake_.FloodNextSends(42, 9);
  auto client = Client();
  auto flood = client.SendMessage(42, "x", false);
  ASSERT_FALSE(flood.ok());
  EXPECT_EQ(flood.error.error_code, 429);
  EXPECT_EQ(flood.error.description, "Too Many Requests: retry after 9");
  EXPECT_EQ(flood.error.retry_after_s, 9);
  // Only the Retry-After header: still read.
  fake_.FailNextSends(42, 429, "Too Many Requests: retry after 4", 4);
  EXPECT_EQ(client.SendMessage(42, "x", false).error.retry_after_s, 4);
  fake_.BlockBot(42);
  auto blocked = client.SendMessage(42, "x", false);
  EXPECT_EQ(blocked.error.error_code, 403);
  EXPECT_EQ(blocked.error.description, "Forbidden: bot was blocked by the user");
  EXPECT_EQ(blocked.error.retry_after_s, 0);
  auto bad_html = client.SendMessage(42, "a < b", false);
  EXPECT_EQ(bad_html.error.error_code, 400);
}

TEST_F(TelegramClientTest, GetUpdatesParsesMessagesAndMemberChanges) {
  fake_.SendStart(555, "tok_en-1", "john", "ko");
  fake_.BlockBot(556);
  auto client = Client();
  auto updates = client.GetUpdates(0, 0);
  ASSERT_TRUE(updates.ok()) << updates.error.description;
  ASSERT_EQ(updates.value->size(), 2u);
  const Update& start = (*updates.value)[0];
  EXPECT_EQ(start.chat_id, 555);
  EXPECT_EQ(start.chat_type, "private");
  EXPECT_EQ(start.text, "/start tok_en-1");
  EXPECT_EQ(start.username, "john");
  EXPECT_EQ(start.language_code, "ko");
  EXPECT_FALSE(start.member_status);
  const Update& block = (*updates.value)[1];
  EXPECT_EQ(block.update_id, start.update_id + 1);
  EXPECT_EQ(block.chat_id, 556);
  EXPECT_EQ(block.member_status, "kicked");
  // Button presses are asked for too (https://core.telegram.org/bots/api#update).
  EXPECT_EQ(fake_.allowed_updates(),
            (std::vector<std::string>{"callback_query", "message", "my_chat_member"}));
  // Confirmed by the next offset.
  EXPECT_TRUE(client.GetUpdates(block.update_id + 1, 0).value->empty());
}

TEST_F(TelegramClientTest, ParseUpdatesSkipsWhatItCannotRead) {
  boost::json::value v = boost::json::array{
      1, boost::json::object{{"message", boost::json::object{}}},
      boost::json::object{{"update_id", 5}, {"edited_message", boost::json::object{}}}};
  auto updates = ParseUpdates(v);
  ASSERT_EQ(updates.size(), 1u);
  EXPECT_EQ(updates[0].update_id, 5);
  EXPECT_FALSE(updates[0].chat_id);
}

TEST(TelegramClientNetwork, UnreachableServerIsANetworkErrorWithoutTokenOrPath) {
  // A port that was just free: nothing listens there.
  std::string base;
  {
    net::HttpServer server({}, [](const net::HttpRequest&) { return net::HttpResponse{}; });
    ASSERT_TRUE(server.Start().ok());
    base = server.BaseUrl();
  }
  TelegramClientOptions options;
  options.http.connect_timeout = 2s;
  TelegramClient client(*net::ParseUrl(base), SecretBytes(kToken), options);
  auto r = client.SendMessage(1, "x", false);
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.error.network);
  EXPECT_EQ(r.error.error_code, 0);
  EXPECT_FALSE(r.error.description.empty());
  EXPECT_EQ(r.error.description.find("secret-token"), std::string::npos);
  EXPECT_EQ(r.error.description.find("/bot"), std::string::npos);
}

TEST(TelegramClientNetwork, ATokenEchoedByAServerIsRedacted) {
  // A misbehaving server (or proxy) that repeats the request path in its error text.
  net::HttpServer server({}, [](const net::HttpRequest& req) {
    return net::HttpResponse::Json(400, R"({"ok":false,"error_code":400,"description":"bad path )" +
                                            std::string(req.Path()) + R"("})");
  });
  ASSERT_TRUE(server.Start().ok());
  TelegramClient client(*net::ParseUrl(server.BaseUrl()), SecretBytes(kToken),
                        TelegramClientOptions{});
  auto r = client.GetMe();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error.description, "bad path /bot[redacted]/getMe");
}

TEST(TelegramClientNetwork, NonJsonAnswerIsAnError) {
  net::HttpServer server({}, [](const net::HttpRequest&) {
    return net::HttpResponse::Text(502, "<html>Bad Gateway</html>", "text/html");
  });
  ASSERT_TRUE(server.Start().ok());
  TelegramClient client(*net::ParseUrl(server.BaseUrl()), SecretBytes(kToken),
                        TelegramClientOptions{});
  auto r = client.GetMe();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error.error_code, 502);
  EXPECT_TRUE(r.error.network);
}

}  // namespace
}  // namespace baro::notify

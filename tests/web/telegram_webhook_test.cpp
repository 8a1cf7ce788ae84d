// Webhook mode against the fake Bot API, through the API's real HTTPS server on loopback and the
// real SQLite store (https://core.telegram.org/bots/api#setwebhook): the notifier registers the
// webhook with a secret token; Telegram's requests carrying it are handled like polled updates;
// requests without it, or with another, are refused with 403 and change nothing; getUpdates and
// the webhook never run at once (deleteWebhook before polling, and a 409 while a webhook is
// active is answered by deleting it).
#include <gtest/gtest.h>

#include "core/clock.h"
#include "fakes/telegram/fake_telegram.h"
#include "net/http_client.h"
#include "net/http_server.h"
#include "notify/link_tokens.h"
#include "notify/update_poller.h"
#include "support/temp_dir.h"
#include "support/tls_cert.h"
#include "web/api.h"

namespace baro::web {
namespace {

constexpr char kToken[] = "123456:ABC-webhook-token";
constexpr char kSecret[] = "webhook_Secret-0123456789";
constexpr char kPath[] = "/api/v1/telegram/webhook";

class TelegramWebhook : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(fake_.Start());
    auto s = store::OpenStore("sqlite://" + dir_.File("w.db"));
    ASSERT_TRUE(s.ok());
    store_ = std::move(*s);
    ASSERT_TRUE(store_->Migrate().ok());
    user_ = store_->users().Create("w@x.io", "h", 0)->id;
    tls_ = testing::MakeSelfSignedCert(dir_.path());
    client_ = std::make_unique<notify::TelegramClient>(
        *net::ParseUrl(fake_.BaseUrl()), SecretBytes(kToken), net::HttpClientOptions{});
    config_.Resolve();
    ApiDeps deps;
    deps.store = store_.get();
    deps.config = &config_;
    deps.clock = &clock_;
    deps.password_cost = FastCostForTests();
    deps.telegram_update = [this](std::string_view body) {
      return handler_->HandleWebhookUpdate(body);
    };
    deps.telegram_webhook_secret = std::make_shared<const SecretBytes>(SecretBytes(kSecret));
    api_ = std::make_unique<Api>(std::move(deps));
    net::HttpServerOptions options;
    options.tls_cert_file = tls_.cert_file;
    options.tls_key_file = tls_.key_file;
    options.threads = 1;
    options.handler_threads = 1;
    server_ = std::make_unique<net::HttpServer>(
        options, [this](const net::HttpRequest& r) { return api_->Handle(r); });
    ASSERT_TRUE(server_->Start().ok());
    ASSERT_EQ(server_->BaseUrl().rfind("https://", 0), 0u);
    notify::PollerOptions po{.poll_timeout_s = 0};
    po.webhook_url = server_->BaseUrl() + kPath;
    handler_ = std::make_unique<notify::UpdatePoller>(po, *client_, *store_, clock_);
  }
  void TearDown() override {
    if (server_) server_->Stop();
  }

  std::string Token() {
    auto link =
        notify::IssueLink(store_->telegram(), user_, fake_.bot_username(), clock_.NowMs(), 900000);
    EXPECT_TRUE(link.ok());
    return link->token;
  }
  // A request to the webhook route over HTTPS, as anyone on the internet could send it.
  net::HttpResponse Post(const std::string& body,
                         std::vector<std::pair<std::string, std::string>> headers) {
    net::HttpClientOptions options;
    options.ca_file = tls_.cert_file;
    net::HttpClient http(options);
    headers.emplace_back("Content-Type", "application/json");
    auto res = http.Send(*net::ParseUrl(server_->BaseUrl()),
                         net::HttpRequest{"POST", kPath, std::move(headers), body, ""},
                         std::chrono::seconds(10));
    EXPECT_TRUE(res.ok());
    return res ? *res : net::HttpResponse{};
  }

  testing::TempDir dir_;
  testing::TlsFiles tls_;
  fakes::FakeTelegram fake_{kToken};
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<notify::TelegramClient> client_;
  std::unique_ptr<notify::UpdatePoller> handler_;
  config::Config config_;
  ManualClock clock_{1'700'000'000'000};
  std::unique_ptr<Api> api_;
  std::unique_ptr<net::HttpServer> server_;
  store::Id user_ = 0;
};

TEST_F(TelegramWebhook, UpdatesArriveThroughTheWebhookWithTheSecret) {
  ASSERT_TRUE(handler_->SetUpWebhook(kSecret));
  EXPECT_EQ(fake_.webhook_url(), server_->BaseUrl() + kPath);
  EXPECT_EQ(fake_.webhook_secret(), kSecret);
  EXPECT_FALSE(fake_.commands().empty());  // the command lists are registered too

  fake_.SendStart(555, Token(), "john");
  EXPECT_EQ(fake_.DeliverToWebhook(tls_.cert_file), 1);
  auto chat = store_->telegram().GetChat(user_);
  ASSERT_TRUE(chat.ok());
  EXPECT_EQ(chat->chat_id, 555);
  EXPECT_EQ(fake_.SentTo(555).size(), 1u);  // the confirmation
  EXPECT_EQ(fake_.pending_updates(), 0u);

  // While the webhook is set, getUpdates is refused with Telegram's 409.
  auto polled = client_->GetUpdates(0, 0);
  ASSERT_FALSE(polled.ok());
  EXPECT_EQ(polled.error.error_code, 409);
  EXPECT_EQ(polled.error.description,
            "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to "
            "delete the webhook first");
}

TEST_F(TelegramWebhook, RequestsWithoutTheRightSecretAreRefused) {
  fake_.SendStart(555, Token(), "john");
  ASSERT_TRUE(client_->GetUpdates(0, 0).ok());
  // The update as Telegram would post it, but sent by someone else.
  const std::string update =
      R"({"update_id":815000001,"message":{"message_id":1,"from":{"id":777,"is_bot":false,)"
      R"("first_name":"M"},"chat":{"id":777,"first_name":"M","type":"private"},"date":1700000000,)"
      R"("text":"/start )" +
      Token() + R"("}})";
  EXPECT_EQ(Post(update, {}).status, 403);
  EXPECT_EQ(Post(update, {{"X-Telegram-Bot-Api-Secret-Token", "webhook_Secret-012345678"}}).status,
            403);
  EXPECT_EQ(Post(update, {{"X-Telegram-Bot-Api-Secret-Token", std::string(kSecret) + "x"}}).status,
            403);
  EXPECT_FALSE(store_->telegram().GetChat(user_).ok());
  EXPECT_TRUE(fake_.SentTo(777).empty());
  // With it, the same request links the chat; a body that is no Update is a 400.
  fake_.SendText(777, "hi");  // the chat exists for the reply
  EXPECT_EQ(Post(update, {{"X-Telegram-Bot-Api-Secret-Token", kSecret}}).status, 200);
  EXPECT_EQ(store_->telegram().GetChat(user_)->chat_id, 777);
  EXPECT_EQ(Post("[1,2]", {{"X-Telegram-Bot-Api-Secret-Token", kSecret}}).status, 400);
}

// Telegram retries an update its webhook did not take with a 2XX (telegram-kms.md §1.5): one
// refused delivery leaves it queued, and it is handled once the secret is right.
TEST_F(TelegramWebhook, AnUpdateRefusedByTheRouteStaysWithTelegram) {
  ASSERT_TRUE(
      client_->SetWebhook(server_->BaseUrl() + kPath, "another-secret", {"message"}, 40).ok());
  fake_.SendStart(555, Token(), "john");
  EXPECT_EQ(fake_.DeliverToWebhook(tls_.cert_file), 0);
  EXPECT_EQ(fake_.pending_updates(), 1u);
  EXPECT_FALSE(store_->telegram().GetChat(user_).ok());
  ASSERT_TRUE(handler_->SetUpWebhook(kSecret));
  EXPECT_EQ(fake_.DeliverToWebhook(tls_.cert_file), 1);
  EXPECT_TRUE(store_->telegram().GetChat(user_).ok());
}

TEST_F(TelegramWebhook, PollingDeletesTheWebhookFirstAndAgainAfterA409) {
  ASSERT_TRUE(handler_->SetUpWebhook(kSecret));
  fake_.SendStart(555, Token(), "john");
  // A notifier in polling mode: deleteWebhook before its first getUpdates, which then returns
  // the update the webhook had not delivered.
  notify::UpdatePoller poller({.poll_timeout_s = 0}, *client_, *store_, clock_);
  auto first = poller.PollOnce();
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(*first, 1);
  EXPECT_EQ(fake_.webhook_url(), "");
  EXPECT_TRUE(store_->telegram().GetChat(user_).ok());
  // Someone sets a webhook meanwhile: the next poll gets the 409 and fails; the one after deletes
  // the webhook and polls again.
  ASSERT_TRUE(client_->SetWebhook(server_->BaseUrl() + kPath, kSecret, {"message"}, 40).ok());
  auto refused = poller.PollOnce();
  EXPECT_FALSE(refused.ok());
  const int calls = fake_.webhook_calls();
  auto again = poller.PollOnce();
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(fake_.webhook_calls(), calls + 1);  // one deleteWebhook
  EXPECT_EQ(fake_.webhook_url(), "");
}

// Without webhook mode the route does not exist.
TEST(TelegramWebhookOff, TheRouteAnswers404InPollingMode) {
  testing::TempDir dir;
  auto s = store::OpenStore("sqlite://" + dir.File("o.db"));
  ASSERT_TRUE(s.ok());
  ASSERT_TRUE((*s)->Migrate().ok());
  config::Config config;
  config.Resolve();
  ManualClock clock{0};
  ApiDeps deps;
  deps.store = s->get();
  deps.config = &config;
  deps.clock = &clock;
  Api api(std::move(deps));
  auto res = api.Handle(net::HttpRequest{
      "POST",
      kPath,
      {{"Content-Type", "application/json"}, {"X-Telegram-Bot-Api-Secret-Token", kSecret}},
      "{}",
      "10.0.0.1"});
  EXPECT_EQ(res.status, 404);
}

}  // namespace
}  // namespace baro::web

// The bot's commands and buttons, end to end through the SQLite store, the update poller and the
// fake Bot API over loopback HTTP, in English and Korean.
#include "notify/bot_commands.h"

#include <gtest/gtest.h>

#include "core/clock.h"
#include "fakes/telegram/fake_telegram.h"
#include "notify/alert_keyboard.h"
#include "notify/event_settings.h"
#include "notify/outbox_sender.h"
#include "notify/silences.h"
#include "notify/update_poller.h"
#include "support/temp_dir.h"

namespace baro::notify {
namespace {

using namespace std::chrono_literals;
constexpr char kToken[] = "123456:ABC-test-token-value";
constexpr std::int64_t kChat = 555;
constexpr std::int64_t kNow = 1'700'000'000'000;  // 2023-11-14 22:13:20 UTC
constexpr char kPage[] = "https://baro.example";

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

class BotTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    ASSERT_TRUE(fake_.Start());
    auto s = store::OpenStore("sqlite://" + dir_.File("bot.db"));
    ASSERT_TRUE(s.ok());
    store_ = std::move(*s);
    ASSERT_TRUE(store_->Migrate().ok());
    user_ = MakeUser("a@x.io", GetParam());
    client_ = std::make_unique<TelegramClient>(*net::ParseUrl(fake_.BaseUrl()), SecretBytes(kToken),
                                               net::HttpClientOptions{});
    PollerOptions options{.poll_timeout_s = 0};
    options.bot.page_url = kPage;
    poller_ = std::make_unique<UpdatePoller>(options, *client_, *store_, clock_);
    fake_.SendText(kChat, "hi");  // the chat exists
    Poll();
    ASSERT_TRUE(store_->telegram().LinkChat({user_, kChat, "trader", true, kNow}).ok());
    btc_key_ = AddPositions(user_);
  }

  store::Id MakeUser(const std::string& email, const std::string& locale) {
    auto u = store_->users().Create(email, "h", 0);
    EXPECT_TRUE(u.ok());
    u->locale = locale;
    u->time_zone = "UTC";
    EXPECT_TRUE(store_->users().UpdateSettings(*u).ok());
    return u->id;
  }

  // A HyperLiquid long (emergency) on the connection "main" and a hand-entered ETH long (safe):
  //  BTC: distance (82,450.5 − 80,800) / 82,450.5 = 2.00 %; ROE −1,754.95 / (0.1 × 100,000 / 2)
  //       = −35.10 %.
  //  ETH: distance (3,100 − 2,500) / 3,100 = 19.35 %; ROE 200 / (2 × 3,000 / 5) = +16.67 %.
  // Returns the BTC position's key.
  std::string AddPositions(store::Id user) {
    store::Connection c;
    c.user_id = user;
    c.venue = Venue::kHyperliquid;
    c.label = "main";
    c.wallet_address = "0x" + std::string(40, 'a');
    auto conn = store_->connections().Create(c, kNow);
    EXPECT_TRUE(conn.ok());
    store::ManualPosition mp;
    mp.user_id = user;
    mp.venue = Venue::kBinance;
    mp.symbol = "ETHUSDT";
    mp.entry_price = 3000;
    mp.size = 2;
    mp.leverage = 5;
    auto manual = store_->manual_positions().Create(mp, kNow);
    EXPECT_TRUE(manual.ok());
    auto monitors = store_->monitors().ListForUser(user);
    EXPECT_TRUE(monitors.ok());
    const std::string key = "c" + std::to_string(conn->id) + ":BTC:long";
    for (const auto& m : *monitors) {
      store::PositionSnapshot s;
      s.monitor_id = m.id;
      s.user_id = user;
      s.observed_at = kNow - 3 * 60 * 1000;
      if (m.connection_id) {
        s.connection_id = conn->id;
        s.position_key = key;
        s.position.venue = Venue::kHyperliquid;
        s.position.symbol = "BTC";
        s.position.base = "BTC";
        s.position.size = 0.1;
        s.position.entry_price = 100000;
        s.position.mark_price = 82450.5;
        s.position.liquidation_price = 80800;
        s.position.leverage = 2;
        s.position.unrealized_pnl = -1754.95;
        s.distance_to_liquidation = (82450.5 - 80800) / 82450.5;
        s.level = "emergency";
      } else {
        s.manual_position_id = manual->id;
        s.position_key = "m" + std::to_string(manual->id);
        s.position.venue = Venue::kBinance;
        s.position.symbol = "ETHUSDT";
        s.position.base = "ETH";
        s.position.size = 2;
        s.position.entry_price = 3000;
        s.position.mark_price = 3100;
        s.position.liquidation_price = 2500;
        s.liquidation_estimated = true;
        s.position.leverage = 5;
        s.position.unrealized_pnl = 200;
        s.distance_to_liquidation = 600.0 / 3100;
        s.level = "ok";
      }
      EXPECT_TRUE(store_->snapshots().Replace(m.id, {s}, kNow).ok());
    }
    return key;
  }

  void Poll() {
    auto n = poller_->PollOnce();
    ASSERT_TRUE(n.ok());
  }

  // Sends `text` and returns the replies.
  std::vector<fakes::SentMessage> Ask(const std::string& text, std::int64_t chat = kChat) {
    const std::size_t before = fake_.SentTo(chat).size();
    fake_.SendText(chat, text, "trader", GetParam());
    Poll();
    auto all = fake_.SentTo(chat);
    return {all.begin() + static_cast<std::ptrdiff_t>(before), all.end()};
  }

  std::string Reply(const std::string& text) {
    auto replies = Ask(text);
    EXPECT_EQ(replies.size(), 1u) << text;
    return replies.empty() ? "" : replies.front().text;
  }

  Silences CurrentSilences(store::Id user) {
    auto states = store_->alerts().States(user);
    EXPECT_TRUE(states.ok());
    return ReadSilences(*states);
  }

  // An alert for the BTC position at `level`, with its keyboard, as the sender sends it.
  std::int64_t SendAlert(risk::Level level) {
    AlertItem item;
    item.position.symbol = "BTC";
    item.position_key = btc_key_;
    item.events = {
        {risk::Signal::kLiquidation, risk::EventKind::kEscalated, level, risk::Level::kOk}};
    auto sent = client_->SendMessage(kChat, "<b>Position alert</b>\nBTC", false,
                                     AlertKeyboard({item}, kPage, GetParam()));
    EXPECT_TRUE(sent.ok()) << sent.error.description;
    return sent.value.value_or(0);
  }

  bool ko() const { return GetParam() == "ko"; }

  testing::TempDir dir_;
  fakes::FakeTelegram fake_{kToken};
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<TelegramClient> client_;
  std::unique_ptr<UpdatePoller> poller_;
  ManualClock clock_{kNow};
  store::Id user_ = 0;
  std::string btc_key_;
};

TEST_P(BotTest, CommandsAreRegisteredInEnglishAndKorean) {
  auto lists = fake_.commands();
  ASSERT_EQ(lists.count(""), 1u);
  ASSERT_EQ(lists.count("ko"), 1u);
  std::vector<std::string> names;
  for (const auto& [name, text] : lists[""]) names.push_back(name);
  EXPECT_EQ(names,
            (std::vector<std::string>{"status", "positions", "alerts", "thresholds", "mute",
                                      "unmute", "quiet", "language", "settings", "stop", "help"}));
  EXPECT_EQ(lists["ko"][0].second, "감시 중인 모든 포지션, 위급한 순서");
  EXPECT_EQ(lists[""][0].second, "All watched positions, most urgent first");
  EXPECT_EQ(fake_.allowed_updates(),
            (std::vector<std::string>{"callback_query", "message", "my_chat_member"}));
}

TEST_P(BotTest, StatusListsEveryPositionMostUrgentFirstWithTheNotice) {
  const std::string m = Reply("/status");
  const auto btc = m.find("<b>BTC</b>"), eth = m.find("<b>ETH</b>");
  ASSERT_NE(btc, std::string::npos) << m;
  ASSERT_NE(eth, std::string::npos) << m;
  EXPECT_LT(btc, eth);
  EXPECT_TRUE(Has(m, "HyperLiquid · main")) << m;
  if (ko()) {
    EXPECT_TRUE(Has(m, "감시 중인 포지션: 2개")) << m;
    EXPECT_TRUE(Has(m, "청산까지 2.00% · 긴급")) << m;
    EXPECT_TRUE(Has(m, "마크 82,450.5 → 청산가 80,800")) << m;
    EXPECT_TRUE(Has(m, "마크 3,100 → 청산가 ≈2,500 (추정)")) << m;
    EXPECT_TRUE(Has(m, "손익 -1,754.95 (-35.10%) · 3분 전 확인")) << m;
    EXPECT_TRUE(Has(m, "손익 +200 (16.67%)")) << m;
    EXPECT_TRUE(Has(m, "직접 입력")) << m;
    EXPECT_TRUE(Has(m, "참고용입니다")) << m;
  } else {
    EXPECT_TRUE(Has(m, "Watched positions: 2")) << m;
    EXPECT_TRUE(Has(m, "<b>BTC</b> long 0.1")) << m;
    EXPECT_TRUE(Has(m, "2.00% to liquidation · emergency")) << m;
    EXPECT_TRUE(Has(m, "Mark 82,450.5 → liquidation 80,800")) << m;
    EXPECT_TRUE(Has(m, "Mark 3,100 → liquidation ≈2,500 (estimated)")) << m;
    EXPECT_TRUE(Has(m, "PnL -1,754.95 (-35.10%) · checked 3 min ago")) << m;
    EXPECT_TRUE(Has(m, "PnL +200 (16.67%)")) << m;
    EXPECT_TRUE(Has(m, "19.35% to liquidation · safe")) << m;
    EXPECT_TRUE(Has(m, "Hand-entered")) << m;
    EXPECT_TRUE(Has(m, "Baro does not trade")) << m;
  }
}

TEST_P(BotTest, ALongStatusIsPagedUpToItsCapThenSaysHowToNarrowIt) {
  auto monitors = store_->monitors().ListForUser(user_);
  auto current = store_->snapshots().ListForUser(user_);
  store::PositionSnapshot base;
  for (const auto& s : *current) {
    if (s.connection_id) base = s;
  }
  std::vector<store::PositionSnapshot> many;
  for (int i = 0; i < 150; ++i) {
    store::PositionSnapshot s = base;
    s.position.base = "COIN" + std::to_string(i);
    s.position_key = "c" + std::to_string(*base.connection_id) + ":" + s.position.base + ":long";
    many.push_back(s);
  }
  ASSERT_TRUE(store_->snapshots().Replace(base.monitor_id, many, kNow).ok());
  PollerOptions options{.poll_timeout_s = 0};
  options.bot.status_max_messages = 2;
  poller_ = std::make_unique<UpdatePoller>(options, *client_, *store_, clock_);
  auto replies = Ask("/status");
  ASSERT_EQ(replies.size(), 3u);
  EXPECT_TRUE(Has(replies[0].text, "</b> (1/")) << replies[0].text;
  EXPECT_TRUE(Has(replies[1].text, "</b> (2/")) << replies[1].text;
  EXPECT_TRUE(Has(replies[2].text, "/positions")) << replies[2].text;
}

TEST_P(BotTest, PositionsFiltersByCoinOrVenue) {
  std::string m = Reply("/positions eth");
  EXPECT_TRUE(Has(m, "<b>ETH</b>")) << m;
  EXPECT_FALSE(Has(m, "<b>BTC</b>")) << m;
  m = Reply("/positions HyperLiquid");
  EXPECT_TRUE(Has(m, "<b>BTC</b>")) << m;
  EXPECT_FALSE(Has(m, "<b>ETH</b>")) << m;
  m = Reply("/positions DOGE");
  EXPECT_TRUE(
      Has(m, ko() ? "&quot;DOGE&quot;에 맞는" : "No watched position matches &quot;DOGE&quot;"))
      << m;
  m = Reply("/positions");
  EXPECT_TRUE(Has(m, "/positions BTC")) << m;
}

TEST_P(BotTest, AlertsListsTheLatestNewestFirst) {
  EXPECT_TRUE(Has(Reply("/alerts"), ko() ? "아직 알림이 없습니다." : "No alerts yet."));
  store::CheckOutcome o;
  o.user_id = user_;
  o.alerts.push_back({0, user_, btc_key_, "liquidation", "warning", "BTC long · first", kNow});
  o.alerts.push_back(
      {0, user_, btc_key_, "liquidation", "emergency", "BTC long · second", kNow + 60000});
  ASSERT_TRUE(store_->alerts().Commit(o).ok());
  const std::string m = Reply("/alerts");
  EXPECT_LT(m.find("second"), m.find("first")) << m;
  EXPECT_TRUE(Has(m, "2023-11-14 22:14 · <b>" + std::string(ko() ? "긴급" : "emergency"))) << m;
}

TEST_P(BotTest, ThresholdsShowEachSource) {
  auto user = *store_->users().Get(user_);
  user.thresholds_json = R"({"leverage":[5,10,25]})";
  ASSERT_TRUE(store_->users().UpdateSettings(user).ok());
  auto conns = store_->connections().ListForUser(user_);
  ASSERT_TRUE(store_->connections()
                  .SetThresholds(user_, conns->front().id, R"({"distance":[0.2,0.1,0.05]})")
                  .ok());
  const std::string m = Reply("/thresholds");
  // Defaults of docs/risk.md: distance 15/7/3 %, margin usage 67/83/95 %, ROE −50/−75/−90 %.
  if (ko()) {
    EXPECT_TRUE(Has(m, "청산까지 거리: 15% / 7% / 3% — 기본값")) << m;
    EXPECT_TRUE(Has(m, "레버리지: 5x / 10x / 25x — 내 설정")) << m;
    EXPECT_TRUE(Has(m, "HyperLiquid · main 설정:\n청산까지 거리: 20% / 10% / 5%")) << m;
  } else {
    EXPECT_TRUE(Has(m, "Distance to liquidation: 15% / 7% / 3% — default")) << m;
    EXPECT_TRUE(Has(m, "Margin usage: 67% / 83% / 95% — default")) << m;
    EXPECT_TRUE(Has(m, "Leverage: 5x / 10x / 25x — your settings")) << m;
    EXPECT_TRUE(Has(m, "Loss (ROE): -50% / -75% / -90% — default")) << m;
    EXPECT_TRUE(Has(m, "Set for HyperLiquid · main:\nDistance to liquidation: 20% / 10% / 5%"))
        << m;
  }
}

TEST_P(BotTest, MuteHoldsBackWarningAndCriticalButNeverEmergency) {
  EXPECT_TRUE(Has(Reply("/mute"), "/mute 30m"));
  EXPECT_TRUE(Has(Reply("/mute 30d"), ko() ? "최대 168시간" : "at most 168 hours"));
  EXPECT_FALSE(CurrentSilences(user_).account.has_value());
  const std::string m = Reply("/mute 2h");
  EXPECT_TRUE(Has(m, "2023-11-15 00:13")) << m;  // 22:13 UTC + 2 h
  Silences s = CurrentSilences(user_);
  ASSERT_TRUE(s.account.has_value());
  EXPECT_EQ(s.account->until, kNow + 2 * 3600 * 1000);
  EXPECT_TRUE(HeldBack(s, btc_key_, risk::Level::kWarning, kNow));
  EXPECT_TRUE(HeldBack(s, "m1", risk::Level::kCritical, kNow));
  EXPECT_FALSE(HeldBack(s, btc_key_, risk::Level::kEmergency, kNow));
  EXPECT_FALSE(HeldBack(s, btc_key_, risk::Level::kWarning, kNow + 2 * 3600 * 1000));
  EXPECT_TRUE(Has(Reply("/unmute"), ko() ? "모든 알림을 다시" : "Every alert comes through again"));
  EXPECT_FALSE(HeldBack(CurrentSilences(user_), btc_key_, risk::Level::kWarning, kNow));
}

// Command replies go through the outbox: the sender paces them with the alerts to the same chat
// (one message per second per chat), rather than around that budget.
TEST_P(BotTest, CommandRepliesAreQueuedAndPacedWithTheAlerts) {
  PollerOptions options{.poll_timeout_s = 0};
  options.bot.page_url = kPage;
  options.bot.replies_via_outbox = true;
  poller_ = std::make_unique<UpdatePoller>(options, *client_, *store_, clock_);
  store::CheckOutcome alert;
  alert.user_id = user_;
  store::OutboxMessage m;
  m.chat_id = kChat;
  m.text = "<b>alert</b>";
  m.level = 2;
  m.next_attempt_at = kNow;
  m.created_at = kNow;
  alert.messages.push_back(m);
  ASSERT_TRUE(store_->alerts().Commit(alert).ok());
  const auto before = fake_.SentTo(kChat).size();
  fake_.SendText(kChat, "/help");
  Poll();
  EXPECT_EQ(fake_.SentTo(kChat).size(), before);  // queued, not sent around the outbox
  OutboxSender sender({}, *client_, *store_, clock_);
  EXPECT_EQ(sender.RunOnce(), 1);  // the alert, queued first
  EXPECT_EQ(fake_.SentTo(kChat).back().text, "<b>alert</b>");
  clock_.Advance(500);
  EXPECT_EQ(sender.RunOnce(), 0);  // one message per second to this chat
  clock_.Advance(500);
  EXPECT_EQ(sender.RunOnce(), 1);
  EXPECT_TRUE(Has(fake_.SentTo(kChat).back().text, "/status"));
  auto rows = store_->outbox().ListForUser(user_);
  ASSERT_TRUE(rows.ok());
  for (const auto& r : *rows) EXPECT_EQ(r.status, store::OutboxStatus::kSent);
}

// Per-event settings (freqtrade-style): /settings shows them, /settings <kind> <value> sets one.
TEST_P(BotTest, SettingsTurnAlertKindsOnSilentOrOff) {
  const std::string shown = Reply("/settings");
  EXPECT_TRUE(Has(shown, ko() ? "경고: 켜짐" : "Warnings: on")) << shown;
  const std::string set = Reply("/settings warning off");
  EXPECT_TRUE(Has(set, ko() ? "경고: 꺼짐" : "Warnings: off")) << set;
  EXPECT_TRUE(Has(Reply("/settings recovery silent"),
                  ko() ? "회복과 안내: 무음" : "Recoveries and notices: silent"));
  EXPECT_TRUE(Has(Reply("/settings emergency off"), "/settings warning silent"));  // not a kind
  auto states = store_->alerts().StatesWithPrefixes(user_, {kEventSettingsKey});
  ASSERT_TRUE(states.ok());
  const EventSettings settings = ReadEventSettings(*states);
  EXPECT_EQ(settings.For("warning"), EventSetting::kOff);
  EXPECT_EQ(settings.For("recovery"), EventSetting::kSilent);
  EXPECT_EQ(settings.For("critical"), EventSetting::kOn);
}

// The snooze length is an option (telegram.snooze_s): the button holds for it, and /help says it.
TEST_P(BotTest, TheSnoozeLastsAsLongAsConfigured) {
  PollerOptions options{.poll_timeout_s = 0};
  options.bot.page_url = kPage;
  options.bot.snooze_ms = 90 * 60 * 1000;
  poller_ = std::make_unique<UpdatePoller>(options, *client_, *store_, clock_);
  EXPECT_TRUE(Has(Reply("/help"), ko() ? "90분" : "90 min"));
  const std::int64_t id = SendAlert(risk::Level::kWarning);
  fake_.PressButton(kChat, id, "z:1:" + btc_key_, GetParam());
  Poll();
  Silences s = CurrentSilences(user_);
  ASSERT_EQ(s.positions.count(btc_key_), 1u);
  EXPECT_EQ(s.positions[btc_key_].until, kNow + 90 * 60 * 1000);
  EXPECT_TRUE(HeldBack(s, btc_key_, risk::Level::kWarning, kNow + 89 * 60 * 1000));
  EXPECT_FALSE(HeldBack(s, btc_key_, risk::Level::kWarning, kNow + 90 * 60 * 1000));
}

TEST_P(BotTest, HelpUnknownAndUnlinkedChatsGetPoliteAnswersAndChangeNothing) {
  const std::string help = Reply("/help");
  for (const char* c : {"/status", "/positions", "/alerts", "/thresholds", "/mute", "/unmute",
                        "/quiet", "/language", "/stop", "/help"}) {
    EXPECT_TRUE(Has(help, std::string(c) + " — ")) << c;
  }
  EXPECT_TRUE(Has(Reply("/frobnicate"), ko() ? "알 수 없는 명령" : "don't know that command"));
  auto replies = Ask("/mute 2h", 999);  // a chat nobody linked
  ASSERT_EQ(replies.size(), 1u);
  EXPECT_TRUE(Has(replies[0].text, ko() ? "연결되어 있지 않습니다" : "not linked"))
      << replies[0].text;
  EXPECT_FALSE(CurrentSilences(user_).account.has_value());
}

TEST_P(BotTest, QuietShowsAndSetsQuietHours) {
  EXPECT_TRUE(Has(Reply("/quiet"), ko() ? "방해 금지 시간이 꺼져" : "Quiet hours are off"));
  EXPECT_TRUE(Has(Reply("/quiet 25:00-07:00"), "/quiet 23:00-07:00"));
  EXPECT_FALSE(store_->users().Get(user_)->quiet_start_minute.has_value());
  EXPECT_TRUE(Has(Reply("/quiet 23:30-07:00"), "23:30–07:00 (UTC)"));
  auto user = store_->users().Get(user_);
  EXPECT_EQ(user->quiet_start_minute, 23 * 60 + 30);
  EXPECT_EQ(user->quiet_end_minute, 7 * 60);
  Reply("/quiet off");
  EXPECT_FALSE(store_->users().Get(user_)->quiet_start_minute.has_value());
}

TEST_P(BotTest, LanguageSwitchesAndAnswersInTheNewOne) {
  EXPECT_TRUE(Has(Reply("/language"), ko() ? "언어: 한국어" : "Language: English"));
  const std::string other = ko() ? "en" : "ko";
  EXPECT_TRUE(Has(Reply("/language " + other), ko() ? "Language: English" : "언어: 한국어"));
  EXPECT_EQ(store_->users().Get(user_)->locale, other);
  EXPECT_TRUE(Has(Reply("/language fr"), ko() ? "Language: English" : "언어: 한국어"));
  EXPECT_EQ(store_->users().Get(user_)->locale, other);
}

TEST_P(BotTest, StopUnlinksOnlyOnceConfirmed) {
  auto replies = Ask("/stop");
  ASSERT_EQ(replies.size(), 1u);
  ASSERT_TRUE(Has(replies[0].reply_markup, "stop:yes")) << replies[0].reply_markup;
  fake_.PressButton(kChat, replies[0].message_id, "stop:no", GetParam());
  Poll();
  EXPECT_TRUE(store_->telegram().GetChat(user_).ok());
  fake_.PressButton(kChat, replies[0].message_id, "stop:yes", GetParam());
  Poll();
  EXPECT_FALSE(store_->telegram().GetChat(user_).ok());
  auto answers = fake_.answers();
  ASSERT_EQ(answers.size(), 2u);
  EXPECT_EQ(answers[1].text, ko() ? "이 채팅의 연결이 해제되었습니다. 더 이상 알림이 오지 않습니다."
                                  : "This chat is unlinked. No more alerts will come here.");
  auto edited = fake_.Message(kChat, replies[0].message_id);
  EXPECT_TRUE(Has(edited->text, answers[1].text)) << edited->text;
  EXPECT_TRUE(edited->reply_markup.empty());
  // Pressed again: answered, nothing else happens.
  fake_.PressButton(kChat, replies[0].message_id, "stop:yes", GetParam());
  Poll();
  EXPECT_EQ(fake_.answers().size(), 3u);
  EXPECT_FALSE(store_->telegram().GetChat(user_).ok());
}

TEST_P(BotTest, SnoozeHoldsThisPositionForAnHourOnceAndEmergencyStillGoesOut) {
  const std::int64_t id = SendAlert(risk::Level::kCritical);
  auto markup = fake_.Message(kChat, id)->reply_markup;
  const std::string data = "z:2:" + btc_key_;
  ASSERT_TRUE(Has(markup, "\"callback_data\":\"" + data + "\"")) << markup;
  // "Open in Baro" goes to this position's card on the page.
  ASSERT_TRUE(Has(markup, std::string("\"url\":\"") + kPage + "/#/positions/" + btc_key_ + "\""))
      << markup;
  fake_.PressButton(kChat, id, data, GetParam());
  Poll();
  Silences s = CurrentSilences(user_);
  ASSERT_EQ(s.positions.count(btc_key_), 1u);
  EXPECT_EQ(s.positions[btc_key_].until, kNow + 3600 * 1000);
  EXPECT_TRUE(HeldBack(s, btc_key_, risk::Level::kCritical, kNow));
  EXPECT_FALSE(HeldBack(s, btc_key_, risk::Level::kEmergency, kNow));
  EXPECT_FALSE(HeldBack(s, "m1", risk::Level::kWarning, kNow));  // only this position
  auto answers = fake_.answers();
  ASSERT_EQ(answers.size(), 1u);
  EXPECT_TRUE(Has(answers[0].text, "2023-11-14 23:13")) << answers[0].text;
  auto edited = fake_.Message(kChat, id);
  EXPECT_EQ(edited->edits, 1);
  EXPECT_TRUE(Has(edited->text, "2023-11-14 23:13")) << edited->text;
  EXPECT_FALSE(Has(edited->reply_markup, "callback_data")) << edited->reply_markup;
  EXPECT_TRUE(Has(edited->reply_markup, "/#/positions/" + btc_key_ + "\"")) << edited->reply_markup;
  // The same press ten minutes later changes nothing.
  clock_.Advance(10 * 60 * 1000);
  fake_.PressButton(kChat, id, data, GetParam());
  Poll();
  EXPECT_EQ(CurrentSilences(user_).positions[btc_key_].until, kNow + 3600 * 1000);
  EXPECT_EQ(fake_.answers().size(), 2u);
}

TEST_P(BotTest, MuteThisPositionLastsUntilLiftedButLetsEscalationThrough) {
  const std::int64_t id = SendAlert(risk::Level::kWarning);
  fake_.PressButton(kChat, id, "u:1:" + btc_key_, GetParam());
  Poll();
  Silences s = CurrentSilences(user_);
  EXPECT_EQ(s.positions[btc_key_].until, kForever);
  EXPECT_TRUE(HeldBack(s, btc_key_, risk::Level::kWarning, kNow + 400LL * 24 * 3600 * 1000));
  EXPECT_FALSE(HeldBack(s, btc_key_, risk::Level::kCritical, kNow));  // an escalation
  EXPECT_FALSE(HeldBack(s, btc_key_, risk::Level::kEmergency, kNow));
  EXPECT_EQ(fake_.answers().size(), 1u);
  // /unmute lifts it.
  Reply("/unmute");
  EXPECT_FALSE(HeldBack(CurrentSilences(user_), btc_key_, risk::Level::kWarning, kNow));
}

TEST_P(BotTest, AForgedCallbackCannotTouchAnotherUsersPosition) {
  const store::Id other = MakeUser("b@x.io", GetParam());
  const std::string others_key = AddPositions(other);
  fake_.SendText(777, "hi");
  Poll();
  ASSERT_TRUE(store_->telegram().LinkChat({other, 777, "b", true, kNow}).ok());
  const std::int64_t id = SendAlert(risk::Level::kCritical);
  // User A's chat presses a button carrying B's position key, and a made-up one.
  fake_.PressButton(kChat, id, "u:2:" + others_key, GetParam());
  fake_.PressButton(kChat, id, "z:2:c1:BTC:long", GetParam());
  fake_.PressButton(kChat, id, "x:anything", GetParam());
  Poll();
  EXPECT_TRUE(CurrentSilences(other).positions.empty());
  EXPECT_TRUE(CurrentSilences(user_).positions.empty());
  auto answers = fake_.answers();
  ASSERT_EQ(answers.size(), 3u);
  for (const auto& a : answers) {
    EXPECT_EQ(a.text, ko() ? "이 버튼은 내 포지션의 것이 아닙니다."
                           : "This button does not belong to a position of yours.");
  }
  EXPECT_EQ(fake_.Message(kChat, id)->edits, 0);
  // A chat that is not linked at all.
  fake_.SendText(999, "hi");
  Poll();
  fake_.PressButton(999, 1, "u:2:" + btc_key_, GetParam());
  Poll();
  EXPECT_TRUE(CurrentSilences(user_).positions.empty());
  EXPECT_EQ(fake_.answers().size(), 4u);
}

INSTANTIATE_TEST_SUITE_P(Languages, BotTest, ::testing::Values("en", "ko"));

TEST(AlertKeyboard, RecoveriesGetOnlyOpenAndLongKeysNoCallback) {
  AlertItem recovered;
  recovered.position_key = "c1:BTC:long";
  recovered.events = {{risk::Signal::kLiquidation, risk::EventKind::kRecovered, risk::Level::kOk,
                       risk::Level::kWarning}};
  EXPECT_EQ(
      AlertKeyboard({recovered}, kPage, "en"),
      R"({"inline_keyboard":[[{"text":"Open in Baro","url":"https://baro.example/#/positions/c1:BTC:long"}]]})");
  // Several positions: the list; a key with characters outside the fragment's plain set is
  // percent-encoded.
  AlertItem other = recovered;
  other.position_key = "m7:ETH/USDT:short";
  EXPECT_EQ(
      AlertKeyboard({recovered, other}, kPage, "en"),
      R"({"inline_keyboard":[[{"text":"Open in Baro","url":"https://baro.example/#/positions"}]]})");
  EXPECT_EQ(
      AlertKeyboard({other}, kPage, "en"),
      R"({"inline_keyboard":[[{"text":"Open in Baro","url":"https://baro.example/#/positions/m7:ETH%2FUSDT:short"}]]})");
  AlertItem long_key = recovered;
  long_key.events[0].level = risk::Level::kWarning;
  long_key.position_key = "c1:" + std::string(60, 'X') + ":long";  // data would pass 64 bytes
  EXPECT_EQ(AlertKeyboard({long_key}, "", "en"), "");
}

TEST(BotDuration, ReadsMinutesHoursAndDays) {
  EXPECT_EQ(ParseDuration("30m"), 30 * 60 * 1000);
  EXPECT_EQ(ParseDuration("2h"), 2 * 3600 * 1000);
  EXPECT_EQ(ParseDuration("1d"), 24 * 3600 * 1000);
  EXPECT_EQ(ParseDuration("90"), 90 * 60 * 1000);
  EXPECT_EQ(ParseDuration("2시간"), 2 * 3600 * 1000);
  EXPECT_EQ(ParseDuration("soon"), 0);
  EXPECT_EQ(ParseDuration("-5m"), 0);
  EXPECT_EQ(ParseDuration("99999999999h"), 0);
}

}  // namespace
}  // namespace baro::notify

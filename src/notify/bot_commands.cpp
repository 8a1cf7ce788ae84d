#include "notify/bot_commands.h"

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <cctype>
#include <cstdio>
#include <map>

#include "core/json_util.h"
#include "i18n/i18n.h"
#include "log/logger.h"
#include "notify/alert_keyboard.h"
#include "notify/event_settings.h"
#include "notify/html.h"
#include "notify/number_format.h"
#include "notify/quiet_hours.h"
#include "notify/silences.h"
#include "notify/status_message.h"

namespace baro::notify {
namespace {

constexpr std::string_view kCommands[] = {"status",   "positions", "alerts", "thresholds",
                                          "mute",     "unmute",    "quiet",  "language",
                                          "settings", "stop",      "help"};

// "23:30" -> minutes after midnight.
std::optional<int> ReadClock(std::string_view s) {
  if (s.size() != 5 || s[2] != ':') return std::nullopt;
  for (std::size_t i : {0u, 1u, 3u, 4u}) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return std::nullopt;
  }
  const int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
  if (h > 23 || m > 59) return std::nullopt;
  return h * 60 + m;
}

std::string ClockText(int minute) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d:%02d", minute / 60 % 24, minute % 60);
  return buf;
}

std::string T(const std::string& locale, std::string_view key, const i18n::Args& args = {}) {
  return EscapeHtml(i18n::Text(locale, key, args));
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// A ladder's three steps as the page writes them.
std::string Ladder(std::string_view name, const risk::Ladder& l) {
  auto one = [&](double v) {
    return name == "leverage" ? FormatLeverage(v) : FormatNumber(v * 100, 2) + "%";
  };
  return one(l[0]) + " / " + one(l[1]) + " / " + one(l[2]);
}

const risk::Ladder& LadderOf(const risk::Thresholds& t, std::string_view name) {
  if (name == "distance") return t.distance;
  if (name == "margin_usage") return t.margin_usage;
  if (name == "leverage") return t.leverage;
  return t.roe;
}

constexpr std::string_view kLadders[] = {"distance", "margin_usage", "leverage", "roe"};

bool Overrides(const std::string& json_text, std::string_view key) {
  if (json_text.empty()) return false;
  auto v = json::Parse(json_text);
  return v && v->is_object() && json::Find(*v, key) != nullptr;
}

}  // namespace

std::vector<BotCommand> CommandList(const std::string& locale) {
  std::vector<BotCommand> out;
  for (auto c : kCommands) {
    out.push_back({std::string(c), i18n::Text(locale, "telegram.command." + std::string(c))});
  }
  return out;
}

std::int64_t ParseDuration(std::string_view text) {
  text = Trim(text);
  std::size_t i = 0;
  std::int64_t n = 0;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
    if (n > 1'000'000) return 0;
    n = n * 10 + (text[i++] - '0');
  }
  if (i == 0 || n <= 0) return 0;
  const std::string_view unit = Trim(text.substr(i));
  constexpr std::int64_t kMinute = 60 * 1000;
  if (unit.empty() || unit == "m" || unit == "min" || unit == "분") return n * kMinute;
  if (unit == "h" || unit == "시간") return n * 60 * kMinute;
  if (unit == "d" || unit == "일") return n * 24 * 60 * kMinute;
  return 0;
}

BotCommands::BotCommands(BotOptions options, TelegramClient& client, store::Store& store,
                         const Clock& clock)
    : options_(std::move(options)), client_(client), store_(store), clock_(clock) {}

bool BotCommands::RegisterCommands() {
  bool ok = true;
  for (const auto& [locale, code] : {std::pair<std::string, std::string>{"en", ""}, {"ko", "ko"}}) {
    auto r = client_.SetMyCommands(CommandList(locale), code);
    if (!r.ok()) {
      log::Warn("telegram.set_commands_failed",
                {{"language", locale}, {"description", r.error.description}});
      ok = false;
    }
  }
  return ok;
}

std::optional<BotCommands::Linked> BotCommands::Find(const Update& u) {
  if (!u.chat_id) return std::nullopt;
  auto chat = store_.telegram().FindChat(*u.chat_id);
  if (!chat) return std::nullopt;
  auto user = store_.users().Get(chat->user_id);
  if (!user) return std::nullopt;
  const bool may_change =
      chat->type == "private" || (chat->linked_by != 0 && u.from_id == chat->linked_by);
  return Linked{user->id, user->locale, user->time_zone, may_change};
}

bool BotCommands::MayChange(const Linked& who, std::int64_t chat_id) {
  if (!who.may_change) Send(chat_id, T(who.locale, "telegram.group_read_only"));
  return who.may_change;
}

void BotCommands::Send(std::int64_t chat_id, const std::string& html, const std::string& markup) {
  if (options_.replies_via_outbox && reply_user_ != 0) {
    const std::int64_t now = clock_.NowMs();
    store::CheckOutcome outcome;
    outcome.user_id = reply_user_;
    store::OutboxMessage m;
    m.user_id = reply_user_;
    m.chat_id = chat_id;
    m.text = html;
    m.reply_markup = markup;
    m.level = static_cast<int>(risk::Level::kCritical);  // a lane ahead of warnings, never merged
    m.kind = "reply";
    m.next_attempt_at = now;
    m.created_at = now;
    outcome.messages.push_back(std::move(m));
    if (auto st = store_.alerts().Commit(outcome); st) return;
    log::Warn("telegram.reply_queue_failed", {});  // then at once, rather than not at all
  }
  auto r = client_.SendMessage(chat_id, html, false, markup);
  if (!r.ok()) {
    log::Warn("telegram.reply_failed",
              {{"code", std::to_string(r.error.error_code)}, {"description", r.error.description}});
  }
}

void BotCommands::SendAll(std::int64_t chat_id, const std::vector<std::string>& parts) {
  for (const auto& part : parts) Send(chat_id, part);
}

void BotCommands::HandleMessage(const Update& u) {
  if (!u.chat_id) return;
  const std::string_view text = Trim(u.text);
  std::string_view command = text.substr(0, text.find(' '));
  const std::string_view arg =
      command.size() < text.size() ? Trim(text.substr(command.size())) : std::string_view{};
  command = command.substr(0, command.find('@'));  // "/status@baro_bot"
  auto who = Find(u);
  if (!who) {
    Send(*u.chat_id, T(i18n::NegotiateLocale(u.language_code), "telegram.not_linked"));
    return;
  }
  reply_user_ = who->user_id;  // the replies below are this account's (Send)
  struct ResetOnExit {
    store::Id& slot;
    ~ResetOnExit() { slot = 0; }
  } reset{reply_user_};
  const std::string& locale = who->locale;
  if (command == "/help") {
    std::string out = "<b>" + T(locale, "telegram.help.title") + "</b>\n";
    for (const auto& c : CommandList(locale)) {
      out += "\n/" + c.command + " — " + EscapeHtml(c.description);
    }
    // The snooze length (telegram.snooze_s) in whole hours, else minutes.
    const std::int64_t minutes = std::max<std::int64_t>(1, options_.snooze_ms / 60000);
    const std::string snooze =
        minutes % 60 == 0
            ? i18n::Text(locale, "telegram.duration.hours", {{"n", std::to_string(minutes / 60)}})
            : i18n::Text(locale, "telegram.duration.minutes", {{"n", std::to_string(minutes)}});
    out += "\n\n" + T(locale, "telegram.help.buttons", {{"snooze", snooze}}) + "\n\n<i>" +
           T(locale, "alert.footer") + "</i>";
    Send(*u.chat_id, out);
  } else if (command == "/status") {
    Status(*who, *u.chat_id, "");
  } else if (command == "/positions") {
    if (arg.empty()) {
      Send(*u.chat_id, T(locale, "telegram.positions.usage"));
    } else {
      Status(*who, *u.chat_id, std::string(arg));
    }
  } else if (command == "/alerts") {
    Alerts(*who, *u.chat_id);
  } else if (command == "/thresholds") {
    Thresholds(*who, *u.chat_id);
  } else if (command == "/mute") {
    if (MayChange(*who, *u.chat_id)) Mute(*who, *u.chat_id, arg);
  } else if (command == "/unmute") {
    if (MayChange(*who, *u.chat_id)) Unmute(*who, *u.chat_id);
  } else if (command == "/quiet") {
    if (arg.empty() || MayChange(*who, *u.chat_id)) Quiet(*who, *u.chat_id, arg);
  } else if (command == "/language") {
    if (arg.empty() || MayChange(*who, *u.chat_id)) Language(*who, *u.chat_id, arg);
  } else if (command == "/settings") {
    if (arg.empty() || MayChange(*who, *u.chat_id)) Settings(*who, *u.chat_id, arg);
  } else if (command == "/stop") {
    if (MayChange(*who, *u.chat_id)) Stop(*who, *u.chat_id);
  } else {
    Send(*u.chat_id, T(locale, "telegram.unknown_command"));
  }
}

void BotCommands::Status(const Linked& who, std::int64_t chat_id, const std::string& filter) {
  auto positions = store_.snapshots().ListForUser(who.user_id);
  if (!positions) {
    Send(chat_id, T(who.locale, "error.internal"));
    return;
  }
  std::map<store::Id, std::string> labels;
  if (auto connections = store_.connections().ListForUser(who.user_id)) {
    for (const auto& c : *connections) labels[c.id] = c.label;
  }
  std::vector<store::PositionSnapshot> shown;
  for (auto& p : *positions) {
    if (MatchesFilter(p, filter)) shown.push_back(std::move(p));
  }
  if (!filter.empty() && shown.empty()) {
    Send(chat_id, T(who.locale, "telegram.positions.none", {{"filter", filter}}));
    return;
  }
  auto parts = RenderStatus(std::move(shown), labels, who.locale, clock_.NowMs());
  const auto most = static_cast<std::size_t>(std::max(1, options_.status_max_messages));
  const bool cut = parts.size() > most;
  if (cut) parts.resize(most);
  SendAll(chat_id, parts);
  if (cut) Send(chat_id, T(who.locale, "telegram.status.more"));
}

void BotCommands::Alerts(const Linked& who, std::int64_t chat_id) {
  auto history = store_.alerts().History(who.user_id, options_.alerts_listed);
  if (!history) {
    Send(chat_id, T(who.locale, "error.internal"));
    return;
  }
  if (history->empty()) {
    Send(chat_id, T(who.locale, "telegram.alerts.empty"));
    return;
  }
  std::vector<std::string> lines;
  for (const auto& a : *history) {
    const std::string level =
        risk::LevelFromString(a.level) ? i18n::Text(who.locale, "alert.level." + a.level) : a.level;
    lines.push_back(EscapeHtml(LocalDateTime(a.created_at, who.time_zone)) + " · <b>" +
                    EscapeHtml(level) + "</b>\n" + EscapeHtml(a.summary));
  }
  SendAll(chat_id, PackMessages("<b>" + T(who.locale, "telegram.alerts.title") + "</b>", lines,
                                "<i>" + T(who.locale, "alert.footer") + "</i>"));
}

void BotCommands::Thresholds(const Linked& who, std::int64_t chat_id) {
  auto user = store_.users().Get(who.user_id);
  if (!user) {
    Send(chat_id, T(who.locale, "error.internal"));
    return;
  }
  auto mine = risk::ApplyOverrides(options_.defaults, user->thresholds_json);
  const risk::Thresholds effective = mine ? *mine : options_.defaults;
  const bool user_valid = mine.ok();
  std::string out = "<b>" + T(who.locale, "telegram.thresholds.title") + "</b>";
  for (auto name : kLadders) {
    const bool own = user_valid && Overrides(user->thresholds_json, name);
    out +=
        "\n" + T(who.locale, "telegram.thresholds.ladder." + std::string(name)) + ": " +
        Ladder(name, LadderOf(effective, name)) + " — " +
        T(who.locale, own ? "telegram.thresholds.from_user" : "telegram.thresholds.from_default");
  }
  if (auto connections = store_.connections().ListForUser(who.user_id)) {
    for (const auto& c : *connections) {
      if (c.thresholds_json.empty()) continue;
      auto theirs = risk::ApplyOverrides(effective, c.thresholds_json);
      if (!theirs) continue;
      const std::string where =
          VenueDisplayName(ToString(c.venue)) + (c.label.empty() ? "" : " · " + c.label);
      std::string lines;
      for (auto name : kLadders) {
        if (!Overrides(c.thresholds_json, name)) continue;
        lines += "\n" + T(who.locale, "telegram.thresholds.ladder." + std::string(name)) + ": " +
                 Ladder(name, LadderOf(*theirs, name));
      }
      if (auto v = json::Parse(c.thresholds_json)) {
        if (const auto* positions = json::Find(*v, "positions");
            positions && positions->is_object()) {
          for (const auto& [key, value] : positions->as_object()) {
            lines += "\n" + T(who.locale, "telegram.thresholds.position_own",
                              {{"position", std::string(key)}});
          }
        }
      }
      if (lines.empty()) continue;
      out +=
          "\n\n" + T(who.locale, "telegram.thresholds.from_connection", {{"where", where}}) + lines;
    }
  }
  out += "\n\n" + T(who.locale, "telegram.thresholds.order") + "\n\n<i>" +
         T(who.locale, "alert.footer") + "</i>";
  SendAll(chat_id, SplitHtml(out));
}

void BotCommands::Mute(const Linked& who, std::int64_t chat_id, std::string_view arg) {
  const std::int64_t duration = ParseDuration(arg);
  if (duration <= 0) {
    Send(chat_id, T(who.locale, "telegram.mute.usage"));
    return;
  }
  if (duration > options_.mute_max_ms) {
    Send(chat_id, T(who.locale, "telegram.mute.too_long",
                    {{"hours", FormatNumber(options_.mute_max_ms / 3'600'000.0, 1)}}));
    return;
  }
  const std::int64_t until = clock_.NowMs() + duration;
  store::CheckOutcome outcome;
  outcome.user_id = who.user_id;
  outcome.states.push_back(
      {who.user_id, kMuteStateKey, ToJson(Silence{until, risk::Level::kCritical})});
  if (auto st = store_.alerts().Commit(outcome); !st) {
    Send(chat_id, T(who.locale, "error.internal"));
    return;
  }
  Send(chat_id,
       T(who.locale, "telegram.mute.done", {{"until", LocalDateTime(until, who.time_zone)}}));
}

void BotCommands::Unmute(const Linked& who, std::int64_t chat_id) {
  store::CheckOutcome outcome;
  outcome.user_id = who.user_id;
  outcome.states.push_back({who.user_id, kMuteStateKey, ToJson(Silence{0, risk::Level::kOk})});
  // Every position's snooze or mute ends too.
  if (auto states = store_.alerts().States(who.user_id)) {
    for (const auto& [key, silence] : ReadSilences(*states).positions) {
      outcome.states.push_back(
          {who.user_id, PositionSilenceKey(key), ToJson(Silence{0, risk::Level::kOk})});
    }
  }
  if (auto st = store_.alerts().Commit(outcome); !st) {
    Send(chat_id, T(who.locale, "error.internal"));
    return;
  }
  Send(chat_id, T(who.locale, "telegram.unmute.done"));
}

void BotCommands::Quiet(const Linked& who, std::int64_t chat_id, std::string_view arg) {
  auto user = store_.users().Get(who.user_id);
  if (!user) {
    Send(chat_id, T(who.locale, "error.internal"));
    return;
  }
  if (!arg.empty()) {
    const auto dash = arg.find('-');
    std::optional<int> start, end;
    if (dash != std::string_view::npos) {
      start = ReadClock(Trim(arg.substr(0, dash)));
      end = ReadClock(Trim(arg.substr(dash + 1)));
    }
    const bool off = arg == "off" || arg == "끄기";
    if (!off && (!start || !end || *start == *end)) {
      Send(chat_id, T(who.locale, "telegram.quiet.usage"));
      return;
    }
    user->quiet_start_minute = off ? std::nullopt : start;
    user->quiet_end_minute = off ? std::nullopt : end;
    if (auto st = store_.users().UpdateSettings(*user); !st) {
      Send(chat_id, T(who.locale, "error.internal"));
      return;
    }
  }
  if (user->quiet_start_minute && user->quiet_end_minute) {
    Send(chat_id, T(who.locale, "telegram.quiet.on",
                    {{"start", ClockText(*user->quiet_start_minute)},
                     {"end", ClockText(*user->quiet_end_minute)},
                     {"zone", user->time_zone}}));
  } else {
    Send(chat_id, T(who.locale, "telegram.quiet.off"));
  }
}

void BotCommands::Settings(const Linked& who, std::int64_t chat_id, std::string_view arg) {
  auto states = store_.alerts().StatesWithPrefixes(who.user_id, {kEventSettingsKey});
  if (!states) {
    Send(chat_id, T(who.locale, "error.internal"));
    return;
  }
  EventSettings settings = ReadEventSettings(*states);
  if (!arg.empty()) {
    const auto space = arg.find(' ');
    const std::string kind(Trim(arg.substr(0, space)));
    const auto value =
        space == std::string_view::npos ? std::nullopt : ParseEventSetting(Trim(arg.substr(space)));
    const auto& kinds = EventKinds();
    if (!value || std::find(kinds.begin(), kinds.end(), kind) == kinds.end()) {
      Send(chat_id, T(who.locale, "telegram.settings.usage"));
      return;
    }
    settings.by_kind[kind] = *value;
    store::CheckOutcome outcome;
    outcome.user_id = who.user_id;
    outcome.states.push_back({who.user_id, kEventSettingsKey, ToJson(settings)});
    if (auto st = store_.alerts().Commit(outcome); !st) {
      Send(chat_id, T(who.locale, "error.internal"));
      return;
    }
  }
  std::string out = "<b>" + T(who.locale, "telegram.settings.title") + "</b>";
  for (const auto& kind : EventKinds()) {
    out += "\n" + T(who.locale, "telegram.settings.kind." + kind) + ": " +
           T(who.locale, "telegram.settings.value." + EventSettingName(settings.For(kind)));
  }
  out += "\n\n" + T(who.locale, "telegram.settings.usage");
  Send(chat_id, out);
}

void BotCommands::Language(const Linked& who, std::int64_t chat_id, std::string_view arg) {
  if (arg.empty()) {
    Send(chat_id, T(who.locale, "telegram.language.current"));
    return;
  }
  std::string wanted;
  for (const auto& l : i18n::Locales()) {
    if (arg == l || arg == i18n::Text(l, "telegram.language.name")) wanted = l;
  }
  auto user = store_.users().Get(who.user_id);
  if (wanted.empty() || !user) {
    Send(chat_id, T(who.locale, "telegram.language.current"));
    return;
  }
  user->locale = wanted;
  if (auto st = store_.users().UpdateSettings(*user); !st) {
    Send(chat_id, T(who.locale, "error.internal"));
    return;
  }
  Send(chat_id, T(wanted, "telegram.language.current"));
}

void BotCommands::Stop(const Linked& who, std::int64_t chat_id) {
  boost::json::array row{
      boost::json::object{{"text", i18n::Text(who.locale, "telegram.button.stop_confirm")},
                          {"callback_data", "stop:yes"}},
      boost::json::object{{"text", i18n::Text(who.locale, "telegram.button.stop_cancel")},
                          {"callback_data", "stop:no"}}};
  // push_back, not array{row}: braces around one array may copy it instead of nesting it
  // (compilers differ), and Telegram wants an Array of Arrays.
  boost::json::array rows;
  rows.push_back(std::move(row));
  Send(chat_id, T(who.locale, "telegram.stop.ask"),
       boost::json::serialize(boost::json::object{{"inline_keyboard", std::move(rows)}}));
}

void BotCommands::Answer(const Update& u, const std::string& text) {
  auto r = client_.AnswerCallbackQuery(u.callback_id, text);
  if (!r.ok()) {
    log::Warn("telegram.answer_failed", {{"description", r.error.description}});
  }
}

void BotCommands::Edit(const Update& u, const std::string& note, bool keep_open_button,
                       const std::string& position_key) {
  if (!u.chat_id || u.message_id == 0) return;
  // The message's text comes back without its formatting; it is kept as plain text, with what
  // was done below it.
  std::string html = EscapeHtml(u.message_text);
  html += (html.empty() ? "" : "\n\n") + ("<b>" + EscapeHtml(note) + "</b>");
  const auto parts = SplitHtml(html);
  auto locale = Find(u);
  const std::string markup =
      keep_open_button
          ? OpenKeyboard(options_.page_url, locale ? locale->locale : "en", position_key)
          : "";
  auto r = client_.EditMessageText(*u.chat_id, u.message_id, parts.front(), markup);
  if (!r.ok()) {
    log::Warn("telegram.edit_failed", {{"description", r.error.description}});
  }
}

void BotCommands::SilencePosition(const Linked& who, const Update& u, char action,
                                  std::string_view rest) {
  // rest: "<level>:<position key>"
  const auto colon = rest.find(':');
  int level_number = -1;
  if (colon == 1 && rest[0] >= '0' && rest[0] <= '3') level_number = rest[0] - '0';
  const std::string key =
      colon == std::string_view::npos ? "" : std::string(rest.substr(colon + 1));
  // The key must name one of this account's positions: its current ones, or one its alert
  // states know (a position that closed since).
  bool mine = false;
  if (level_number >= 0 && !key.empty()) {
    if (auto snaps = store_.snapshots().ListForUser(who.user_id)) {
      for (const auto& s : *snaps) mine = mine || s.position_key == key;
    }
    if (!mine) {
      if (auto states = store_.alerts().States(who.user_id)) {
        for (const auto& s : *states) mine = mine || s.key.starts_with(key + "|");
      }
    }
  }
  if (!mine) {
    log::Warn("telegram.callback_refused", {{"reason", "unknown position"}});
    Answer(u, i18n::Text(who.locale, "telegram.button.refused"));
    return;
  }
  // Never past critical: an emergency always goes out.
  const risk::Level level =
      std::min(static_cast<risk::Level>(level_number), risk::Level::kCritical);
  const std::int64_t now = clock_.NowMs();
  const std::int64_t until = action == 'z' ? now + options_.snooze_ms : kForever;
  Silences current;
  if (auto states = store_.alerts().States(who.user_id)) current = ReadSilences(*states);
  Silence wanted{until, std::max(level, risk::Level::kWarning)};
  auto it = current.positions.find(key);
  // A second press changes nothing: an active silence that reaches as far is kept as it is.
  const bool already = it != current.positions.end() && it->second.until > now &&
                       it->second.up_to >= wanted.up_to &&
                       (action == 'z' || it->second.until == kForever);
  if (!already) {
    store::CheckOutcome outcome;
    outcome.user_id = who.user_id;
    outcome.states.push_back({who.user_id, PositionSilenceKey(key), ToJson(wanted)});
    if (auto st = store_.alerts().Commit(outcome); !st) {
      Answer(u, i18n::Text(who.locale, "error.internal"));
      return;
    }
  } else {
    wanted = it->second;
  }
  const std::string note =
      wanted.until == kForever
          ? i18n::Text(who.locale, "telegram.button.muted")
          : i18n::Text(who.locale, "telegram.button.snoozed",
                       {{"until", LocalDateTime(wanted.until, who.time_zone)}});
  Answer(u, note);
  Edit(u, note, true, std::string(key));
}

void BotCommands::HandleCallback(const Update& u) {
  if (!u.chat_id) {
    Answer(u, "");
    return;
  }
  auto who = Find(u);
  if (!who) {
    Answer(u, i18n::Text(i18n::NegotiateLocale(u.language_code), "telegram.not_linked"));
    return;
  }
  if (!who->may_change) {
    Answer(u, i18n::Text(who->locale, "telegram.group_read_only"));
    return;
  }
  const std::string_view data = u.callback_data;
  if (data == "stop:yes") {
    // Only this chat: the user's other chats stay linked.
    if (auto st = store_.telegram().UnlinkChat(who->user_id, *u.chat_id);
        !st && st.error().code != ErrorCode::kNotFound) {
      Answer(u, i18n::Text(who->locale, "error.internal"));
      return;
    }
    log::Info("telegram.unlinked", {{"user_id", std::to_string(who->user_id)}});
    const std::string note = i18n::Text(who->locale, "telegram.stop.done");
    Answer(u, note);
    Edit(u, note, false);
  } else if (data == "stop:no") {
    const std::string note = i18n::Text(who->locale, "telegram.stop.cancelled");
    Answer(u, note);
    Edit(u, note, false);
  } else if (data.size() > 2 && (data[0] == 'z' || data[0] == 'u') && data[1] == ':') {
    SilencePosition(*who, u, data[0], data.substr(2));
  } else {
    log::Warn("telegram.callback_refused", {{"reason", "unknown data"}});
    Answer(u, i18n::Text(who->locale, "telegram.button.refused"));
  }
}

}  // namespace baro::notify

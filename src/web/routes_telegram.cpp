// Linking a Telegram chat: a deep link with a single-use token, the link status, unlinking, and a
// test alert that goes the way real alerts go (the outbox, then the bot).
#include "web/api_state.h"

namespace baro::web {
namespace {

net::HttpResponse CreateLink(ApiState& s, RequestContext& ctx) {
  if (!s.deps.issue_telegram_link) {
    return ErrorResponse(503, "unavailable", ctx.T("error.telegram_unavailable"));
  }
  auto link = s.deps.issue_telegram_link(ctx.user->id);
  if (!link) return FromError(ctx, link.error());
  boost::json::object out{{"url", link->url}, {"expires_at", link->expires_at}};
  if (!link->group_url.empty()) out["group_url"] = link->group_url;
  return JsonResponse(201, out);
}

net::HttpResponse Status(ApiState& s, RequestContext& ctx) {
  auto chat = s.store().telegram().GetChat(ctx.user->id);
  if (!chat) {
    if (chat.error().code != ErrorCode::kNotFound) return FromError(ctx, chat.error());
    return JsonResponse(200, boost::json::object{{"linked", false}});
  }
  // Every linked chat (the private chat and groups), each with whether alerts still reach it: a
  // chat that blocked the bot, or a group that removed it, is inactive.
  auto chats = s.store().telegram().ListChats(ctx.user->id);
  if (!chats) return FromError(ctx, chats.error());
  boost::json::array listed;
  for (const auto& c : *chats) {
    listed.push_back(boost::json::object{{"type", c.type},
                                         {"title", c.title},
                                         {"username", c.username},
                                         {"active", c.active},
                                         {"linked_at", c.linked_at}});
  }
  return JsonResponse(200, boost::json::object{{"linked", true},
                                               {"active", chat->active},
                                               {"username", chat->username},
                                               {"linked_at", chat->linked_at},
                                               {"chats", std::move(listed)}});
}

net::HttpResponse Unlink(ApiState& s, RequestContext& ctx) {
  if (auto st = s.store().telegram().Unlink(ctx.user->id); !st) return FromError(ctx, st.error());
  return JsonResponse(200, boost::json::object{{"linked", false}});
}

// POST /telegram/test: queues one test message to the linked chat, in the user's language. While a
// message for the user is still waiting in the outbox, another test is refused (429), so the
// route cannot fill the queue.
net::HttpResponse SendTest(ApiState& s, RequestContext& ctx) {
  auto chat = s.store().telegram().GetChat(ctx.user->id);
  if (!chat) {
    if (chat.error().code != ErrorCode::kNotFound) return FromError(ctx, chat.error());
    return ErrorResponse(409, "telegram_not_linked", ctx.T("error.telegram_not_linked"));
  }
  auto queued = s.store().outbox().ListForUser(ctx.user->id);
  if (!queued) return FromError(ctx, queued.error());
  for (const auto& m : *queued) {
    if (m.status == store::OutboxStatus::kPending) {
      return ErrorResponse(429, "test_alert_pending", ctx.T("error.test_alert_pending"));
    }
  }
  const std::int64_t now = s.Now();
  store::CheckOutcome outcome;
  outcome.user_id = ctx.user->id;
  store::OutboxMessage message;
  message.user_id = ctx.user->id;
  message.chat_id = chat->chat_id;
  message.text = ctx.T("telegram.test_alert");
  message.next_attempt_at = now;
  message.created_at = now;
  outcome.messages.push_back(std::move(message));
  if (auto st = s.store().alerts().Commit(outcome); !st) return FromError(ctx, st.error());
  return JsonResponse(202, boost::json::object{{"queued", true}});
}

}  // namespace

void AddTelegramRoutes(ApiState& state) {
  state.router.Add("POST", "/api/v1/telegram/link", {Access::kUser, CreateLink});
  state.router.Add("GET", "/api/v1/telegram", {Access::kUser, Status});
  state.router.Add("DELETE", "/api/v1/telegram", {Access::kUser, Unlink});
  state.router.Add("POST", "/api/v1/telegram/test", {Access::kUser, SendTest});
}

}  // namespace baro::web

// Linking a Telegram chat: a deep link with a single-use token, the link status, unlinking one
// chat, and a test alert to one chat that goes the way real alerts go (the outbox, then the bot).
#include <charconv>

#include "web/api_state.h"

namespace baro::web {
namespace {

// A Telegram chat id as the page sends it: a JSON integer, or the digits of a path segment
// (negative for groups, https://core.telegram.org/bots/api#chat).
std::optional<std::int64_t> ChatIdParam(const RequestContext& ctx) {
  auto it = ctx.params.find("chat_id");
  if (it == ctx.params.end()) return std::nullopt;
  std::int64_t id = 0;
  auto [p, ec] = std::from_chars(it->second.data(), it->second.data() + it->second.size(), id);
  if (ec != std::errc() || p != it->second.data() + it->second.size() || id == 0) {
    return std::nullopt;
  }
  return id;
}

// The user's own chat `chat_id`; 404 telegram_chat_not_linked for any other (another account's
// chat is not told apart from no chat at all).
Result<store::TelegramChat> OwnChat(ApiState& s, RequestContext& ctx, std::int64_t chat_id) {
  auto chats = s.store().telegram().ListChats(ctx.user->id);
  if (!chats) return chats.error();
  for (const auto& c : *chats) {
    if (c.chat_id == chat_id) return c;
  }
  return MakeError(ErrorCode::kNotFound, "telegram_chat_not_linked");
}

net::HttpResponse ChatNotLinked(RequestContext& ctx) {
  return ErrorResponse(404, "telegram_chat_not_linked", ctx.T("error.telegram_chat_not_linked"));
}

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
    // The chat id names the chat to unlink or test; only its owner is told it.
    listed.push_back(boost::json::object{{"chat_id", c.chat_id},
                                         {"type", c.type},
                                         {"title", c.title},
                                         {"username", c.username},
                                         {"active", c.active},
                                         {"linked_at", c.linked_at}});
  }
  return JsonResponse(200, boost::json::object{{"linked", true},
                                               {"chat_id", chat->chat_id},
                                               {"active", chat->active},
                                               {"username", chat->username},
                                               {"linked_at", chat->linked_at},
                                               {"chats", std::move(listed)}});
}

// DELETE /telegram/chats/{chat_id}: unlinks one of the user's chats (its pending messages are
// dropped); 404 for a chat that is not the user's. Answers whether any chat is still linked.
net::HttpResponse UnlinkChat(ApiState& s, RequestContext& ctx) {
  const auto chat_id = ChatIdParam(ctx);
  if (!chat_id) return ChatNotLinked(ctx);
  if (auto st = s.store().telegram().UnlinkChat(ctx.user->id, *chat_id); !st) {
    if (st.error().code == ErrorCode::kNotFound) return ChatNotLinked(ctx);
    return FromError(ctx, st.error());
  }
  auto left = s.store().telegram().ListChats(ctx.user->id);
  if (!left) return FromError(ctx, left.error());
  return JsonResponse(200, boost::json::object{{"unlinked", true}, {"linked", !left->empty()}});
}

// POST /telegram/test {"chat_id": N}: queues one test message to that chat of the user, in the
// user's language; 404 for a chat that is not the user's, 409 when none is linked. While a message
// for the user is still waiting in the outbox, another test is refused (429), so the route cannot
// fill the queue.
net::HttpResponse SendTest(ApiState& s, RequestContext& ctx) {
  auto body = ParseJsonBody(ctx.request);
  if (!body) return FromError(ctx, body.error());
  const auto* given = body->if_contains("chat_id");
  if (given == nullptr || !given->is_int64() || given->as_int64() == 0) {
    return ErrorResponse(400, "invalid_input", ctx.T("error.telegram_chat_required"));
  }
  auto chat = OwnChat(s, ctx, given->as_int64());
  if (!chat) {
    if (chat.error().code != ErrorCode::kNotFound) return FromError(ctx, chat.error());
    auto any = s.store().telegram().GetChat(ctx.user->id);
    if (!any && any.error().code == ErrorCode::kNotFound) {
      return ErrorResponse(409, "telegram_not_linked", ctx.T("error.telegram_not_linked"));
    }
    return ChatNotLinked(ctx);
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
  state.router.Add("DELETE", "/api/v1/telegram/chats/{chat_id}", {Access::kUser, UnlinkChat});
  state.router.Add("POST", "/api/v1/telegram/test", {Access::kUser, SendTest});
}

}  // namespace baro::web

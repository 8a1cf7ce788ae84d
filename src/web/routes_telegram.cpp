// Linking a Telegram chat: a deep link with a single-use token, the link status, and unlinking.
#include "web/api_state.h"

namespace baro::web {
namespace {

net::HttpResponse CreateLink(ApiState& s, RequestContext& ctx) {
  if (!s.deps.issue_telegram_link) {
    return ErrorResponse(503, "unavailable", ctx.T("error.telegram_unavailable"));
  }
  auto link = s.deps.issue_telegram_link(ctx.user->id);
  if (!link) return FromError(ctx, link.error());
  return JsonResponse(201,
                      boost::json::object{{"url", link->url}, {"expires_at", link->expires_at}});
}

net::HttpResponse Status(ApiState& s, RequestContext& ctx) {
  auto chat = s.store().telegram().GetChat(ctx.user->id);
  if (!chat) {
    if (chat.error().code != ErrorCode::kNotFound) return FromError(ctx, chat.error());
    return JsonResponse(200, boost::json::object{{"linked", false}});
  }
  return JsonResponse(200, boost::json::object{{"linked", true},
                                               {"active", chat->active},
                                               {"username", chat->username},
                                               {"linked_at", chat->linked_at}});
}

net::HttpResponse Unlink(ApiState& s, RequestContext& ctx) {
  if (auto st = s.store().telegram().Unlink(ctx.user->id); !st) return FromError(ctx, st.error());
  return JsonResponse(200, boost::json::object{{"linked", false}});
}

}  // namespace

void AddTelegramRoutes(ApiState& state) {
  state.router.Add("POST", "/api/v1/telegram/link", {Access::kUser, CreateLink});
  state.router.Add("GET", "/api/v1/telegram", {Access::kUser, Status});
  state.router.Add("DELETE", "/api/v1/telegram", {Access::kUser, Unlink});
}

}  // namespace baro::web

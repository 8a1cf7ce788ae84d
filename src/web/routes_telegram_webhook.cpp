// POST /api/v1/telegram/webhook: Telegram's webhook requests in webhook mode
// (https://core.telegram.org/bots/api#setwebhook). Each carries one Update and, since setWebhook
// was given a secret_token, the header X-Telegram-Bot-Api-Secret-Token with it: a request without
// the right one is refused with 403 and touches nothing (compared in constant time). TLS is the
// API server's own (server.tls_cert_file); Telegram requires HTTPS on port 443, 80, 88 or 8443.
// Any answer other than 2XX makes Telegram send the update again, so a store that cannot be
// reached answers 503 and nothing is lost.
#include "web/api_state.h"

namespace baro::web {
namespace {

constexpr char kSecretHeader[] = "X-Telegram-Bot-Api-Secret-Token";

net::HttpResponse Webhook(ApiState& s, RequestContext& ctx) {
  const auto& deps = s.deps;
  if (!deps.telegram_update || !deps.telegram_webhook_secret ||
      deps.telegram_webhook_secret->empty()) {
    return ErrorResponse(404, "not_found", ctx.T("error.not_found"));  // long polling
  }
  auto secret = ctx.request.Header(kSecretHeader);
  if (!secret || !ConstantTimeEquals(*secret, deps.telegram_webhook_secret->view())) {
    return ErrorResponse(403, "forbidden", "forbidden");
  }
  if (auto st = deps.telegram_update(ctx.request.body); !st) {
    if (st.error().code == ErrorCode::kInvalidInput) {
      return ErrorResponse(400, "invalid_input", st.error().message);
    }
    return ErrorResponse(503, "unavailable", ctx.T("error.internal"));
  }
  return JsonResponse(200, boost::json::object{});
}

}  // namespace

void AddTelegramWebhookRoute(ApiState& state) {
  state.router.Add("POST", "/api/v1/telegram/webhook", {Access::kPublic, Webhook});
}

}  // namespace baro::web

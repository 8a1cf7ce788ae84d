// Sign-up, log-in, log-out, the current user and their settings.
#include <algorithm>

#include "log/logger.h"
#include "notify/quiet_hours.h"
#include "web/api_state.h"
#include "web/threshold_input.h"

namespace baro::web {
namespace {

constexpr std::size_t kMaxPasswordLength = 1024;

bool PlausibleEmail(std::string_view email) {
  auto at = email.find('@');
  return email.size() <= 254 && at != std::string_view::npos && at > 0 &&
         email.find('.', at) != std::string_view::npos && email.back() != '.' &&
         email.find_first_of(" \t\r\n<>\"") == std::string_view::npos;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string SessionCookie(ApiState& s, const std::string& token, std::int64_t max_age_s) {
  std::string cookie = "baro_session=" + token +
                       "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age_s);
  if (s.SecureCookies()) cookie += "; Secure";
  return cookie;
}

// Starts a session: the cookie carries a random token; the store keeps only its hash.
net::HttpResponse StartSession(ApiState& s, RequestContext& ctx, const store::User& user,
                               int status) {
  std::string token = RandomToken();
  store::Session session{Sha256Hex(token), user.id, RandomToken(),
                         s.Now() + s.config().session_ttl_s * 1000};
  if (auto st = s.store().sessions().Create(session); !st) return FromError(ctx, st.error());
  ctx.extra_headers.emplace_back("Set-Cookie", SessionCookie(s, token, s.config().session_ttl_s));
  SecureZero(token);
  return JsonResponse(status, boost::json::object{{"user", UserJson(user, &session)}});
}

struct Credentials {
  std::string email;
  std::string password;
  ~Credentials() { SecureZero(password); }
};

Result<Credentials> ReadCredentials(RequestContext& ctx) {
  auto body = ParseJsonBody(ctx.request);
  if (!body) return body.error();
  Credentials c;
  if (auto* e = body->if_contains("email"); e && e->is_string()) c.email = Lower(e->get_string());
  if (auto* p = body->if_contains("password"); p && p->is_string()) {
    c.password = std::string(p->get_string());
    SecureZero(p->as_string().data(), p->as_string().size());
  }
  return c;
}

net::HttpResponse Signup(ApiState& s, RequestContext& ctx) {
  auto creds = ReadCredentials(ctx);
  if (!creds) return FromError(ctx, creds.error());
  if (!PlausibleEmail(creds->email)) {
    return ErrorResponse(400, "invalid_input", ctx.T("error.email_invalid"), "email");
  }
  const int min = s.config().min_password_length;
  if (creds->password.size() < static_cast<std::size_t>(min) ||
      creds->password.size() > kMaxPasswordLength) {
    return ErrorResponse(400, "invalid_input",
                         ctx.T("error.password_short", {{"min", std::to_string(min)}}), "password");
  }
  // Counted before anything costly, atomically with the check: parallel sign-ups from one address
  // cannot slip past the limit together.
  if (auto wait = s.signup_limiter.TryAcquire({"addr:" + s.Client(ctx.request)}, s.Now());
      wait > 0) {
    Error e = MakeError(ErrorCode::kRateLimited, ctx.T("error.rate_limited"));
    e.retry_after_ms = wait;
    return FromError(ctx, e);
  }
  // A taken email is answered before any hashing.
  if (auto existing = s.store().users().FindByEmail(creds->email); existing) {
    return ErrorResponse(409, "conflict", ctx.T("error.email_taken"), "email");
  } else if (existing.error().code != ErrorCode::kNotFound) {
    return FromError(ctx, existing.error());
  }
  auto hash = s.passwords.Hash(creds->password);
  if (!hash) return FromError(ctx, hash.error());
  auto user = s.store().users().Create(creds->email, *hash, s.Now());
  if (!user) {
    if (user.error().code == ErrorCode::kConflict) {
      return ErrorResponse(409, "conflict", ctx.T("error.email_taken"), "email");
    }
    return FromError(ctx, user.error());
  }
  log::Info("user.signup", {{"user_id", std::to_string(user->id)}});
  return StartSession(s, ctx, *user, 201);
}

net::HttpResponse Login(ApiState& s, RequestContext& ctx) {
  auto creds = ReadCredentials(ctx);
  if (!creds) return FromError(ctx, creds.error());
  const std::string client = s.Client(ctx.request);
  const std::string email_key = "email:" + creds->email;
  const std::string addr_key = "addr:" + client;
  // Every attempt is recorded as it is checked (one step), so parallel guesses count in full;
  // a successful log-in takes its own attempt back.
  if (auto wait = s.login_limiter.TryAcquire({email_key, addr_key}, s.Now()); wait > 0) {
    Error e = MakeError(ErrorCode::kRateLimited, ctx.T("error.rate_limited"));
    e.retry_after_ms = wait;
    return FromError(ctx, e);
  }
  auto user = s.store().users().FindByEmail(creds->email);
  if (!user && user.error().code != ErrorCode::kNotFound) return FromError(ctx, user.error());
  // Unknown emails are verified against a dummy hash of the same cost: the answer takes as long
  // as for a known email with a wrong password.
  auto verified = s.passwords.Verify(
      user ? std::optional<std::string>(user->password_hash) : std::nullopt, creds->password);
  if (!verified) return FromError(ctx, verified.error());
  if (!user || !*verified) {
    log::Info("user.login_failed", {{"remote", client}});
    return ErrorResponse(401, "unauthenticated", ctx.T("error.bad_credentials"));
  }
  s.login_limiter.Reset(email_key);
  s.login_limiter.Forget(addr_key);
  return StartSession(s, ctx, *user, 200);
}

net::HttpResponse Logout(ApiState& s, RequestContext& ctx) {
  (void)s.store().sessions().Delete(ctx.session->token_hash);
  ctx.extra_headers.emplace_back("Set-Cookie", SessionCookie(s, "", 0));
  return JsonResponse(200, boost::json::object{{"ok", true}});
}

net::HttpResponse Me(ApiState&, RequestContext& ctx) {
  return JsonResponse(200, boost::json::object{{"user", UserJson(*ctx.user, &*ctx.session)}});
}

std::optional<int> Minute(const boost::json::value* v) {
  if (v == nullptr || !v->is_string() || v->get_string().size() != 5) return std::nullopt;
  std::string_view s = v->get_string();
  if (s[2] != ':' || !std::isdigit(static_cast<unsigned char>(s[0])) ||
      !std::isdigit(static_cast<unsigned char>(s[1])) ||
      !std::isdigit(static_cast<unsigned char>(s[3])) ||
      !std::isdigit(static_cast<unsigned char>(s[4]))) {
    return std::nullopt;
  }
  int h = (s[0] - '0') * 10 + (s[1] - '0');
  int m = (s[3] - '0') * 10 + (s[4] - '0');
  if (h > 23 || m > 59) return std::nullopt;
  return h * 60 + m;
}

net::HttpResponse UpdateSettings(ApiState& s, RequestContext& ctx) {
  auto body = ParseJsonBody(ctx.request);
  if (!body) return FromError(ctx, body.error());
  store::User user = *ctx.user;
  if (auto* v = body->if_contains("locale")) {
    auto locales = i18n::Locales();
    if (!v->is_string() ||
        std::find(locales.begin(), locales.end(), std::string(v->get_string())) == locales.end()) {
      return ErrorResponse(400, "invalid_input", ctx.T("error.locale_invalid"), "locale");
    }
    user.locale = std::string(v->get_string());
  }
  if (auto* v = body->if_contains("time_zone")) {
    // Only a zone of the installed IANA database: never a path the C library would open.
    if (!v->is_string() || v->get_string().size() > 64 ||
        !notify::IsKnownTimeZone(std::string_view(v->get_string()))) {
      return ErrorResponse(400, "invalid_input", ctx.T("error.time_zone_invalid"), "time_zone");
    }
    user.time_zone = std::string(v->get_string());
  }
  if (auto* v = body->if_contains("quiet_hours")) {
    if (v->is_null()) {
      user.quiet_start_minute.reset();
      user.quiet_end_minute.reset();
    } else {
      auto start = v->is_object() ? Minute(v->as_object().if_contains("start")) : std::nullopt;
      auto end = v->is_object() ? Minute(v->as_object().if_contains("end")) : std::nullopt;
      if (!start || !end) {
        return ErrorResponse(400, "invalid_input", ctx.T("error.quiet_hours_invalid"),
                             "quiet_hours");
      }
      user.quiet_start_minute = start;
      user.quiet_end_minute = end;
    }
  }
  if (auto* v = body->if_contains("thresholds")) {
    auto input = ReadThresholds(*v, ctx);
    if (!input.json) return ErrorResponse(400, "invalid_input", input.error, "thresholds");
    user.thresholds_json = *input.json;
  }
  if (auto st = s.store().users().UpdateSettings(user); !st) return FromError(ctx, st.error());
  return JsonResponse(200, boost::json::object{{"user", UserJson(user, &*ctx.session)}});
}

}  // namespace

boost::json::object UserJson(const store::User& user, const store::Session* session) {
  boost::json::object o{{"id", user.id},
                        {"email", user.email},
                        {"plan", store::ToString(user.plan)},
                        {"locale", user.locale},
                        {"time_zone", user.time_zone}};
  if (user.quiet_start_minute && user.quiet_end_minute) {
    auto hhmm = [](int m) {
      const unsigned minutes = static_cast<unsigned>(m) % (24 * 60);
      char buf[16];
      std::snprintf(buf, sizeof buf, "%02u:%02u", minutes / 60, minutes % 60);
      return std::string(buf);
    };
    o["quiet_hours"] = boost::json::object{{"start", hhmm(*user.quiet_start_minute)},
                                           {"end", hhmm(*user.quiet_end_minute)}};
  } else {
    o["quiet_hours"] = nullptr;
  }
  o["thresholds"] = EffectiveThresholdsJson(user.thresholds_json);
  o["threshold_overrides"] = OverridesJson(user.thresholds_json);
  if (session != nullptr) o["csrf_token"] = session->csrf_token;
  return o;
}

void AddAuthRoutes(ApiState& state) {
  state.router.Add("POST", "/api/v1/auth/signup", {Access::kPublic, Signup});
  state.router.Add("POST", "/api/v1/auth/login", {Access::kPublic, Login});
  state.router.Add("POST", "/api/v1/auth/logout", {Access::kUser, Logout});
  state.router.Add("GET", "/api/v1/me", {Access::kUser, Me});
  state.router.Add("PATCH", "/api/v1/me/settings", {Access::kUser, UpdateSettings});
}

}  // namespace baro::web

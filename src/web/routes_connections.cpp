// Exchange connections: connect HyperLiquid by address or another venue by a read-only API key, see
// every connection's status, rename, delete. Keys are sealed the moment they arrive (this process
// holds only encrypt-only key material), checked for read-only permissions by the fetcher, and
// refused keys are deleted at once (docs/storage.md says what the database keeps of a deleted row).
#include <charconv>

#include "core/json_util.h"
#include "core/key_text.h"
#include "core/position_key.h"
#include "log/logger.h"
#include "vault/envelope.h"
#include "web/api_state.h"
#include "web/threshold_input.h"

namespace baro::web {
namespace {

constexpr std::size_t kMaxKeyLength = 512;

std::string_view VerdictName(store::KeyVerdict v) {
  switch (v) {
    case store::KeyVerdict::kAccepted:
      return "accepted";
    case store::KeyVerdict::kAcceptedWithWarning:
      return "accepted_with_warning";
    case store::KeyVerdict::kUnverified:
      return "unverified";
    case store::KeyVerdict::kNone:
      return "pending";
  }
  return "pending";
}

// What the last read could not watch (written by the checker under "gaps:c<id>|read"), as
// sentences for the page: "N positions on <product> are not watched", or a product whose read
// failed.
boost::json::array GapNotes(ApiState& s, const RequestContext& ctx, const store::Connection& c) {
  boost::json::array notes;
  auto states = s.store().alerts().States(c.user_id);
  if (!states) return notes;
  const std::string key = ReadGapsNoteKey(c.id);
  for (const auto& st : *states) {
    if (st.key != key) continue;
    auto v = json::Parse(st.state_json);
    const auto* gaps = v ? json::Find(*v, "gaps") : nullptr;
    if (gaps == nullptr || !gaps->is_array()) continue;
    for (const auto& g : gaps->as_array()) {
      const std::string product = json::GetString(g, "product").value_or("");
      const std::string error = json::GetString(g, "error").value_or("");
      if (error.empty()) {
        notes.push_back(boost::json::value(
            ctx.T("connection.gap.not_watched",
                  {{"count", std::to_string(json::GetInt(g, "positions").value_or(0))},
                   {"product", product}})));
      } else {
        notes.push_back(boost::json::value(ctx.T(
            "connection.gap.unread", {{"product", product}, {"error", ctx.T("error." + error)}})));
      }
    }
  }
  return notes;
}

boost::json::object ConnectionJson(ApiState& s, const RequestContext& ctx,
                                   const store::Connection& c) {
  boost::json::array warnings;
  std::string_view detail = c.verdict_detail;
  while (!detail.empty()) {
    auto comma = detail.find(',');
    std::string key(detail.substr(0, comma));
    if (!key.empty()) warnings.push_back(boost::json::value(ctx.T(key)));
    if (comma == std::string_view::npos) break;
    detail.remove_prefix(comma + 1);
  }
  boost::json::object o{{"id", c.id},
                        {"venue", ToString(c.venue)},
                        {"label", c.label},
                        {"wallet_address", c.wallet_address},
                        {"key_hint", c.key_fingerprint},
                        {"verdict", VerdictName(c.verdict)},
                        {"warnings", std::move(warnings)},
                        {"ip_restricted", c.ip_restricted},
                        {"last_checked_at", c.last_checked_at},
                        {"last_success_at", c.last_success_at},
                        {"needs_attention", c.needs_attention},
                        {"created_at", c.created_at},
                        {"thresholds", OverridesJson(c.thresholds_json)}};
  o["last_error"] = c.last_error.empty() ? std::string() : ctx.T("error." + c.last_error);
  o["notes"] = GapNotes(s, ctx, c);
  std::int64_t next = 0;
  if (auto monitors = s.store().monitors().ListForUser(c.user_id)) {
    for (const auto& m : *monitors) {
      if (m.connection_id && *m.connection_id == c.id) next = m.next_due_at;
    }
  }
  o["next_check_at"] = next;
  return o;
}

net::HttpResponse List(ApiState& s, RequestContext& ctx) {
  auto list = s.store().connections().ListForUser(ctx.user->id);
  if (!list) return FromError(ctx, list.error());
  boost::json::array out;
  for (const auto& c : *list) out.push_back(ConnectionJson(s, ctx, c));
  return JsonResponse(
      200, boost::json::object{{"connections", std::move(out)}, {"server_time", s.Now()}});
}

// Reads a secret field of the request body into locked memory and wipes the parsed copy.
std::optional<SecretBytes> TakeSecret(boost::json::object& body, std::string_view key) {
  auto* v = body.if_contains(key);
  if (v == nullptr || !v->is_string()) return std::nullopt;
  auto& str = v->as_string();
  std::string_view text(str.data(), str.size());
  while (!text.empty() && (text.front() == ' ' || text.front() == '\n')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\n' || text.back() == '\r'))
    text.remove_suffix(1);
  SecretBytes out(text);
  SecureZero(str.data(), str.size());
  if (out.empty()) return std::nullopt;
  return out;
}

struct SealedFields {
  std::string api_key, api_secret, passphrase;
};

net::HttpResponse Create(ApiState& s, RequestContext& ctx) {
  auto parsed = ParseJsonBody(ctx.request);
  if (!parsed) return FromError(ctx, parsed.error());
  boost::json::object& body = *parsed;
  auto venue = VenueFromString(json::GetString(body, "venue").value_or(""));
  if (!venue) {
    return ErrorResponse(
        400, "invalid_input",
        ctx.T("error.unknown_venue",
              {{"venue", json::GetString(body, "venue").value_or("")},
               {"venues", "hyperliquid, binance, bybit, okx, bitget, gate, kucoin"}}),
        "venue");
  }
  if (!s.deps.fetcher) return ErrorResponse(503, "unavailable", ctx.T("error.unavailable"));
  std::string label = json::GetString(body, "label").value_or("");
  if (label.size() > 60)
    return ErrorResponse(400, "invalid_input", ctx.T("error.label_too_long"), "label");
  if (label.empty()) label = std::string(ToString(*venue));

  store::Connection c;
  c.user_id = ctx.user->id;
  c.venue = *venue;
  c.label = label;
  c.created_at = s.Now();
  std::optional<SecretBytes> key, secret, passphrase;
  if (!VenueUsesApiKey(*venue)) {
    c.wallet_address = json::GetString(body, "wallet_address").value_or("");
    const bool valid =
        c.wallet_address.size() == 42 && c.wallet_address.rfind("0x", 0) == 0 &&
        c.wallet_address.find_first_not_of("0123456789abcdefABCDEF", 2) == std::string::npos;
    if (!valid)
      return ErrorResponse(400, "invalid_input", ctx.T("error.wallet_address_invalid"),
                           "wallet_address");
  } else {
    key = TakeSecret(body, "api_key");
    secret = TakeSecret(body, "api_secret");
    passphrase = TakeSecret(body, "passphrase");
    if (!key || key->size() > kMaxKeyLength) {
      return ErrorResponse(400, "invalid_input",
                           ctx.T("error.field_required", {{"field", "API key"}}), "api_key");
    }
    if (!secret || secret->size() > kMaxKeyLength) {
      return ErrorResponse(400, "invalid_input",
                           ctx.T("error.field_required", {{"field", "API secret"}}), "api_secret");
    }
    if (VenueNeedsPassphrase(*venue) && (!passphrase || passphrase->size() > kMaxKeyLength)) {
      return ErrorResponse(400, "invalid_input",
                           ctx.T("error.field_required", {{"field", "Passphrase"}}), "passphrase");
    }
    // Only what venues issue: a line break in a key would become a header of its own in the
    // signed request. The answer names the field, never the value.
    for (auto [value, field, name] :
         {std::tuple{&key, "api_key", "API key"}, std::tuple{&secret, "api_secret", "API secret"},
          std::tuple{&passphrase, "passphrase", "Passphrase"}}) {
      if (*value && !IsKeyText((*value)->view())) {
        return ErrorResponse(400, "invalid_input",
                             ctx.T("error.field_characters", {{"field", name}}), field);
      }
    }
    if (*venue == Venue::kGate && !json::GetBool(body, "confirm_read_only").value_or(false)) {
      return ErrorResponse(400, "invalid_input", ctx.T("error.gate_confirm_read_only"),
                           "confirm_read_only");
    }
    if (!s.deps.key_wrapper) return ErrorResponse(503, "unavailable", ctx.T("error.unavailable"));
  }
  // Valid key fields only, and only while this request is handled: the log redacts them wherever
  // they might appear, then forgets them however the request ends.
  std::vector<log::SecretRegistration> redacted;
  for (auto* v : {&key, &secret, &passphrase}) {
    if (!*v) continue;
    auto registration = log::RegisterScopedSecret((*v)->view());
    if (!registration) return ErrorResponse(503, "unavailable", ctx.T("error.unavailable"));
    redacted.push_back(std::move(*registration));
  }
  if (VenueUsesApiKey(*venue)) {
    const std::string_view k = key->view();
    c.key_fingerprint = "…" + std::string(k.substr(k.size() > 4 ? k.size() - 4 : 0));
  }

  // The row first (its id is part of each secret's associated data), then the sealed fields.
  auto created = s.store().connections().Create(c, s.Now() + 365LL * 24 * 3600 * 1000);
  if (!created) return FromError(ctx, created.error());
  c = *created;
  // Deletes the row with its sealed fields; true when nothing of them remains in the database's
  // files (Store::ScrubDeleted), the only case in which the user is told nothing was kept.
  auto destroy = [&] {
    if (!s.store().connections().Delete(c.user_id, c.id)) return false;
    auto scrubbed = s.store().ScrubDeleted();
    return scrubbed && *scrubbed;
  };
  if (VenueUsesApiKey(*venue)) {
    const std::string uid = std::to_string(c.user_id), cid = std::to_string(c.id);
    // Each stored key takes the row's next generation, which its sealed fields are bound to.
    c.key_generation += 1;
    for (auto [field, value, out] :
         {std::tuple{vault::SecretField::kApiKey, &key, &c.sealed_api_key},
          std::tuple{vault::SecretField::kApiSecret, &secret, &c.sealed_api_secret},
          std::tuple{vault::SecretField::kPassphrase, &passphrase, &c.sealed_passphrase}}) {
      if (!*value) continue;
      auto sealed =
          vault::Seal(**value, {uid, cid, *venue, field, c.key_generation}, *s.deps.key_wrapper);
      if (!sealed) {
        destroy();
        return FromError(ctx, sealed.error());
      }
      *out = sealed->ToText();
    }
    if (auto st = s.store().connections().ReplaceSealed(c); !st) {
      destroy();
      return FromError(ctx, st.error());
    }
  }

  // The fetcher opens the sealed key and asks the venue what the key may do.
  boost::json::object sealed{{"user_id", c.user_id},
                             {"connection_id", c.id},
                             {"key_generation", c.key_generation},
                             {"venue", ToString(c.venue)},
                             {"wallet_address", c.wallet_address},
                             {"api_key", c.sealed_api_key},
                             {"api_secret", c.sealed_api_secret},
                             {"passphrase", c.sealed_passphrase}};
  auto verdict = s.deps.fetcher("check_permissions", {{"connection", sealed}});
  if (!verdict) {
    destroy();
    return FromError(ctx, verdict.error());
  }
  const std::string v = json::GetString(*verdict, "verdict").value_or("refused");
  if (v == "refused") {
    const bool scrubbed = destroy();
    std::string turn_off;
    if (const auto* off = json::Find(*verdict, "turn_off"); off && off->is_array()) {
      for (const auto& p : off->as_array()) {
        if (!turn_off.empty()) turn_off += ", ";
        turn_off += std::string(p.as_string());
      }
    }
    return ErrorResponse(422, "too_much_permission",
                         ctx.T(scrubbed ? "error.key_refused" : "error.key_refused_deleted",
                               {{"permissions", turn_off}}),
                         "api_key");
  }
  c.verdict = v == "accepted"     ? store::KeyVerdict::kAccepted
              : v == "unverified" ? store::KeyVerdict::kUnverified
                                  : store::KeyVerdict::kAcceptedWithWarning;
  std::string detail;
  if (const auto* w = json::Find(*verdict, "warnings"); w && w->is_array()) {
    for (const auto& key_name : w->as_array()) {
      if (!detail.empty()) detail += ",";
      detail += std::string(key_name.as_string());
    }
  }
  if (*venue == Venue::kGate)
    detail += std::string(detail.empty() ? "" : ",") + "connect.warning.gate_unverified";
  c.verdict_detail = detail;
  c.ip_restricted = json::GetBool(*verdict, "ip_restricted").value_or(false);
  if (auto st = s.store().connections().SetVerdict(c); !st) return FromError(ctx, st.error());
  // The monitor was created due far ahead while the key was unchecked: check it now.
  (void)s.store().monitors().ScheduleConnection(c.id, s.Now());
  log::Info("connection.created",
            {{"user_id", std::to_string(c.user_id)}, {"venue", std::string(ToString(c.venue))}});
  auto fresh = s.store().connections().Get(c.user_id, c.id);
  return JsonResponse(
      201, boost::json::object{{"connection", ConnectionJson(s, ctx, fresh ? *fresh : c)}});
}

net::HttpResponse Update(ApiState& s, RequestContext& ctx) {
  auto id = IdParam(ctx);
  if (!id) return ErrorResponse(404, "not_found", ctx.T("error.not_found"));
  auto body = ParseJsonBody(ctx.request);
  if (!body) return FromError(ctx, body.error());
  if (auto label = json::GetString(*body, "label")) {
    if (label->empty() || label->size() > 60) {
      return ErrorResponse(400, "invalid_input", ctx.T("error.label_too_long"), "label");
    }
    if (auto st = s.store().connections().Rename(ctx.user->id, *id, *label); !st)
      return FromError(ctx, st.error());
  }
  if (auto* v = body->if_contains("thresholds")) {
    auto input = ReadThresholds(*v, ctx);
    if (!input.json) return ErrorResponse(400, "invalid_input", input.error, "thresholds");
    auto current = s.store().connections().Get(ctx.user->id, *id);
    if (!current) return FromError(ctx, current.error());
    if (auto st = s.store().connections().SetThresholds(
            ctx.user->id, *id, WithConnectionOverrides(current->thresholds_json, *input.json));
        !st) {
      return FromError(ctx, st.error());
    }
  }
  auto c = s.store().connections().Get(ctx.user->id, *id);
  if (!c) return FromError(ctx, c.error());
  return JsonResponse(200, boost::json::object{{"connection", ConnectionJson(s, ctx, *c)}});
}

net::HttpResponse Remove(ApiState& s, RequestContext& ctx) {
  auto id = IdParam(ctx);
  if (!id) return ErrorResponse(404, "not_found", ctx.T("error.not_found"));
  if (auto st = s.store().connections().Delete(ctx.user->id, *id); !st)
    return FromError(ctx, st.error());
  // "Destroyed" only where it is true: nothing of the sealed key is left in the database's files.
  auto scrubbed = s.store().ScrubDeleted();
  const bool destroyed = scrubbed && *scrubbed;
  return JsonResponse(
      200, boost::json::object{
               {"deleted", true},
               {"key_destroyed", destroyed},
               {"message", ctx.T(destroyed ? "connect.deleted" : "connect.deleted_pending")}});
}

}  // namespace

void AddConnectionRoutes(ApiState& state) {
  state.router.Add("GET", "/api/v1/connections", {Access::kPremium, List});
  state.router.Add("POST", "/api/v1/connections", {Access::kPremium, Create});
  state.router.Add("PATCH", "/api/v1/connections/{id}", {Access::kPremium, Update});
  state.router.Add("DELETE", "/api/v1/connections/{id}", {Access::kPremium, Remove});
}

}  // namespace baro::web

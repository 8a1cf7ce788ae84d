#include "notify/link_tokens.h"

#include "web/passwords.h"

namespace baro::notify {

bool ValidStartPayload(std::string_view p) {
  if (p.empty() || p.size() > 64) return false;
  for (char c : p) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

Result<DeepLink> IssueLink(store::TelegramRepository& repo, store::Id user_id,
                           const std::string& bot_username, std::int64_t now, std::int64_t ttl_ms) {
  std::string token = web::RandomToken(32);
  DeepLink link{"https://t.me/" + bot_username + "?start=" + token, now + ttl_ms};
  if (auto st = repo.CreateLinkToken(user_id, web::Sha256Hex(token), link.expires_at); !st) {
    return st.error();
  }
  return link;
}

}  // namespace baro::notify

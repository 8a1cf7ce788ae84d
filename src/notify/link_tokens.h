// Deep links that bind a Telegram chat to a Baro account: https://t.me/<bot>?start=<token>, where
// the token is 256 random bits in base64url (43 characters, within Telegram's [A-Za-z0-9_-]{1,64}),
// single use, and expires after telegram.link_token_ttl_s. Only its SHA-256 is stored.
#pragma once

#include <cstdint>
#include <string>

#include "core/result.h"
#include "store/store.h"

namespace baro::notify {

struct DeepLink {
  std::string url;
  std::int64_t expires_at = 0;
};

Result<DeepLink> IssueLink(store::TelegramRepository& repo, store::Id user_id,
                           const std::string& bot_username, std::int64_t now, std::int64_t ttl_ms);

bool ValidStartPayload(std::string_view payload);  // ^[A-Za-z0-9_-]{1,64}$

}  // namespace baro::notify

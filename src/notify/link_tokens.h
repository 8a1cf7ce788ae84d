// Deep links that bind a Telegram chat to a Baro account: https://t.me/<bot>?start=<token>. The
// token is random (256 bits by default, at least 128), written in base64url without padding so it
// fits Telegram's start-parameter rule [A-Za-z0-9_-]{1,64}; it is single use and expires after
// LinkTokenOptions::ttl_ms. Only its SHA-256 is stored, so a database reader cannot link a chat.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"
#include "store/store.h"

namespace baro::notify {

struct LinkTokenOptions {
  std::int64_t ttl_ms = 15 * 60 * 1000;  // telegram.link_token_ttl_s
  std::size_t random_bytes = 32;         // 16..48: 22..64 base64url characters
};

struct DeepLink {
  std::string url;
  // https://t.me/<bot>?startgroup=<token>: Telegram asks which group to add the bot to, then
  // sends "/start@<bot> <token>" there (https://core.telegram.org/api/links#bot-links).
  std::string group_url;
  std::string token;  // the start parameter (shown once; only its hash is kept)
  std::int64_t expires_at = 0;
};

// Creates and stores a new token for `user_id`; earlier unused tokens stay valid until they expire.
Result<DeepLink> IssueLink(store::TelegramRepository& repo, store::Id user_id,
                           const std::string& bot_username, std::int64_t now,
                           const LinkTokenOptions& options);
Result<DeepLink> IssueLink(store::TelegramRepository& repo, store::Id user_id,
                           const std::string& bot_username, std::int64_t now, std::int64_t ttl_ms);

// What the store keeps of a token: lower-case hex SHA-256.
std::string HashLinkToken(std::string_view token);

bool ValidStartPayload(std::string_view payload);  // ^[A-Za-z0-9_-]{1,64}$

}  // namespace baro::notify

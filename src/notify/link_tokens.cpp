#include "notify/link_tokens.h"

#include <sodium.h>

#include <algorithm>

#include "core/secret.h"

namespace baro::notify {

bool ValidStartPayload(std::string_view p) {
  if (p.empty() || p.size() > 64) return false;
  return std::all_of(p.begin(), p.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
  });
}

std::string HashLinkToken(std::string_view token) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(token.data()), token.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

Result<DeepLink> IssueLink(store::TelegramRepository& repo, store::Id user_id,
                           const std::string& bot_username, std::int64_t now,
                           const LinkTokenOptions& options) {
  if (sodium_init() < 0) return MakeError(ErrorCode::kInternal, "libsodium unavailable");
  if (options.random_bytes < 16 || options.random_bytes > 48) {
    return MakeError(ErrorCode::kInvalidInput, "link token size must be 16..48 bytes");
  }
  if (options.ttl_ms <= 0) {
    return MakeError(ErrorCode::kInvalidInput, "link token lifetime must be positive");
  }
  SecretBytes raw(options.random_bytes);
  randombytes_buf(raw.data(), raw.size());
  std::string token(sodium_base64_encoded_len(raw.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING),
                    '\0');
  sodium_bin2base64(token.data(), token.size(), raw.data(), raw.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  token.resize(token.find('\0'));
  DeepLink link{"https://t.me/" + bot_username + "?start=" + token,
                "https://t.me/" + bot_username + "?startgroup=" + token, token,
                now + options.ttl_ms};
  if (auto st = repo.CreateLinkToken(user_id, HashLinkToken(token), link.expires_at); !st) {
    return st.error();
  }
  return link;
}

Result<DeepLink> IssueLink(store::TelegramRepository& repo, store::Id user_id,
                           const std::string& bot_username, std::int64_t now, std::int64_t ttl_ms) {
  LinkTokenOptions options;
  options.ttl_ms = ttl_ms;
  return IssueLink(repo, user_id, bot_username, now, options);
}

}  // namespace baro::notify

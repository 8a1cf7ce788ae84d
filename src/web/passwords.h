// Password hashing with argon2id (libsodium crypto_pwhash_str), and random tokens for sessions,
// CSRF and link tokens.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace baro::web {

struct PasswordHashCost {
  unsigned long long ops_limit;  // libsodium OPSLIMIT
  std::size_t mem_limit;         // bytes
};
PasswordHashCost InteractiveCost();  // libsodium's interactive limits (production default)
PasswordHashCost FastCostForTests();

Result<std::string> HashPassword(std::string_view password, PasswordHashCost cost);
bool VerifyPassword(std::string_view encoded_hash, std::string_view password);

std::string RandomToken(std::size_t bytes = 32);  // base64url without padding
std::string Sha256Hex(std::string_view data);

}  // namespace baro::web

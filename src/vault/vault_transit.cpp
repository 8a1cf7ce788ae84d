// The storing half of the `vault-transit` back-end (encrypt), and reading a token file.
#include "vault/vault_transit.h"

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "core/json_util.h"
#include "vault/encoding.h"
#include "vault/key_files.h"
#include "vault/vault_transit_call.h"

namespace baro::vault {
namespace {
constexpr std::size_t kTokenFileMaxBytes = 4096;

// Overwrites a string field of `fields` in place (the JSON object's own copy of a secret).
void WipeJsonString(boost::json::object& fields, std::string_view key) {
  if (auto* v = fields.if_contains(key); v != nullptr && v->is_string()) {
    SecureZero(v->as_string().data(), v->as_string().size());
  }
}
}  // namespace

Result<SecretBytes> ReadVaultTokenFile(const std::string& path) {
  auto raw = ReadKeyFile(path, kTokenFileMaxBytes, /*require_private=*/true);
  if (!raw) return raw.error();
  const std::string_view token = TrimWhitespace(raw->view());
  if (token.empty()) return MakeError(ErrorCode::kInvalidInput, "empty Vault token file " + path);
  return SecretBytes(token);
}

VaultTransitKeyWrapper::VaultTransitKeyWrapper(VaultTransitOptions options, net::Url address,
                                               SecretBytes token)
    : options_(std::move(options)),
      address_(std::move(address)),
      token_(std::move(token)),
      http_(options_.http) {}

Result<std::unique_ptr<VaultTransitKeyWrapper>> VaultTransitKeyWrapper::Create(
    const VaultTransitOptions& options, SecretBytes encrypt_token) {
  auto url = CheckTransitOptions(options, encrypt_token);
  if (!url) return url.error();
  return std::unique_ptr<VaultTransitKeyWrapper>(
      new VaultTransitKeyWrapper(options, std::move(*url), std::move(encrypt_token)));
}

Result<WrappedKey> VaultTransitKeyWrapper::Wrap(const SecretBytes& data_key,
                                                std::string_view associated_data) {
  SecretBytes plaintext_b64 = Base64EncodeSecret(data_key);
  boost::json::object fields{
      {"plaintext", boost::json::string_view(reinterpret_cast<const char*>(plaintext_b64.data()),
                                             plaintext_b64.size())},
      {"associated_data", Base64Encode(associated_data)}};
  std::string body = boost::json::serialize(fields);
  WipeJsonString(fields, "plaintext");
  std::lock_guard lock(mu_);
  auto answer = TransitPost(http_, address_, options_, token_, "encrypt", body);
  if (!answer) return answer.error();
  const auto ciphertext = json::GetString(*json::Find(*answer, "data"), "ciphertext");
  const auto version = ciphertext ? TransitCiphertextVersion(*ciphertext) : std::nullopt;
  if (!version) {
    return MakeError(ErrorCode::kBadResponse,
                     "Vault Transit encrypt answer has no vault:v<N>: ciphertext");
  }
  return WrappedKey{KekBackend::kVaultTransit, options_.key_name + ":v" + std::to_string(*version),
                    *ciphertext};
}

}  // namespace baro::vault

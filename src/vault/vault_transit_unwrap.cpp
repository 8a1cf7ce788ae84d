// The fetcher's half of the `vault-transit` back-end (decrypt).
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "core/json_util.h"
#include "vault/encoding.h"
#include "vault/key_files.h"
#include "vault/vault_transit.h"
#include "vault/vault_transit_call.h"

namespace baro::vault {

VaultTransitKeyUnwrapper::VaultTransitKeyUnwrapper(VaultTransitOptions options, net::Url address,
                                                   SecretBytes token)
    : options_(std::move(options)),
      address_(std::move(address)),
      token_(std::move(token)),
      http_(options_.http) {}

Result<std::unique_ptr<VaultTransitKeyUnwrapper>> VaultTransitKeyUnwrapper::Create(
    const VaultTransitOptions& options, SecretBytes decrypt_token) {
  auto url = CheckTransitOptions(options, decrypt_token);
  if (!url) return url.error();
  return std::unique_ptr<VaultTransitKeyUnwrapper>(
      new VaultTransitKeyUnwrapper(options, std::move(*url), std::move(decrypt_token)));
}

Result<SecretBytes> VaultTransitKeyUnwrapper::Unwrap(const WrappedKey& wrapped,
                                                     std::string_view associated_data) {
  if (wrapped.backend != KekBackend::kVaultTransit) {
    return MakeError(ErrorCode::kCrypto, "not a vault-transit wrapped data key");
  }
  const auto version = TransitCiphertextVersion(wrapped.bytes);
  if (!version || wrapped.key_id != options_.key_name + ":v" + std::to_string(*version)) {
    return MakeError(ErrorCode::kCrypto, "data key was wrapped by Transit key " + wrapped.key_id +
                                             ", this process is configured for " +
                                             options_.key_name);
  }
  std::string body = boost::json::serialize(boost::json::object{
      {"ciphertext", wrapped.bytes}, {"associated_data", Base64Encode(associated_data)}});
  std::lock_guard lock(mu_);
  auto answer = TransitPost(http_, address_, options_, token_, "decrypt", body);
  if (!answer) return answer.error();
  boost::json::value* field = answer->as_object()["data"].as_object().if_contains("plaintext");
  if (field == nullptr || !field->is_string()) {
    return MakeError(ErrorCode::kBadResponse, "Vault Transit decrypt answer lacks plaintext");
  }
  boost::json::string& text = field->as_string();
  auto plaintext = Base64DecodeSecret(std::string_view(text.data(), text.size()));
  SecureZero(text.data(), text.size());
  if (!plaintext) {
    return MakeError(ErrorCode::kBadResponse, "Vault Transit decrypt answer has bad plaintext");
  }
  return plaintext;
}

}  // namespace baro::vault

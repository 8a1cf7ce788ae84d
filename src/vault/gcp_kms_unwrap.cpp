// The fetcher's half of the `gcp-kms` back-end: cryptoKeys.decrypt with a decrypter credential.
#include <boost/json/object.hpp>

#include "core/json_util.h"
#include "vault/crc32c.h"
#include "vault/encoding.h"
#include "vault/gcp_kms.h"
#include "vault/gcp_kms_client.h"

namespace baro::vault {

GcpKmsKeyUnwrapper::GcpKmsKeyUnwrapper(std::unique_ptr<GcpKmsClient> client)
    : client_(std::move(client)) {}
GcpKmsKeyUnwrapper::~GcpKmsKeyUnwrapper() = default;

Result<std::unique_ptr<GcpKmsKeyUnwrapper>> GcpKmsKeyUnwrapper::Create(
    const GcpKmsOptions& options, std::shared_ptr<AccessTokenSource> decrypter_credential) {
  auto client = MakeGcpKmsClient(options, std::move(decrypter_credential));
  if (!client) return client.error();
  return std::unique_ptr<GcpKmsKeyUnwrapper>(new GcpKmsKeyUnwrapper(std::move(*client)));
}

Result<SecretBytes> GcpKmsKeyUnwrapper::Unwrap(const WrappedKey& wrapped,
                                               std::string_view associated_data) {
  const std::string crypto_key = GcpCryptoKeyOf(client_->options().key_name);
  if (wrapped.backend != KekBackend::kGcpKms) {
    return MakeError(ErrorCode::kCrypto, "not a gcp-kms wrapped data key");
  }
  if (GcpCryptoKeyOf(wrapped.key_id) != crypto_key) {
    return MakeError(ErrorCode::kCrypto, "data key was wrapped by Cloud KMS key " + wrapped.key_id +
                                             ", this process is configured for " + crypto_key);
  }
  const int attempts = std::max(1, client_->options().integrity_attempts);
  const std::string body_text =
      R"({"ciphertext":")" + Base64Encode(wrapped.bytes) + R"(","ciphertextCrc32c":")" +
      GcpCrcString(wrapped.bytes) + R"(","additionalAuthenticatedData":")" +
      Base64Encode(associated_data) + R"(","additionalAuthenticatedDataCrc32c":")" +
      GcpCrcString(associated_data) + R"("})";
  for (int attempt = 0; attempt < attempts; ++attempt) {
    std::string body = body_text;
    auto answer = client_->Call(crypto_key, "decrypt", body);
    if (!answer) return answer.error();
    boost::json::value* field = answer->as_object().if_contains("plaintext");
    if (field == nullptr || !field->is_string()) {
      return MakeError(ErrorCode::kBadResponse, "Cloud KMS decrypt answer lacks plaintext");
    }
    boost::json::string& text = field->as_string();
    auto plaintext = Base64DecodeSecret(std::string_view(text.data(), text.size()));
    SecureZero(text.data(), text.size());
    if (!plaintext) {
      return MakeError(ErrorCode::kBadResponse, "Cloud KMS decrypt answer has bad plaintext");
    }
    const auto crc = GetGcpCrc(*answer, "plaintextCrc32c");
    if (!crc || *crc != Crc32c(plaintext->view())) continue;  // discarded, wiped on scope exit
    return std::move(*plaintext);
  }
  return GcpIntegrityFailure("decrypt", "plaintextCrc32c mismatch", attempts);
}

}  // namespace baro::vault

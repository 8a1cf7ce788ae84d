// The storing half of the `gcp-kms` back-end: cryptoKeys.encrypt with an encrypter credential.
#include "vault/gcp_kms.h"

#include <boost/json/object.hpp>

#include "core/json_util.h"
#include "vault/crc32c.h"
#include "vault/encoding.h"
#include "vault/gcp_kms_client.h"

namespace baro::vault {

GcpKmsKeyWrapper::GcpKmsKeyWrapper(std::unique_ptr<GcpKmsClient> client)
    : client_(std::move(client)) {}
GcpKmsKeyWrapper::~GcpKmsKeyWrapper() = default;

Result<std::unique_ptr<GcpKmsKeyWrapper>> GcpKmsKeyWrapper::Create(
    const GcpKmsOptions& options, std::shared_ptr<AccessTokenSource> encrypter_credential) {
  auto client = MakeGcpKmsClient(options, std::move(encrypter_credential));
  if (!client) return client.error();
  return std::unique_ptr<GcpKmsKeyWrapper>(new GcpKmsKeyWrapper(std::move(*client)));
}

Result<WrappedKey> GcpKmsKeyWrapper::Wrap(const SecretBytes& data_key,
                                          std::string_view associated_data) {
  const int attempts = std::max(1, client_->options().integrity_attempts);
  const std::string aad_b64 = Base64Encode(associated_data);
  std::string_view failure;
  for (int attempt = 0; attempt < attempts; ++attempt) {
    SecretBytes plaintext_b64 = Base64EncodeSecret(data_key);
    std::string body =
        R"({"plaintext":")" + std::string(plaintext_b64.view()) + R"(","plaintextCrc32c":")" +
        GcpCrcString(data_key.view()) + R"(","additionalAuthenticatedData":")" + aad_b64 +
        R"(","additionalAuthenticatedDataCrc32c":")" + GcpCrcString(associated_data) + R"("})";
    auto answer = client_->Call(client_->options().key_name, "encrypt", body);
    if (!answer) return answer.error();
    if (json::GetBool(*answer, "verifiedPlaintextCrc32c") != true ||
        json::GetBool(*answer, "verifiedAdditionalAuthenticatedDataCrc32c") != true) {
      failure = "request checksums not verified by the server";
      continue;
    }
    const auto name = json::GetString(*answer, "name");
    const auto ciphertext_b64 = json::GetString(*answer, "ciphertext");
    if (!name || !ciphertext_b64) {
      return MakeError(ErrorCode::kBadResponse, "Cloud KMS encrypt answer lacks name/ciphertext");
    }
    auto ciphertext = Base64Decode(*ciphertext_b64);
    if (!ciphertext || ciphertext->empty()) {
      return MakeError(ErrorCode::kBadResponse, "Cloud KMS encrypt answer has bad ciphertext");
    }
    const auto crc = GetGcpCrc(*answer, "ciphertextCrc32c");
    if (!crc || *crc != Crc32c(*ciphertext)) {
      failure = "ciphertextCrc32c mismatch";
      continue;
    }
    if (GcpCryptoKeyOf(*name) != GcpCryptoKeyOf(client_->options().key_name) ||
        name->find(kGcpVersionsInfix) == std::string::npos) {
      return MakeError(ErrorCode::kBadResponse,
                       "Cloud KMS encrypt answered for another key version: " + *name);
    }
    return WrappedKey{KekBackend::kGcpKms, *name, std::move(*ciphertext)};
  }
  return GcpIntegrityFailure("encrypt", failure, attempts);
}

}  // namespace baro::vault

// FakeCloudKms: a loopback stand-in for Google Cloud KMS REST v1 `cryptoKeys.encrypt` and
// `cryptoKeys.decrypt`, and for Google's OAuth2 token endpoint (JWT bearer grant for service
// accounts), on net::HttpServer.
//
// Wire format as documented: https://cloud.google.com/kms/docs/reference/rest/v1/
// projects.locations.keyRings.cryptoKeys/encrypt and /decrypt, google/cloud/kms/v1/service.proto
// (googleapis): base64 byte fields, CRC32C fields as decimal strings (proto3 JSON of Int64Value),
// verified* flags on encrypt answers; errors in Google's JSON error model
// {"error":{"code","message","status"}} (AIP-193), with the IAM denial text
// "Permission 'cloudkms.cryptoKeyVersions.useToDecrypt' denied on resource '…' (or it may not
// exist)." as Google returns it. Token grant as in https://developers.google.com/identity/
// protocols/oauth2/service-account (RFC 7523): form POST, RS256 JWT with iss/scope/aud/iat/exp,
// answer {"access_token","expires_in","token_type":"Bearer"}, errors {"error","error_description"}.
//
// IAM is simulated per bearer token: each token carries useToEncrypt and/or useToDecrypt on one
// CryptoKey, like roles/cloudkms.cryptoKeyEncrypter and cryptoKeyDecrypter bindings. The
// ciphertext is the fake's own opaque format (version, nonce, XChaCha20-Poly1305).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "core/clock.h"
#include "core/result.h"
#include "net/http_server.h"

namespace baro::fakes {

struct KmsPermissions {
  bool encrypt = false;  // cloudkms.cryptoKeyVersions.useToEncrypt
  bool decrypt = false;  // cloudkms.cryptoKeyVersions.useToDecrypt
};

// A service account for the fake token endpoint: its JSON key file text (as Google issues them,
// with a freshly generated RSA key) and the matching public key.
struct FakeServiceAccount {
  std::string email;
  std::string key_file_json;
  std::string public_key_pem;
};
FakeServiceAccount MakeFakeServiceAccount(const std::string& email, const std::string& token_uri);

class FakeCloudKms {
 public:
  explicit FakeCloudKms(const Clock& clock = SystemClock::Instance());
  ~FakeCloudKms();

  Status Start();
  std::string BaseUrl() const;   // the KMS endpoint, "http://127.0.0.1:PORT"
  std::string TokenUrl() const;  // BaseUrl() + "/token"

  // Creates a CryptoKey (projects/…/cryptoKeys/K) whose primary version is 1.
  void AddKey(const std::string& crypto_key);
  // Adds a version and makes it primary; returns its number. Old versions still decrypt.
  int RotateKey(const std::string& crypto_key);
  // A bearer token bound to permissions on one CryptoKey.
  void GrantToken(const std::string& token, const std::string& crypto_key, KmsPermissions perms);
  // The token endpoint will accept JWTs signed by this account and mint tokens with `perms` on
  // `crypto_key`, valid for `expires_in_seconds`.
  void AddServiceAccount(const FakeServiceAccount& account, const std::string& crypto_key,
                         KmsPermissions perms, int expires_in_seconds = 3599);

  // Fault injection: the next `n` successful KMS answers carry a wrong CRC32C for their payload.
  void CorruptNextChecksums(int n);
  // Fault injection: encrypt answers say the request checksums were not verified.
  void SetIgnoreRequestChecksums(bool ignore);

  std::size_t encrypt_calls() const;
  std::size_t decrypt_calls() const;
  std::size_t tokens_issued() const;

  struct State;

 private:
  std::unique_ptr<State> state_;
  std::unique_ptr<net::HttpServer> server_;
};

}  // namespace baro::fakes

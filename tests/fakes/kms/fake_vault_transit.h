// FakeVaultTransit: a loopback stand-in for HashiCorp Vault's Transit secrets engine
// (`POST /v1/<mount>/encrypt/<key>`, `POST /v1/<mount>/decrypt/<key>`) on net::HttpServer.
//
// Wire format as documented in hashicorp/vault website/content/api-docs/secret/transit.mdx:
// X-Vault-Token header, base64 `plaintext` and `associated_data`, answers
// {"data":{"ciphertext":"vault:v<N>:<base64>","key_version":N}} and {"data":{"plaintext":…}};
// ciphertext prefix handling and error strings ("invalid ciphertext: no prefix", "invalid
// ciphertext: unable to decrypt", both HTTP 400) as in Vault's sdk/helper/keysutil/policy.go;
// errors in Vault's {"errors":[…]} shape, HTTP 403 {"errors":["permission denied"]} when the
// token's policy does not grant the path.
//
// Policies are simulated per token: the set of keys it may encrypt with and the set it may
// decrypt with (like `path "transit/encrypt/K" { capabilities = ["update"] }`). The ciphertext
// body is the fake's own (nonce, XChaCha20-Poly1305), opaque to clients as Vault's is.
#pragma once

#include <memory>
#include <set>
#include <string>

#include "core/result.h"
#include "net/http_server.h"

namespace baro::fakes {

struct TransitPolicy {
  std::set<std::string> encrypt_keys;
  std::set<std::string> decrypt_keys;
};

class FakeVaultTransit {
 public:
  explicit FakeVaultTransit(std::string mount = "transit");
  ~FakeVaultTransit();

  Status Start();
  std::string BaseUrl() const;

  void AddKey(const std::string& name);    // version 1
  int RotateKey(const std::string& name);  // returns the new latest version
  void AddToken(const std::string& token, TransitPolicy policy);

  std::size_t encrypt_calls() const;
  std::size_t decrypt_calls() const;

  struct State;

 private:
  std::unique_ptr<State> state_;
  std::unique_ptr<net::HttpServer> server_;
};

}  // namespace baro::fakes

#include "fakes/kms/fake_cloud_kms.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <sodium.h>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <cstring>
#include <vector>

#include "core/json_util.h"
#include "vault/crc32c.h"
#include "vault/encoding.h"

namespace baro::fakes {
namespace {
namespace bj = boost::json;
using vault::Base64Decode;
using vault::Base64Encode;
using vault::Crc32c;

constexpr std::string_view kVersionsInfix = "/cryptoKeyVersions/";
constexpr std::string_view kJwtBearer = "urn:ietf:params:oauth:grant-type:jwt-bearer";

net::HttpResponse GoogleError(int code, const std::string& status, const std::string& message) {
  bj::object error{{"code", code}, {"message", message}, {"status", status}};
  return net::HttpResponse::Json(code, bj::serialize(bj::object{{"error", std::move(error)}}));
}

net::HttpResponse OAuthError(const std::string& error, const std::string& description) {
  return net::HttpResponse::Json(
      400, bj::serialize(bj::object{{"error", error}, {"error_description", description}}));
}

std::string Base64UrlDecode(std::string_view in) {
  std::string out(in.size(), '\0');
  std::size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), in.data(),
                        in.size(), nullptr, &len, nullptr,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0) {
    return {};
  }
  out.resize(len);
  return out;
}

bool VerifyRs256(const std::string& public_pem, std::string_view input, std::string_view sig) {
  BIO* bio = BIO_new_mem_buf(public_pem.data(), static_cast<int>(public_pem.size()));
  EVP_PKEY* key = PEM_read_bio_PUBKEY(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  if (key == nullptr) return false;
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  const bool ok =
      EVP_DigestVerifyInit(ctx, nullptr, EVP_sha256(), nullptr, key) == 1 &&
      EVP_DigestVerify(ctx, reinterpret_cast<const unsigned char*>(sig.data()), sig.size(),
                       reinterpret_cast<const unsigned char*>(input.data()), input.size()) == 1;
  EVP_MD_CTX_free(ctx);
  EVP_PKEY_free(key);
  return ok;
}

// proto3 JSON Int64Value: a decimal string (numbers tolerated).
std::optional<std::uint32_t> ParseCrc(const bj::value& body, std::string_view key) {
  const bj::value* v = json::Find(body, key);
  if (v == nullptr) return std::nullopt;
  if (v->is_int64()) return static_cast<std::uint32_t>(v->as_int64());
  if (!v->is_string()) return std::nullopt;
  auto n = json::ParseNumber(std::string(v->as_string()));
  if (!n || *n < 0 || *n > 4294967295.0) return std::nullopt;
  return static_cast<std::uint32_t>(*n);
}
}  // namespace

FakeServiceAccount MakeFakeServiceAccount(const std::string& email, const std::string& token_uri) {
  EVP_PKEY* key = EVP_RSA_gen(2048);
  BIO* priv = BIO_new(BIO_s_mem());
  BIO* pub = BIO_new(BIO_s_mem());
  PEM_write_bio_PrivateKey(priv, key, nullptr, nullptr, 0, nullptr, nullptr);
  PEM_write_bio_PUBKEY(pub, key);
  auto read = [](BIO* bio) {
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio, &data);
    return std::string(data, static_cast<std::size_t>(len));
  };
  FakeServiceAccount account;
  account.email = email;
  account.public_key_pem = read(pub);
  const bj::object file{{"type", "service_account"},
                        {"project_id", "baro-test"},
                        {"private_key_id", "0123456789abcdef0123456789abcdef01234567"},
                        {"private_key", read(priv)},
                        {"client_email", email},
                        {"client_id", "100000000000000000001"},
                        {"token_uri", token_uri}};
  account.key_file_json = bj::serialize(file);
  BIO_free(priv);
  BIO_free(pub);
  EVP_PKEY_free(key);
  return account;
}

struct FakeCloudKms::State {
  struct Key {
    std::vector<std::array<unsigned char, 32>> versions;  // index = version - 1
    int primary = 1;
  };
  struct Grant {
    std::string crypto_key;
    KmsPermissions perms;
    std::int64_t expires_ms = 0;  // 0: never
  };
  struct Account {
    FakeServiceAccount account;
    std::string crypto_key;
    KmsPermissions perms;
    int expires_in = 3599;
  };

  const Clock* clock = nullptr;
  mutable std::mutex mu;
  std::map<std::string, Key> keys;
  std::map<std::string, Grant> tokens;
  std::map<std::string, Account> accounts;
  std::string token_url;
  int corrupt = 0;
  bool ignore_checksums = false;
  std::size_t encrypts = 0, decrypts = 0, issued = 0;

  std::uint32_t MaybeCorrupt(std::uint32_t crc) {
    if (corrupt <= 0) return crc;
    --corrupt;
    return crc + 1;
  }

  // Authenticates the bearer token; on failure returns the answer to send.
  std::optional<net::HttpResponse> Authorize(const net::HttpRequest& req,
                                             const std::string& crypto_key, bool decrypt) {
    const auto header = req.Header("Authorization");
    if (!header || header->substr(0, 7) != "Bearer ") {
      return GoogleError(401, "UNAUTHENTICATED",
                         "Request is missing required authentication credential. Expected OAuth 2 "
                         "access token, login cookie or other valid authentication credential. See "
                         "https://developers.google.com/identity/sign-in/web/devconsole-project.");
    }
    const auto it = tokens.find(std::string(header->substr(7)));
    if (it == tokens.end() ||
        (it->second.expires_ms != 0 && clock->NowMs() >= it->second.expires_ms)) {
      return GoogleError(401, "UNAUTHENTICATED",
                         "Request had invalid authentication credentials. Expected OAuth 2 access "
                         "token, login cookie or other valid authentication credential. See "
                         "https://developers.google.com/identity/sign-in/web/devconsole-project.");
    }
    const Grant& grant = it->second;
    const bool allowed =
        grant.crypto_key == crypto_key && (decrypt ? grant.perms.decrypt : grant.perms.encrypt);
    if (!allowed) {
      return GoogleError(403, "PERMISSION_DENIED",
                         std::string("Permission 'cloudkms.cryptoKeyVersions.") +
                             (decrypt ? "useToDecrypt" : "useToEncrypt") +
                             "' denied on resource '" + crypto_key + "' (or it may not exist).");
    }
    return std::nullopt;
  }

  net::HttpResponse Encrypt(const net::HttpRequest& req, const std::string& name) {
    const auto at = name.find(kVersionsInfix);
    const std::string crypto_key = at == std::string::npos ? name : name.substr(0, at);
    if (auto denied = Authorize(req, crypto_key, /*decrypt=*/false)) return *denied;
    auto key_it = keys.find(crypto_key);
    if (key_it == keys.end()) {
      return GoogleError(404, "NOT_FOUND", "CryptoKey " + crypto_key + " not found.");
    }
    Key& key = key_it->second;
    int version = key.primary;
    if (at != std::string::npos) {
      auto n = json::ParseNumber(name.substr(at + kVersionsInfix.size()));
      if (!n || *n < 1 || *n > static_cast<double>(key.versions.size())) {
        return GoogleError(404, "NOT_FOUND", "CryptoKeyVersion " + name + " not found.");
      }
      version = static_cast<int>(*n);
    }
    auto body = json::Parse(req.body);
    if (!body || !body->is_object()) {
      return GoogleError(400, "INVALID_ARGUMENT", "Invalid JSON payload received.");
    }
    const auto plaintext_b64 = json::GetString(*body, "plaintext");
    auto plaintext = plaintext_b64 ? Base64Decode(*plaintext_b64) : Result<std::string>(Error{});
    if (!plaintext || plaintext->empty()) {
      return GoogleError(400, "INVALID_ARGUMENT", "Plaintext is required.");
    }
    std::string aad;
    if (auto aad_b64 = json::GetString(*body, "additionalAuthenticatedData")) {
      auto decoded = Base64Decode(*aad_b64);
      if (!decoded) return GoogleError(400, "INVALID_ARGUMENT", "Invalid value at 'aad'.");
      aad = std::move(*decoded);
    }
    const auto plaintext_crc = ParseCrc(*body, "plaintextCrc32c");
    const auto aad_crc = ParseCrc(*body, "additionalAuthenticatedDataCrc32c");
    if (plaintext_crc && *plaintext_crc != Crc32c(*plaintext)) {
      return GoogleError(400, "INVALID_ARGUMENT",
                         "The checksum in field plaintext_crc32c did not match the data in field "
                         "plaintext.");
    }
    if (aad_crc && *aad_crc != Crc32c(aad)) {
      return GoogleError(400, "INVALID_ARGUMENT",
                         "The checksum in field additional_authenticated_data_crc32c did not "
                         "match the data in field additional_authenticated_data.");
    }
    // Ciphertext: u32 version | 24-byte nonce | XChaCha20-Poly1305(plaintext, aad).
    std::string ciphertext(4 + 24 + plaintext->size() + 16, '\0');
    auto* out = reinterpret_cast<unsigned char*>(ciphertext.data());
    out[0] = static_cast<unsigned char>(version >> 24);
    out[1] = static_cast<unsigned char>(version >> 16);
    out[2] = static_cast<unsigned char>(version >> 8);
    out[3] = static_cast<unsigned char>(version);
    randombytes_buf(out + 4, 24);
    crypto_aead_xchacha20poly1305_ietf_encrypt(
        out + 28, nullptr, reinterpret_cast<const unsigned char*>(plaintext->data()),
        plaintext->size(), reinterpret_cast<const unsigned char*>(aad.data()), aad.size(), nullptr,
        out + 4, key.versions[version - 1].data());
    ++encrypts;
    const bj::object answer{
        {"name", crypto_key + std::string(kVersionsInfix) + std::to_string(version)},
        {"ciphertext", Base64Encode(ciphertext)},
        {"ciphertextCrc32c", std::to_string(MaybeCorrupt(Crc32c(ciphertext)))},
        {"verifiedPlaintextCrc32c", plaintext_crc.has_value() && !ignore_checksums},
        {"verifiedAdditionalAuthenticatedDataCrc32c", aad_crc.has_value() && !ignore_checksums},
        {"protectionLevel", "SOFTWARE"}};
    return net::HttpResponse::Json(200, bj::serialize(answer));
  }

  net::HttpResponse Decrypt(const net::HttpRequest& req, const std::string& crypto_key) {
    if (crypto_key.find(kVersionsInfix) != std::string::npos) {
      return GoogleError(404, "NOT_FOUND", "Method not found.");  // the route takes a CryptoKey
    }
    if (auto denied = Authorize(req, crypto_key, /*decrypt=*/true)) return *denied;
    auto key_it = keys.find(crypto_key);
    if (key_it == keys.end()) {
      return GoogleError(404, "NOT_FOUND", "CryptoKey " + crypto_key + " not found.");
    }
    auto body = json::Parse(req.body);
    if (!body || !body->is_object()) {
      return GoogleError(400, "INVALID_ARGUMENT", "Invalid JSON payload received.");
    }
    const auto ciphertext_b64 = json::GetString(*body, "ciphertext");
    auto ciphertext = ciphertext_b64 ? Base64Decode(*ciphertext_b64) : Result<std::string>(Error{});
    if (!ciphertext) return GoogleError(400, "INVALID_ARGUMENT", "Ciphertext is required.");
    std::string aad;
    if (auto aad_b64 = json::GetString(*body, "additionalAuthenticatedData")) {
      auto decoded = Base64Decode(*aad_b64);
      if (!decoded) return GoogleError(400, "INVALID_ARGUMENT", "Invalid value at 'aad'.");
      aad = std::move(*decoded);
    }
    if (auto crc = ParseCrc(*body, "ciphertextCrc32c"); crc && *crc != Crc32c(*ciphertext)) {
      return GoogleError(400, "INVALID_ARGUMENT",
                         "The checksum in field ciphertext_crc32c did not match the data in field "
                         "ciphertext.");
    }
    if (auto crc = ParseCrc(*body, "additionalAuthenticatedDataCrc32c");
        crc && *crc != Crc32c(aad)) {
      return GoogleError(400, "INVALID_ARGUMENT",
                         "The checksum in field additional_authenticated_data_crc32c did not "
                         "match the data in field additional_authenticated_data.");
    }
    const Key& key = key_it->second;
    const auto invalid = [] {
      return GoogleError(400, "INVALID_ARGUMENT", "Decryption failed: the ciphertext is invalid.");
    };
    if (ciphertext->size() < 4 + 24 + 16) return invalid();
    const auto* in = reinterpret_cast<const unsigned char*>(ciphertext->data());
    const std::uint32_t version = (std::uint32_t{in[0]} << 24) | (std::uint32_t{in[1]} << 16) |
                                  (std::uint32_t{in[2]} << 8) | in[3];
    if (version < 1 || version > key.versions.size()) return invalid();
    std::string plaintext(ciphertext->size() - 28 - 16, '\0');
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(
            reinterpret_cast<unsigned char*>(plaintext.data()), nullptr, nullptr, in + 28,
            ciphertext->size() - 28, reinterpret_cast<const unsigned char*>(aad.data()), aad.size(),
            in + 4, key.versions[version - 1].data()) != 0) {
      return invalid();
    }
    ++decrypts;
    const bj::object answer{{"plaintext", Base64Encode(plaintext)},
                            {"plaintextCrc32c", std::to_string(MaybeCorrupt(Crc32c(plaintext)))},
                            {"usedPrimary", static_cast<int>(version) == key.primary},
                            {"protectionLevel", "SOFTWARE"}};
    return net::HttpResponse::Json(200, bj::serialize(answer));
  }

  net::HttpResponse Token(const net::HttpRequest& req) {
    std::string grant_type, assertion;
    for (auto& [k, v] : net::ParseQuery(req.body)) {
      if (k == "grant_type") grant_type = v;
      if (k == "assertion") assertion = v;
    }
    if (grant_type != kJwtBearer) {
      return OAuthError("unsupported_grant_type", "Invalid grant_type: " + grant_type);
    }
    const auto dot1 = assertion.find('.');
    const auto dot2 = assertion.find('.', dot1 == std::string::npos ? 0 : dot1 + 1);
    if (dot1 == std::string::npos || dot2 == std::string::npos) {
      return OAuthError("invalid_grant", "Invalid JWT: Token must be a short-lived token.");
    }
    auto header = json::Parse(Base64UrlDecode(std::string_view(assertion).substr(0, dot1)));
    auto claims =
        json::Parse(Base64UrlDecode(std::string_view(assertion).substr(dot1 + 1, dot2 - dot1 - 1)));
    if (!header || !claims || json::GetString(*header, "alg") != "RS256") {
      return OAuthError("invalid_grant", "Invalid JWT header or claims.");
    }
    const auto iss = json::GetString(*claims, "iss").value_or("");
    const auto it = accounts.find(iss);
    if (it == accounts.end())
      return OAuthError("invalid_grant", "Invalid grant: account not found");
    const std::string signature = Base64UrlDecode(std::string_view(assertion).substr(dot2 + 1));
    if (!VerifyRs256(it->second.account.public_key_pem, std::string_view(assertion).substr(0, dot2),
                     signature)) {
      return OAuthError("invalid_grant", "Invalid JWT Signature.");
    }
    const std::int64_t now = clock->NowMs() / 1000;
    const auto iat = json::GetInt(*claims, "iat");
    const auto exp = json::GetInt(*claims, "exp");
    if (json::GetString(*claims, "aud") != token_url) {
      return OAuthError("invalid_grant", "Invalid JWT: audience does not match the token URI.");
    }
    if (!iat || !exp || *exp <= now || *iat > now + 60 || *exp - *iat > 3600) {
      return OAuthError("invalid_grant",
                        "Invalid JWT: Token must be a short-lived token (60 minutes) and in a "
                        "reasonable timeframe. Check your iat and exp values in the JWT claim.");
    }
    const std::string scope = json::GetString(*claims, "scope").value_or("");
    if (scope.find("https://www.googleapis.com/auth/cloudkms") == std::string::npos &&
        scope.find("https://www.googleapis.com/auth/cloud-platform") == std::string::npos) {
      return OAuthError("invalid_scope", "Invalid OAuth scope or ID token audience provided.");
    }
    unsigned char raw[24];
    randombytes_buf(raw, sizeof raw);
    const std::string token =
        "ya29.fake-" + vault::HexEncode(std::string_view(reinterpret_cast<char*>(raw), sizeof raw));
    const Account& account = it->second;
    tokens[token] = Grant{account.crypto_key, account.perms,
                          clock->NowMs() + std::int64_t{account.expires_in} * 1000};
    ++issued;
    return net::HttpResponse::Json(200, bj::serialize(bj::object{{"access_token", token},
                                                                 {"expires_in", account.expires_in},
                                                                 {"token_type", "Bearer"}}));
  }

  net::HttpResponse Handle(const net::HttpRequest& req) {
    std::lock_guard lock(mu);
    const std::string path(req.Path());
    if (req.method == "POST" && path == "/token") return Token(req);
    constexpr std::string_view kPrefix = "/v1/projects/";
    if (req.method != "POST" || path.rfind(kPrefix, 0) != 0) {
      return GoogleError(404, "NOT_FOUND", "Not Found");
    }
    const auto colon = path.rfind(':');
    if (colon == std::string::npos) return GoogleError(404, "NOT_FOUND", "Not Found");
    const std::string name = path.substr(4, colon - 4);
    const std::string method = path.substr(colon + 1);
    if (method == "encrypt") return Encrypt(req, name);
    if (method == "decrypt") return Decrypt(req, name);
    return GoogleError(404, "NOT_FOUND", "Not Found");
  }
};

FakeCloudKms::FakeCloudKms(const Clock& clock) : state_(std::make_unique<State>()) {
  if (sodium_init() < 0) std::abort();
  state_->clock = &clock;
  server_ = std::make_unique<net::HttpServer>(
      net::HttpServerOptions{},
      [state = state_.get()](const net::HttpRequest& req) { return state->Handle(req); });
}

FakeCloudKms::~FakeCloudKms() {
  server_->Stop();
}

Status FakeCloudKms::Start() {
  Status started = server_->Start();
  if (started.ok()) {
    std::lock_guard lock(state_->mu);
    state_->token_url = TokenUrl();
  }
  return started;
}

std::string FakeCloudKms::BaseUrl() const {
  return server_->BaseUrl();
}
std::string FakeCloudKms::TokenUrl() const {
  return server_->BaseUrl() + "/token";
}

void FakeCloudKms::AddKey(const std::string& crypto_key) {
  std::lock_guard lock(state_->mu);
  State::Key& key = state_->keys[crypto_key];
  key.versions.resize(1);
  crypto_aead_xchacha20poly1305_ietf_keygen(key.versions[0].data());
  key.primary = 1;
}

int FakeCloudKms::RotateKey(const std::string& crypto_key) {
  std::lock_guard lock(state_->mu);
  State::Key& key = state_->keys.at(crypto_key);
  key.versions.emplace_back();
  crypto_aead_xchacha20poly1305_ietf_keygen(key.versions.back().data());
  key.primary = static_cast<int>(key.versions.size());
  return key.primary;
}

void FakeCloudKms::GrantToken(const std::string& token, const std::string& crypto_key,
                              KmsPermissions perms) {
  std::lock_guard lock(state_->mu);
  state_->tokens[token] = State::Grant{crypto_key, perms, 0};
}

void FakeCloudKms::AddServiceAccount(const FakeServiceAccount& account,
                                     const std::string& crypto_key, KmsPermissions perms,
                                     int expires_in_seconds) {
  std::lock_guard lock(state_->mu);
  state_->accounts[account.email] = State::Account{account, crypto_key, perms, expires_in_seconds};
}

void FakeCloudKms::CorruptNextChecksums(int n) {
  std::lock_guard lock(state_->mu);
  state_->corrupt = n;
}

void FakeCloudKms::SetIgnoreRequestChecksums(bool ignore) {
  std::lock_guard lock(state_->mu);
  state_->ignore_checksums = ignore;
}

std::size_t FakeCloudKms::encrypt_calls() const {
  std::lock_guard lock(state_->mu);
  return state_->encrypts;
}

std::size_t FakeCloudKms::decrypt_calls() const {
  std::lock_guard lock(state_->mu);
  return state_->decrypts;
}

std::size_t FakeCloudKms::tokens_issued() const {
  std::lock_guard lock(state_->mu);
  return state_->issued;
}

}  // namespace baro::fakes

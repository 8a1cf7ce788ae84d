#include "fakes/kms/fake_vault_transit.h"

#include <sodium.h>

#include <array>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <map>
#include <mutex>
#include <vector>

#include "core/json_util.h"
#include "vault/encoding.h"

namespace baro::fakes {
namespace {
namespace bj = boost::json;

net::HttpResponse VaultErrors(int status, const std::string& message) {
  return net::HttpResponse::Json(status, bj::serialize(bj::object{{"errors", bj::array{message}}}));
}

net::HttpResponse VaultData(bj::object data) {
  return net::HttpResponse::Json(
      200, bj::serialize(bj::object{{"request_id", "00000000-0000-0000-0000-000000000000"},
                                    {"lease_id", ""},
                                    {"renewable", false},
                                    {"lease_duration", 0},
                                    {"data", std::move(data)},
                                    {"wrap_info", nullptr},
                                    {"warnings", nullptr},
                                    {"auth", nullptr}}));
}
}  // namespace

struct FakeVaultTransit::State {
  std::string mount;
  mutable std::mutex mu;
  std::map<std::string, std::vector<std::array<unsigned char, 32>>> keys;  // index = version - 1
  std::map<std::string, TransitPolicy> tokens;
  std::size_t encrypts = 0, decrypts = 0;

  std::optional<std::string> Decode(const bj::value& body, std::string_view field, bool& bad) {
    auto text = json::GetString(body, field);
    if (!text) return std::nullopt;
    auto decoded = vault::Base64Decode(*text);
    if (!decoded) {
      bad = true;
      return std::nullopt;
    }
    return std::move(*decoded);
  }

  net::HttpResponse Encrypt(const std::string& name, const bj::value& body) {
    auto it = keys.find(name);
    if (it == keys.end()) return VaultErrors(400, "encryption key not found");
    bool bad = false;
    const auto plaintext = Decode(body, "plaintext", bad);
    if (bad || !plaintext) return VaultErrors(400, "failed to base64-decode plaintext");
    const auto aad = Decode(body, "associated_data", bad).value_or("");
    if (bad) return VaultErrors(400, "failed to base64-decode associated_data");
    const int version = static_cast<int>(it->second.size());
    std::string sealed(24 + plaintext->size() + 16, '\0');
    auto* out = reinterpret_cast<unsigned char*>(sealed.data());
    randombytes_buf(out, 24);
    crypto_aead_xchacha20poly1305_ietf_encrypt(
        out + 24, nullptr, reinterpret_cast<const unsigned char*>(plaintext->data()),
        plaintext->size(), reinterpret_cast<const unsigned char*>(aad.data()), aad.size(), nullptr,
        out, it->second.back().data());
    ++encrypts;
    return VaultData(bj::object{
        {"ciphertext", "vault:v" + std::to_string(version) + ":" + vault::Base64Encode(sealed)},
        {"key_version", version}});
  }

  net::HttpResponse Decrypt(const std::string& name, const bj::value& body) {
    auto it = keys.find(name);
    if (it == keys.end()) return VaultErrors(400, "encryption key not found");
    const std::string ciphertext = json::GetString(body, "ciphertext").value_or("");
    constexpr std::string_view kPrefix = "vault:v";
    const auto colon = ciphertext.find(':', kPrefix.size());
    if (ciphertext.rfind(kPrefix, 0) != 0 || colon == std::string::npos) {
      return VaultErrors(400, "invalid ciphertext: no prefix");
    }
    const auto version =
        json::ParseNumber(ciphertext.substr(kPrefix.size(), colon - kPrefix.size()));
    if (!version || *version < 1 || *version > static_cast<double>(it->second.size())) {
      return VaultErrors(400, "invalid ciphertext: unable to decrypt");
    }
    auto sealed = vault::Base64Decode(std::string_view(ciphertext).substr(colon + 1));
    bool bad = false;
    const auto aad = Decode(body, "associated_data", bad).value_or("");
    if (!sealed || sealed->size() < 24 + 16 || bad) {
      return VaultErrors(400, "invalid ciphertext: unable to decrypt");
    }
    std::string plaintext(sealed->size() - 24 - 16, '\0');
    const auto* in = reinterpret_cast<const unsigned char*>(sealed->data());
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(
            reinterpret_cast<unsigned char*>(plaintext.data()), nullptr, nullptr, in + 24,
            sealed->size() - 24, reinterpret_cast<const unsigned char*>(aad.data()), aad.size(), in,
            it->second[static_cast<std::size_t>(*version) - 1].data()) != 0) {
      return VaultErrors(400, "invalid ciphertext: unable to decrypt");
    }
    ++decrypts;
    return VaultData(bj::object{{"plaintext", vault::Base64Encode(plaintext)}});
  }

  net::HttpResponse Handle(const net::HttpRequest& req) {
    std::lock_guard lock(mu);
    const std::string path(req.Path());
    const std::string encrypt_prefix = "/v1/" + mount + "/encrypt/";
    const std::string decrypt_prefix = "/v1/" + mount + "/decrypt/";
    const bool is_encrypt = path.rfind(encrypt_prefix, 0) == 0;
    const bool is_decrypt = path.rfind(decrypt_prefix, 0) == 0;
    // Vault checks the token's policy before routing: an unknown token, or a path the policy
    // does not grant, is a 403 "permission denied".
    const auto token = req.Header("X-Vault-Token");
    const auto policy = token ? tokens.find(std::string(*token)) : tokens.end();
    if (policy == tokens.end() || (!is_encrypt && !is_decrypt) ||
        (req.method != "POST" && req.method != "PUT")) {
      return VaultErrors(403, "permission denied");
    }
    const std::string name = path.substr((is_encrypt ? encrypt_prefix : decrypt_prefix).size());
    const auto& allowed = is_encrypt ? policy->second.encrypt_keys : policy->second.decrypt_keys;
    if (allowed.count(name) == 0) return VaultErrors(403, "permission denied");
    auto body = json::Parse(req.body);
    if (!body || !body->is_object()) return VaultErrors(400, "failed to parse JSON input");
    return is_encrypt ? Encrypt(name, *body) : Decrypt(name, *body);
  }
};

FakeVaultTransit::FakeVaultTransit(std::string mount) : state_(std::make_unique<State>()) {
  if (sodium_init() < 0) std::abort();
  state_->mount = std::move(mount);
  server_ = std::make_unique<net::HttpServer>(
      net::HttpServerOptions{},
      [state = state_.get()](const net::HttpRequest& req) { return state->Handle(req); });
}

FakeVaultTransit::~FakeVaultTransit() {
  server_->Stop();
}

Status FakeVaultTransit::Start() {
  return server_->Start();
}
std::string FakeVaultTransit::BaseUrl() const {
  return server_->BaseUrl();
}

void FakeVaultTransit::AddKey(const std::string& name) {
  std::lock_guard lock(state_->mu);
  auto& versions = state_->keys[name];
  versions.resize(1);
  crypto_aead_xchacha20poly1305_ietf_keygen(versions[0].data());
}

int FakeVaultTransit::RotateKey(const std::string& name) {
  std::lock_guard lock(state_->mu);
  auto& versions = state_->keys.at(name);
  versions.emplace_back();
  crypto_aead_xchacha20poly1305_ietf_keygen(versions.back().data());
  return static_cast<int>(versions.size());
}

void FakeVaultTransit::AddToken(const std::string& token, TransitPolicy policy) {
  std::lock_guard lock(state_->mu);
  state_->tokens[token] = std::move(policy);
}

std::size_t FakeVaultTransit::encrypt_calls() const {
  std::lock_guard lock(state_->mu);
  return state_->encrypts;
}

std::size_t FakeVaultTransit::decrypt_calls() const {
  std::lock_guard lock(state_->mu);
  return state_->decrypts;
}

}  // namespace baro::fakes

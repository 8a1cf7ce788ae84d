// `baro keys rotate`: rewraps every stored data key under the current key-encryption key. No secret
// is decrypted: only the 32-byte data keys pass through locked memory, one at a time. It needs the
// decrypt side's key material, so it runs with the fetcher's credentials, never inside the API
// process.
//  - local: makes a new key pair beside the current one, rewraps from the old pair to the new one,
//    then moves the new pair into place and keeps the old one as *.old until the operator removes
//    it.
//  - gcp-kms / vault-transit: after the operator rotated the key in the KMS (a new primary
//  version),
//    unwraps with the decrypter credential and wraps again with the encrypter credential, so every
//    data key moves to the new version and older versions can be disabled.
#include <filesystem>
#include <iostream>

#include "app/commands.h"
#include "app/process_setup.h"
#include "log/logger.h"
#include "store/store.h"
#include "vault/local_kek.h"
#include "vault/rotation.h"

namespace baro::app {
namespace {

int Fail(const std::string& what, const std::string& message) {
  std::cerr << "baro keys rotate: " << what << ": " << log::Redact(message) << "\n";
  return 1;
}

// Rewraps every sealed field of every connection; returns how many, or an error message.
Result<std::size_t> RewrapAll(store::Store& store, vault::KeyUnwrapper& current,
                              vault::KeyWrapper& next) {
  auto connections = store.connections().ListAll();
  if (!connections) return connections.error();
  std::size_t rewrapped = 0;
  for (auto conn : *connections) {
    bool changed = false;
    for (auto [field, text] :
         {std::pair{vault::SecretField::kApiKey, &conn.sealed_api_key},
          std::pair{vault::SecretField::kApiSecret, &conn.sealed_api_secret},
          std::pair{vault::SecretField::kPassphrase, &conn.sealed_passphrase}}) {
      if (text->empty()) continue;
      auto sealed = vault::SealedSecret::FromText(*text);
      if (!sealed) return sealed.error();
      vault::SecretContext ctx{std::to_string(conn.user_id), std::to_string(conn.id), conn.venue,
                               field};
      auto next_sealed = vault::RewrapDataKey(*sealed, ctx, current, next);
      if (!next_sealed) {
        return MakeError(next_sealed.error().code, "connection " + std::to_string(conn.id) + ": " +
                                                       next_sealed.error().message);
      }
      *text = next_sealed->ToText();
      changed = true;
      ++rewrapped;
    }
    if (changed) {
      if (auto st = store.connections().ReplaceSealed(conn); !st) return st.error();
    }
  }
  return rewrapped;
}

}  // namespace

int RunKeysRotate(const CommonOptions& common) {
  auto c = LoadConfig(common);
  if (!c) return Fail("config", c.error().message);
  auto store = store::OpenStore(c->database_url);
  if (!store) return Fail("database", store.error().message);

  if (c->kms != "local") {
    auto current = vault::MakeKeyUnwrapper(VaultOptionsFor(*c, VaultSide::kDecrypt));
    if (!current) return Fail("decrypter credential", current.error().message);
    auto next = vault::MakeKeyWrapper(VaultOptionsFor(*c, VaultSide::kEncrypt));
    if (!next) return Fail("encrypter credential", next.error().message);
    auto n = RewrapAll(**store, **current, **next);
    if (!n) return Fail("rewrap", n.error().message);
    std::cout << "Rewrapped " << *n << " data keys under the key's current primary version.\n";
    return 0;
  }

  auto old_unwrapper =
      vault::LocalKeyUnwrapper::Load({c->kek_public_key_file, c->kek_private_key_file});
  if (!old_unwrapper) return Fail("current key", old_unwrapper.error().message);
  const vault::LocalKeyOptions next{c->kek_public_key_file + ".new",
                                    c->kek_private_key_file + ".new"};
  std::filesystem::remove(next.public_key_file);
  std::filesystem::remove(next.private_key_file);
  auto id = vault::InitLocalKeys(next);
  if (!id) return Fail("new key", id.error().message);
  auto wrapper = vault::LocalKeyWrapper::Load(next);
  if (!wrapper) return Fail("new key", wrapper.error().message);
  auto n = RewrapAll(**store, **old_unwrapper, **wrapper);
  if (!n) {
    std::filesystem::remove(next.public_key_file);
    std::filesystem::remove(next.private_key_file);
    return Fail("rewrap", n.error().message);
  }
  std::filesystem::rename(c->kek_public_key_file, c->kek_public_key_file + ".old");
  std::filesystem::rename(c->kek_private_key_file, c->kek_private_key_file + ".old");
  std::filesystem::rename(next.public_key_file, c->kek_public_key_file);
  std::filesystem::rename(next.private_key_file, c->kek_private_key_file);
  std::cout << "Rewrapped " << *n << " data keys under " << *id
            << ". Restart the fetcher, then delete the *.old key files.\n";
  return 0;
}

}  // namespace baro::app

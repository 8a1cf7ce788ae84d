// `baro keys rotate` for the local back-end: makes a new key pair beside the current one, rewraps
// every stored data key from the old pair to the new one (no secret is decrypted; only 32-byte data
// keys pass through locked memory), then moves the new pair into place and keeps the old one as
// *.old until the operator removes it. It needs the private key, so it runs with the fetcher's key
// material, never inside the API process.
#include <filesystem>
#include <iostream>

#include "app/commands.h"
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

}  // namespace

int RunKeysRotate(const CommonOptions& common) {
  auto c = LoadConfig(common);
  if (!c) return Fail("config", c.error().message);
  if (c->kms != "local") {
    std::cerr
        << "baro keys rotate: with " << c->kms
        << ", rotate the key in the KMS; stored data keys keep opening under older versions\n";
    return 2;
  }
  auto store = store::OpenStore(c->database_url);
  if (!store) return Fail("database", store.error().message);
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

  auto connections = (*store)->connections().ListAll();
  if (!connections) return Fail("database", connections.error().message);
  std::size_t rewrapped = 0;
  for (auto conn : *connections) {
    bool changed = false;
    for (auto [field, text] :
         {std::pair{vault::SecretField::kApiKey, &conn.sealed_api_key},
          std::pair{vault::SecretField::kApiSecret, &conn.sealed_api_secret},
          std::pair{vault::SecretField::kPassphrase, &conn.sealed_passphrase}}) {
      if (text->empty()) continue;
      auto sealed = vault::SealedSecret::FromText(*text);
      if (!sealed) return Fail("connection " + std::to_string(conn.id), sealed.error().message);
      vault::SecretContext ctx{std::to_string(conn.user_id), std::to_string(conn.id), conn.venue,
                               field};
      auto next_sealed = vault::RewrapDataKey(*sealed, ctx, **old_unwrapper, **wrapper);
      if (!next_sealed)
        return Fail("connection " + std::to_string(conn.id), next_sealed.error().message);
      *text = next_sealed->ToText();
      changed = true;
      ++rewrapped;
    }
    if (changed) {
      if (auto st = (*store)->connections().ReplaceSealed(conn); !st) {
        return Fail("database", st.error().message);
      }
    }
  }
  std::filesystem::rename(c->kek_public_key_file, c->kek_public_key_file + ".old");
  std::filesystem::rename(c->kek_private_key_file, c->kek_private_key_file + ".old");
  std::filesystem::rename(next.public_key_file, c->kek_public_key_file);
  std::filesystem::rename(next.private_key_file, c->kek_private_key_file);
  std::cout << "Rewrapped " << rewrapped << " data keys under " << *id
            << ". Restart the fetcher, then delete the *.old key files.\n";
  return 0;
}

}  // namespace baro::app

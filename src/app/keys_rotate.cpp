// `baro keys rotate`: rewraps every stored data key under a new key-encryption key. No secret is
// decrypted: only the 32-byte data keys pass through locked memory, one at a time. It needs the
// decrypt side's key material, so it runs with the fetcher's credentials, never inside the API
// process.
//
// It is all-or-nothing and resumable (docs/security.md, "Rotating the key-encryption key"):
//  - local: makes "<private>.new" once, rewraps each row to it (each row's write is checked against
//    what was read, so a row deleted or replaced meanwhile is skipped or read again), proves every
//    row opens with the new key, and only then puts the new pair in place, keeping the old one as
//    "*.old". A failure or a crash switches nothing and removes nothing; running it again resumes.
//    Once a rotation is done, running it again rewraps anything still under the old key and says
//    whether any row still needs "*.old"; only the operator deletes key files.
//  - gcp-kms / vault-transit: after the operator rotated the key in the KMS (a new primary
//    version), unwraps with the decrypter credential and wraps again with the encrypter credential;
//    the KMS keeps every version, so a partial run loses nothing and a re-run finishes it.
#include <signal.h>

#include <cstdlib>
#include <iostream>

#include "app/commands.h"
#include "app/key_file_owner.h"
#include "app/process_setup.h"
#include "log/logger.h"
#include "store/store.h"
#include "vault/local_kek.h"
#include "vault/rotation.h"
#include "vault/rotation_files.h"

namespace baro::app {
namespace {

int Fail(const std::string& what, const std::string& message) {
  std::cerr << "baro keys rotate: " << what << ": " << log::Redact(message) << "\n";
  return 1;
}

// Test hooks: BARO_TEST_ROTATE_CRASH_AT names a step ("new-key", "row:<n>" after the n-th row
// written, "verified", "old-private", "old-public", "public", "private") at which the process kills
// itself (SIGKILL), as a crash would; BARO_TEST_ROTATE_STOP_AT stops it there (SIGSTOP) so that a
// test can change the database while a rotation is under way.
void Checkpoint(std::string_view step) {
  if (const char* at = std::getenv("BARO_TEST_ROTATE_CRASH_AT"); at && step == at) {
    ::raise(SIGKILL);
  }
  if (const char* at = std::getenv("BARO_TEST_ROTATE_STOP_AT"); at && step == at) {
    ::raise(SIGSTOP);
  }
}

struct Pass {
  std::size_t rewrapped = 0;  // data keys written under the target key
  std::size_t verified = 0;   // data keys found already under the target key and opened with it
  std::size_t gone = 0;       // connections deleted while the pass ran
  std::vector<std::string> failures;
};

// Rewraps every data key not yet under `target_id` (every data key when it is empty) from
// `current` to `next`, and opens each result with `check` before writing it: every row listed is
// either proved to open under the target or named in `failures`. A row deleted meanwhile is
// skipped; one whose sealed fields changed meanwhile is read again.
Pass RewrapAll(store::Store& store, vault::KeyUnwrapper& current, vault::KeyWrapper& next,
               vault::KeyUnwrapper& check, const std::string& target_id, std::size_t& rows) {
  Pass pass;
  auto connections = store.connections().ListAll();
  if (!connections) {
    pass.failures.push_back("cannot list connections: " + connections.error().message);
    return pass;
  }
  constexpr int kAttempts = 3;
  for (store::Connection conn : *connections) {
    for (int attempt = 0; attempt < kAttempts; ++attempt) {
      store::Connection updated = conn;
      std::size_t changed = 0, verified = 0;
      std::vector<std::string> failures;
      for (auto [field, text] :
           {std::pair{vault::SecretField::kApiKey, &updated.sealed_api_key},
            std::pair{vault::SecretField::kApiSecret, &updated.sealed_api_secret},
            std::pair{vault::SecretField::kPassphrase, &updated.sealed_passphrase}}) {
        if (text->empty()) continue;
        const std::string where =
            "connection " + std::to_string(conn.id) + " " + std::string(vault::ToString(field));
        auto sealed = vault::SealedSecret::FromText(*text);
        if (!sealed) {
          failures.push_back(where + ": " + sealed.error().message);
          continue;
        }
        // The row's own generation: a rotation rewraps, it does not replace the key.
        const vault::SecretContext ctx{std::to_string(conn.user_id), std::to_string(conn.id),
                                       conn.venue, field, conn.key_generation};
        const std::string ad = vault::AssociatedData(ctx, sealed->version);
        if (!target_id.empty() && sealed->data_key.key_id == target_id) {
          if (auto opened = check.Unwrap(sealed->data_key, ad); !opened) {
            failures.push_back(where + ": " + opened.error().message);
          } else {
            ++verified;
          }
          continue;
        }
        auto next_sealed = vault::RewrapDataKey(*sealed, ctx, current, next);
        if (!next_sealed) {
          failures.push_back(where + ": " + next_sealed.error().message);
          continue;
        }
        if (auto opened = check.Unwrap(next_sealed->data_key, ad); !opened) {
          failures.push_back(where + ": the new wrap does not open: " + opened.error().message);
          continue;
        }
        *text = next_sealed->ToText();
        ++changed;
      }
      if (changed > 0) {
        auto st = store.connections().RewriteSealed(updated, conn);
        if (!st && st.error().code == ErrorCode::kNotFound) {
          auto fresh = store.connections().GetById(conn.id);
          if (!fresh && fresh.error().code == ErrorCode::kNotFound) {
            ++pass.gone;  // deleted by its owner meanwhile: nothing left to rotate
            break;
          }
          if (fresh) {
            conn = std::move(*fresh);  // changed meanwhile: rotate what it holds now
            continue;
          }
          st = fresh.error();
        }
        if (!st) {
          pass.failures.push_back("connection " + std::to_string(conn.id) + ": " +
                                  st.error().message);
          break;
        }
        pass.rewrapped += changed;
        Checkpoint("row:" + std::to_string(++rows));
      }
      pass.verified += verified;
      for (auto& f : failures) pass.failures.push_back(std::move(f));
      break;
    }
  }
  return pass;
}

void PrintFailures(const Pass& pass) {
  std::cerr << "baro keys rotate: " << pass.failures.size()
            << " data keys could not be proved to open under the new key:\n";
  for (const auto& f : pass.failures) std::cerr << "  " << log::Redact(f) << "\n";
}

int RotateKms(store::Store& store, const config::Config& c) {
  auto current = vault::MakeKeyUnwrapper(VaultOptionsFor(c, VaultSide::kDecrypt));
  if (!current) return Fail("decrypter credential", current.error().message);
  auto next = vault::MakeKeyWrapper(VaultOptionsFor(c, VaultSide::kEncrypt));
  if (!next) return Fail("encrypter credential", next.error().message);
  std::size_t rows = 0;
  Pass pass = RewrapAll(store, **current, **next, **current, "", rows);
  if (!pass.failures.empty()) {
    PrintFailures(pass);
    std::cerr << "The other rows were rewrapped; every key version stays in the KMS. Fix or delete "
                 "these connections, then run `baro keys rotate` again. Disable no key version "
                 "before it finishes without errors.\n";
    return 1;
  }
  std::cout << "Rewrapped " << pass.rewrapped
            << " data keys under the key's current primary version.\n";
  return 0;
}

// After a finished rotation: rewraps anything still under the old key and says whether "*.old" is
// still needed.
int FinishLocal(store::Store& store, const vault::LocalKeyOptions& files) {
  auto ring = vault::LocalKeyUnwrapper::Load(files);
  if (!ring) return Fail("key files", ring.error().message);
  auto primary = vault::LoadLocalPrivateKey(files.private_key_file);
  if (!primary) return Fail("current key", primary.error().message);
  vault::LocalKeyWrapper target(vault::PublicKeyOf(*primary));
  vault::LocalKeyUnwrapper check(std::move(*primary));
  std::size_t rows = 0;
  Pass pass = RewrapAll(store, **ring, target, check, check.key_id(), rows);
  if (!pass.failures.empty()) {
    PrintFailures(pass);
    std::cerr << "Keep " << vault::RotationOldFile(files.private_key_file)
              << ": these rows may still need it.\n";
    return 1;
  }
  std::cout << "Every stored data key opens with " << check.key_id() << " (" << pass.verified
            << " checked, " << pass.rewrapped << " rewrapped now). No row needs "
            << vault::RotationOldFile(files.private_key_file) << " or "
            << vault::RotationOldFile(files.public_key_file)
            << " any more: delete them (after any backup you keep) before the next rotation.\n";
  return 0;
}

int RotateLocal(store::Store& store, const vault::LocalKeyOptions& files,
                const std::string& fetcher_user) {
  const auto stage = vault::LocalRotationStageOf(files);
  if (stage == vault::LocalRotationStage::kOldKept) return FinishLocal(store, files);
  const bool resuming = stage == vault::LocalRotationStage::kInProgress;

  // Run as root, the new files take the owners of those they replace (key_file_owner.h): the
  // fetcher's user must be able to read the new private key, the storing side the public one.
  const bool root = RunningAsRoot();
  const auto private_owner =
      NewKeyFileOwner(root, OwnerOf(files.private_key_file), fetcher_user, LookupUser);
  const auto public_owner =
      NewKeyFileOwner(root, OwnerOf(files.public_key_file), "", [](const std::string&) {
        return Result<ProcessUser>(MakeError(ErrorCode::kNotFound, "no owner to fall back on"));
      });

  auto next_key = vault::PrepareNewLocalKey(files);
  if (!next_key) return Fail("new key", next_key.error().message);
  if (private_owner) {
    if (auto st = GiveKeyFile(vault::RotationNewFile(files.private_key_file), *private_owner,
                              /*set_mode=*/true);
        !st) {
      return Fail("new key", st.error().message);
    }
  }
  Checkpoint("new-key");
  vault::LocalKeyWrapper next(vault::PublicKeyOf(*next_key));
  vault::LocalKeyUnwrapper check(std::move(*next_key));
  const std::string target_id = check.key_id();
  if (resuming) std::cout << "Resuming the rotation to " << target_id << ".\n";

  auto ring = vault::LocalKeyUnwrapper::Load(files);  // the current key and the new one
  if (!ring) return Fail("key files", ring.error().message);
  std::size_t rows = 0;
  Pass pass = RewrapAll(store, **ring, next, check, target_id, rows);
  if (!pass.failures.empty()) {
    PrintFailures(pass);
    std::cerr << "Nothing was switched and no key file was removed: rows already rewrapped open "
                 "with "
              << vault::RotationNewFile(files.private_key_file)
              << ", the others with the current key. Fix or delete these connections, then run "
                 "`baro keys rotate` again: it resumes.\n";
    return 1;
  }
  Checkpoint("verified");

  if (auto st = vault::PromoteNewLocalKey(files, Checkpoint); !st) {
    return Fail("switching key files", st.error().message);
  }
  if (public_owner) {
    for (const std::string& file :
         {files.public_key_file, vault::RotationOldFile(files.public_key_file)}) {
      if (auto st = GiveKeyFile(file, *public_owner, /*set_mode=*/false); !st) {
        return Fail("public key", st.error().message);
      }
    }
  }

  // A process may have sealed a new key under the old public key just before it was replaced.
  auto after = vault::LocalKeyUnwrapper::Load(files);
  if (!after) return Fail("key files", after.error().message);
  Pass sweep = RewrapAll(store, **after, next, check, target_id, rows);
  if (!sweep.failures.empty()) {
    PrintFailures(sweep);
    std::cerr << "The new key is in place; keep " << vault::RotationOldFile(files.private_key_file)
              << " and run `baro keys rotate` again.\n";
    return 1;
  }
  // The rows' earlier images (wrapped under the old key) leave the SQLite write-ahead log.
  (void)store.ScrubDeleted();
  std::cout << "Rewrapped " << pass.rewrapped + sweep.rewrapped << " data keys under " << target_id
            << " (" << pass.verified << " already were; " << pass.gone + sweep.gone
            << " connections were deleted meanwhile).\n"
            << "Running processes pick up the new key by themselves. The old pair is kept as "
            << vault::RotationOldFile(files.private_key_file) << " and "
            << vault::RotationOldFile(files.public_key_file)
            << ": run `baro keys rotate` again to check that no row needs it, then delete it.\n";
  return 0;
}

}  // namespace

int RunKeysRotate(const CommonOptions& common) {
  auto c = LoadConfig(common);
  if (!c) return Fail("config", c.error().message);
  auto store = store::OpenStore(c->database_url);
  if (!store) return Fail("database", store.error().message);
  if (c->kms != "local") return RotateKms(**store, *c);
  return RotateLocal(**store, {c->kek_public_key_file, c->kek_private_key_file},
                     c->serve_fetcher_user);
}

}  // namespace baro::app

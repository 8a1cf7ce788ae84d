// The local key files through a rotation of the key-encryption key. Every step can be cut short
// by a crash and run again: at any moment every stored data key opens with one of the private key
// files the unwrapper's ring reads ("<file>", "<file>.new", "<file>.old"), and no key file is ever
// removed here. See docs/security.md, "Rotating the key-encryption key".
#pragma once

#include <functional>
#include <string_view>

#include "core/result.h"
#include "core/secret.h"
#include "vault/local_kek.h"

namespace baro::vault {

enum class LocalRotationStage {
  kIdle,        // only the key pair itself
  kInProgress,  // "<private>.new" exists: a rotation to it has started and not finished
  kOldKept,     // a finished rotation's "<private>.old" is still there
};

LocalRotationStage LocalRotationStageOf(const LocalKeyOptions& options);

// Makes "<private>.new" unless it exists (written under a temporary name, then linked into place,
// so it is whole or absent) and returns that private key.
Result<SecretBytes> PrepareNewLocalKey(const LocalKeyOptions& options);

// Called after each step of PromoteNewLocalKey with the step's name.
using RotationStepHook = std::function<void(std::string_view step)>;

// Puts "<private>.new" in place: links the private key file to "<private>.old" ("old-private"),
// writes "<public>.old" ("old-public"), replaces the public key file with the new public key
// ("public"), renames "<private>.new" over the private key file ("private"). Steps already done are
// recognised and skipped; a "<private>.old" of another key is a conflict.
Status PromoteNewLocalKey(const LocalKeyOptions& options, const RotationStepHook& hook = {});

}  // namespace baro::vault

// Small file helpers for key material: create a file that must not exist yet with a given mode, and
// read a small file into locked memory, refusing a private file that others could read.
#pragma once

#include <sys/types.h>

#include <string>
#include <string_view>

#include "core/result.h"
#include "core/secret.h"

namespace baro::vault {

// Creates `path` exclusively (fails with kConflict if it exists; never follows a symlink) with
// exactly `mode`, writes `contents` and syncs it.
Status WriteNewFile(const std::string& path, std::string_view contents, mode_t mode);

// Reads a file of at most `max_bytes` into locked memory. With `require_private`, refuses a file
// that its group or others can read or write.
Result<SecretBytes> ReadKeyFile(const std::string& path, std::size_t max_bytes,
                                bool require_private);

// The bytes between leading and trailing ASCII whitespace.
std::string_view TrimWhitespace(std::string_view s);

}  // namespace baro::vault

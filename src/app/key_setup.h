// Making the local key pair where it belongs: the private key in the fetcher's directory, readable
// by the fetcher's user only; the public key in the data directory for the storing side. Used by
// `baro keys init`, by the fetcher that `serve` starts (ordinary user), and by `serve` started as
// root before it switches users; never by the API side.
#pragma once

#include <optional>
#include <string>

#include "app/process_users.h"
#include "config/config.h"
#include "core/result.h"

namespace baro::app {

// Creates the directories of the two key files (0700; the private key's owned by `fetcher` when
// given) and the pair. kConflict when either file already exists. Returns the key id.
Result<std::string> CreateLocalKeys(const config::Config& c,
                                    const std::optional<ProcessUser>& fetcher);

// CreateLocalKeys when the local back-end is in use and neither key file exists yet; nothing
// otherwise. Returns the new key id, or an empty string when nothing was made.
Result<std::string> EnsureLocalKeys(const config::Config& c,
                                    const std::optional<ProcessUser>& fetcher);

// Makes the fetcher's directory (and the socket's) when missing: mode 0711, so a client that knows
// the socket's name reaches it while nobody lists or reads the rest.
Status PrepareFetcherDir(const config::Config& c);

}  // namespace baro::app

// `serve` started as root: a small supervisor that runs the fetcher as serve.fetcher_user and the
// API, worker and notifier (`serve-parts`) as serve.api_user, restarts the fetcher when it exits,
// and stops both on SIGINT/SIGTERM. It prepares the data directory, the fetcher's directory and
// the local key pair before switching users; it never serves a request itself.
#pragma once

#include "app/commands.h"
#include "config/config.h"

namespace baro::app {

// Whether serve.fetcher_user and serve.api_user both exist (kNotFound, saying which does not).
Status SplitUsersExist(const config::Config& c);

int RunServeAsRoot(const CommonOptions& common, const config::Config& c);

// gcp-kms under `serve`: both sides on one machine must not share one Google identity (the same
// credential file, or none: the metadata server's), unless vault.gcp_allow_shared_identity.
Status CheckGcpIdentities(const config::Config& c);

}  // namespace baro::app

// The fetcher process: hardens itself (no core dumps, no ptrace), loads decrypt-only key material,
// and serves its narrow protocol on a 0600 Unix socket until SIGTERM.
#pragma once

#include "config/config.h"

namespace baro::app {

int FetcherMain(const config::Config& config);

}  // namespace baro::app

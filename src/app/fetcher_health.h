// Waiting for a freshly started fetcher child to answer its health check (serve, both as one user
// and split into two).
#pragma once

#include <chrono>

#include "app/child_process.h"
#include "config/config.h"
#include "core/result.h"

namespace baro::app {

// Waits until the fetcher at c.fetcher_socket answers "health", up to `timeout`; fails at once if
// the child exits.
Status WaitForFetcher(const config::Config& c, ChildProcess& child,
                      std::chrono::milliseconds timeout);

}  // namespace baro::app

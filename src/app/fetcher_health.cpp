#include "app/fetcher_health.h"

#include <thread>

#include "fetcher/fetcher_client.h"

namespace baro::app {

Status WaitForFetcher(const config::Config& c, ChildProcess& child,
                      std::chrono::milliseconds timeout) {
  fetcher::FetcherClient client(c.fetcher_socket, std::chrono::milliseconds(500));
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  Error last = MakeError(ErrorCode::kUnavailable, "fetcher did not start");
  while (std::chrono::steady_clock::now() < deadline) {
    if (!child.Running()) return MakeError(ErrorCode::kUnavailable, "fetcher exited at start-up");
    auto health = client.Call("health");
    if (health) return {};
    last = health.error();
    // Start-up is a one-off; polling the socket for readiness is bounded by the deadline.
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return last;
}

}  // namespace baro::app

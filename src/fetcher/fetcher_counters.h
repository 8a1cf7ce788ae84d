// The fetcher's own counters in the /metrics that operators read. The fetcher serves no HTTP: its
// baro_loop_errors_total{loop="fetcher"} lives in its process and travels in its health answer
// (fetcher_protocol.h). A process that talks to the fetcher (serve, api, worker) copies it into its
// own registry each time its /metrics is rendered.
#pragma once

#include "core/result.h"
#include "fetcher/fetcher_client.h"

namespace baro::fetcher {

// Asks the fetcher for its health and sets this process's baro_loop_errors_total{loop="fetcher"}
// to the count it reports. Fails (and leaves the series as it was) when the fetcher cannot be
// reached or its answer has no count.
Status ImportFetcherCounters(const FetcherClient& client);

// Keeps the fetcher's counters fresh in metrics::Default(): imports them before every Render
// until this object is destroyed. `client` must outlive it.
class FetcherCountersExport {
 public:
  explicit FetcherCountersExport(const FetcherClient& client);
  ~FetcherCountersExport();
  FetcherCountersExport(const FetcherCountersExport&) = delete;
  FetcherCountersExport& operator=(const FetcherCountersExport&) = delete;

 private:
  int collector_;
};

}  // namespace baro::fetcher

// Builds the running parts of Baro from the configuration: the store, the API server, the worker,
// the notifier, and the fetcher client. `serve` runs all of them in one process (plus the fetcher
// as a child process); `api`, `worker` and `notifier` run one each, for split deployments.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "app/process_users.h"
#include "config/config.h"
#include "core/result.h"

namespace baro::app {

struct Parts {
  bool api = false;
  bool worker = false;
  bool notifier = false;
  // Whether this process is walled off from the fetcher's key material (/readyz says).
  std::optional<SplitStatus> split;
};

class Runtime {
 public:
  explicit Runtime(config::Config config);
  ~Runtime();
  // Opens the store (and applies migrations), then starts the requested parts.
  Status Start(Parts parts);
  void Stop();
  std::string PublicUrl() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Creates the data directory on first start and the config file. It never makes key material: the
// local key pair is made where the private key lives (the fetcher, `keys init`, serve as root).
Status PrepareDataDir(const config::Config& config, const std::string& config_path);

}  // namespace baro::app

// Starting and supervising a child process (serve runs the fetcher as its own process, with its own
// key material, even on one machine).
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "core/result.h"

namespace baro::app {

class ChildProcess {
 public:
  ChildProcess() = default;
  ~ChildProcess();  // terminates the child if still running
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // Runs `argv[0]` with the given arguments; the environment is inherited.
  Status Start(const std::vector<std::string>& argv);
  bool Running();
  // SIGTERM, then SIGKILL if it has not exited within `grace_ms`.
  void Terminate(int grace_ms = 5000);
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
};

// The path of the running executable (/proc/self/exe), to re-run it with another subcommand.
std::string SelfExecutable();

}  // namespace baro::app

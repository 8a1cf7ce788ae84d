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

  // Runs `argv[0]` with the given arguments and exactly the environment `env` ("NAME=value"
  // entries). The child inherits no descriptor but stdin, stdout and stderr: everything else is
  // closed between fork and exec (close_range), whether or not it was opened close-on-exec, so a
  // child never holds a listening socket or a database connection of its parent.
  Status Start(const std::vector<std::string>& argv, const std::vector<std::string>& env);
  bool Running();
  // SIGTERM, then SIGKILL if it has not exited within `grace_ms`.
  void Terminate(int grace_ms = 5000);
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
};

// The path of the running executable (/proc/self/exe), to re-run it with another subcommand.
std::string SelfExecutable();

// The environment the fetcher child starts with, taken from `current` ("NAME=value" entries):
// Baro's own options (BARO_*) but not the bot token, which only the notifier needs; the locale and
// time zone; OpenSSL's CA locations; sanitizer options. Nothing else.
std::vector<std::string> FetcherEnvironment(const std::vector<std::string>& current);
// This process's environment as "NAME=value" entries.
std::vector<std::string> CurrentEnvironment();

}  // namespace baro::app

// Runs a program as a child process for black-box tests: extra environment variables, stdout
// captured through a pipe (read with a deadline), stderr to a log file, SIGTERM on destruction, and
// SIGKILL from the kernel when the thread that started it ends (a crashed test or load driver
// leaves no process behind; start children from a thread that outlives them).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace baro::testing {

class Child {
 public:
  Child(std::vector<std::string> argv, std::map<std::string, std::string> env,
        std::string stderr_file);
  ~Child();
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  bool started() const { return pid_ > 0; }
  pid_t pid() const { return pid_; }
  // Reads stdout until a line contains `needle`; returns that line, or nullopt at the deadline or
  // EOF.
  std::optional<std::string> WaitForLine(const std::string& needle,
                                         std::chrono::milliseconds timeout);
  // SIGTERM and wait; returns the exit status (or -1).
  int Stop();
  // SIGKILL and wait: a crash, with no chance to clean up.
  void Kill();

 private:
  pid_t pid_ = -1;
  int out_fd_ = -1;
  std::string buffer_;
};

// Runs a program to completion, feeding `input` on stdin; returns {exit code, stdout}.
std::pair<int, std::string> RunToEnd(std::vector<std::string> argv,
                                     std::map<std::string, std::string> env,
                                     const std::string& input = "");

}  // namespace baro::testing

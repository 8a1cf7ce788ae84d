#include "app/child_process.h"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <string_view>
#include <thread>

namespace baro::app {

ChildProcess::~ChildProcess() {
  Terminate();
}

Status ChildProcess::Start(const std::vector<std::string>& argv,
                           const std::vector<std::string>& env) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  std::vector<char*> envp;
  for (const auto& e : env) envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);
  const pid_t parent = ::getpid();
  pid_t pid = ::fork();
  if (pid < 0) return MakeError(ErrorCode::kInternal, "fork failed");
  if (pid == 0) {
    // The child dies with its parent, so a killed `serve` never leaves a fetcher behind.
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (::getppid() != parent) ::_exit(1);
    // Only async-signal-safe calls between fork and exec. Every inherited descriptor above stderr
    // goes, close-on-exec or not (https://man7.org/linux/man-pages/man2/close_range.2.html).
    if (::close_range(3, ~0U, 0) != 0) {
      const long max = ::sysconf(_SC_OPEN_MAX);
      for (long fd = 3; fd < (max > 0 ? max : 65536); ++fd) ::close(static_cast<int>(fd));
    }
    ::execve(args[0], args.data(), envp.data());
    ::_exit(127);
  }
  pid_ = pid;
  return {};
}

bool ChildProcess::Running() {
  if (pid_ <= 0) return false;
  int status = 0;
  pid_t r = ::waitpid(pid_, &status, WNOHANG);
  if (r == pid_) {
    pid_ = -1;
    return false;
  }
  return r == 0;
}

void ChildProcess::Terminate(int grace_ms) {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGTERM);
  // Polling waitpid is the portable way to bound the wait for a child's exit.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(grace_ms);
  int status = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
}

std::vector<std::string> FetcherEnvironment(const std::vector<std::string>& current) {
  static constexpr std::string_view kKept[] = {
      "TZ",           "LANG",          "LC_ALL",       "SSL_CERT_FILE", "SSL_CERT_DIR",
      "ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS", "TSAN_OPTIONS"};
  std::vector<std::string> out;
  for (const auto& entry : current) {
    const std::string_view name = std::string_view(entry).substr(0, entry.find('='));
    bool keep = name.starts_with("BARO_") && name != "BARO_TELEGRAM_BOT_TOKEN";
    for (auto k : kKept) keep = keep || name == k;
    if (keep) out.push_back(entry);
  }
  return out;
}

std::vector<std::string> CurrentEnvironment() {
  std::vector<std::string> out;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) out.emplace_back(*e);
  return out;
}

std::string SelfExecutable() {
  char buf[4096];
  ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n <= 0) return "baro";
  buf[n] = '\0';
  return buf;
}

}  // namespace baro::app

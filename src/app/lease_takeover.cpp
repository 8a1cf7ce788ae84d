#include "app/lease_takeover.h"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>

#include "log/logger.h"

namespace baro::app {

std::string HostName() {
  char host[256] = {};
  ::gethostname(host, sizeof host - 1);
  return host;
}

std::string LeaseOwnerName(std::string_view role) {
  return HostName() + ":" + std::to_string(::getpid()) + ":" + std::string(role);
}

std::optional<LeaseOwner> ParseLeaseOwner(std::string_view name) {
  const auto role_at = name.rfind(':');
  if (role_at == std::string_view::npos || role_at == 0) return std::nullopt;
  const auto pid_at = name.rfind(':', role_at - 1);
  if (pid_at == std::string_view::npos || pid_at == 0) return std::nullopt;
  LeaseOwner out;
  const std::string_view pid = name.substr(pid_at + 1, role_at - pid_at - 1);
  auto [p, ec] = std::from_chars(pid.data(), pid.data() + pid.size(), out.pid);
  if (ec != std::errc() || p != pid.data() + pid.size() || out.pid <= 0) return std::nullopt;
  out.host = std::string(name.substr(0, pid_at));
  out.role = std::string(name.substr(role_at + 1));
  return out;
}

bool ProcessAlive(pid_t pid) {
  return ::kill(pid, 0) == 0 || errno != ESRCH;
}

namespace {

template <typename Repository>
int TakeOver(Repository& repo, const char* what, std::int64_t now,
             const std::function<bool(pid_t)>& alive) {
  auto owners = repo.LeaseOwners(now);
  if (!owners) {
    log::Warn("lease.takeover_failed", {{"what", what}, {"error", owners.error().message}});
    return 0;
  }
  const std::string host = HostName();
  const pid_t self = ::getpid();
  int released = 0;
  for (const auto& name : *owners) {
    auto owner = ParseLeaseOwner(name);
    if (!owner || owner->host != host || owner->pid == self || alive(owner->pid)) continue;
    auto n = repo.ReleaseLeases(name);
    if (!n) {
      log::Warn("lease.takeover_failed", {{"what", what}, {"error", n.error().message}});
      continue;
    }
    released += *n;
    log::Info("lease.taken_over",
              {{"what", what}, {"owner", name}, {"released", std::to_string(*n)}});
  }
  return released;
}

}  // namespace

int TakeOverDeadLeases(store::Store& store, std::int64_t now,
                       const std::function<bool(pid_t)>& alive) {
  return TakeOver(store.monitors(), "monitors", now, alive) +
         TakeOver(store.outbox(), "outbox", now, alive);
}

}  // namespace baro::app

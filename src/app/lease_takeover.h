// Lease owners name their process: "<host>:<pid>:<role>". After a crash, the restarted process
// finds the leases that processes of its own host left behind, checks that their pid is no longer
// running, and releases them, so the monitors and messages they held are taken up at once instead
// of after worker.lease_s. Leases of other hosts, and of pids still alive, are left alone (a live
// pid may be a reused one: then the lease simply runs out). See docs/storage.md.
#pragma once

#include <sys/types.h>

#include <functional>
#include <optional>
#include <string>

#include "store/store.h"

namespace baro::app {

std::string HostName();
std::string LeaseOwnerName(std::string_view role);  // this process's name for `role`

struct LeaseOwner {
  std::string host;
  pid_t pid = 0;
  std::string role;
};
std::optional<LeaseOwner> ParseLeaseOwner(std::string_view name);

bool ProcessAlive(pid_t pid);  // kill(pid, 0) does not fail with ESRCH

// Releases the monitor and outbox leases of dead processes of this host; returns how many.
int TakeOverDeadLeases(store::Store& store, std::int64_t now,
                       const std::function<bool(pid_t)>& alive = ProcessAlive);

}  // namespace baro::app

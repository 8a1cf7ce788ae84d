// Hardening for the process that holds decrypt capability (the fetcher): no core dumps and no
// ptrace attachment by same-user processes. Call early in main(), after any privilege change (a
// change of uid/gid resets the dumpable flag).
#pragma once

#include "core/result.h"

namespace baro::vault {

// Sets PR_SET_DUMPABLE to 0 (no core dump, no PTRACE_ATTACH, /proc/<pid> owned by root) and
// RLIMIT_CORE to {0, 0}. Fails with kInternal, naming the step, if the kernel refuses either.
Status HardenProcess();

}  // namespace baro::vault

#include "vault/process_hardening.h"

#include <sys/prctl.h>
#include <sys/resource.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace baro::vault {

Status HardenProcess() {
  const rlimit no_core{0, 0};
  if (::setrlimit(RLIMIT_CORE, &no_core) != 0) {
    return MakeError(ErrorCode::kInternal,
                     std::string("setrlimit(RLIMIT_CORE, 0) failed: ") + std::strerror(errno));
  }
  if (::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0) {
    return MakeError(ErrorCode::kInternal,
                     std::string("prctl(PR_SET_DUMPABLE, 0) failed: ") + std::strerror(errno));
  }
  return {};
}

}  // namespace baro::vault

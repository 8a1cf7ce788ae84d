#include "vault/process_hardening.h"

#include <gtest/gtest.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

namespace baro::vault {
namespace {

// The call changes the whole process, so it runs in a forked child; the child reports through its
// exit code which check failed (0: all held).
TEST(ProcessHardeningTest, DisablesDumpsAndCoreFilesInTheCallingProcess) {
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    if (::prctl(PR_GET_DUMPABLE) != 1)
      ::_exit(10);  // starts dumpable, so the check means something
    if (!HardenProcess().ok()) ::_exit(11);
    if (::prctl(PR_GET_DUMPABLE) != 0) ::_exit(12);
    rlimit core{};
    if (::getrlimit(RLIMIT_CORE, &core) != 0) ::_exit(13);
    if (core.rlim_cur != 0 || core.rlim_max != 0) ::_exit(14);
    ::_exit(0);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  EXPECT_EQ(::prctl(PR_GET_DUMPABLE), 1);  // the test process itself was not touched
}

}  // namespace
}  // namespace baro::vault

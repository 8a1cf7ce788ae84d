#include "support/child.h"

#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <string>

#include "support/temp_dir.h"

namespace baro::testing {
namespace {

// Running, as opposed to gone or a zombie waiting to be reaped (/proc/PID/stat's third field).
bool Alive(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text;
  if (!std::getline(stat, text)) return false;
  const auto close = text.rfind(')');
  return close != std::string::npos && close + 2 < text.size() && text[close + 2] != 'Z';
}

TEST(Child, DiesWithTheProcessThatStartedItWhenThatProcessCrashes) {
  TempDir dir;
  int report[2];
  ASSERT_EQ(::pipe(report), 0);
  const pid_t driver = ::fork();
  ASSERT_GE(driver, 0);
  if (driver == 0) {
    // A load driver that starts a long-running child and then crashes.
    ::close(report[0]);
    Child sleeper({"/bin/sleep", "600"}, {}, dir.File("sleep.log"));
    const pid_t pid = sleeper.pid();
    (void)::write(report[1], &pid, sizeof pid);
    ::raise(SIGKILL);
  }
  ::close(report[1]);
  pid_t sleeper = -1;
  ASSERT_EQ(::read(report[0], &sleeper, sizeof sleeper), static_cast<ssize_t>(sizeof sleeper));
  ::close(report[0]);
  int status = 0;
  ASSERT_EQ(::waitpid(driver, &status, 0), driver);
  ASSERT_TRUE(WIFSIGNALED(status));

  // Wait for it to end, with a deadline: a pidfd is readable once its process has ended
  // (https://man7.org/linux/man-pages/man2/pidfd_open.2.html); none when it is already gone.
  const int ended = static_cast<int>(::syscall(SYS_pidfd_open, sleeper, 0));
  if (ended >= 0) {
    pollfd p{ended, POLLIN, 0};
    (void)::poll(&p, 1, 20000);
    ::close(ended);
  }
  const bool left_behind = Alive(sleeper);
  if (left_behind) ::kill(sleeper, SIGKILL);
  EXPECT_FALSE(left_behind) << "the child outlived the process that started it";
}

}  // namespace
}  // namespace baro::testing

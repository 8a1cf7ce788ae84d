// serve's children: no inherited descriptor but stdio, and a clean environment.
#include "app/child_process.h"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <thread>

#include "support/temp_dir.h"

namespace baro::app {
namespace {

using namespace std::chrono_literals;

bool WaitForExit(ChildProcess& child, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (!child.Running()) return true;
    std::this_thread::sleep_for(5ms);
  }
  return !child.Running();
}

TEST(ChildProcess, InheritsNoDescriptorButStdio) {
  testing::TempDir dir;
  // A listening socket opened without close-on-exec, as a library might.
  int listener = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(listener, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(::listen(listener, 4), 0);
  struct stat st {};
  ASSERT_EQ(::fstat(listener, &st), 0);
  const std::string inode = "socket:[" + std::to_string(st.st_ino) + "]";

  ChildProcess child;
  const std::string out = dir.File("fds");
  ASSERT_TRUE(
      child.Start({"/bin/sh", "-c", "ls -l /proc/$$/fd > " + out}, {"PATH=/usr/bin:/bin"}).ok());
  ASSERT_TRUE(WaitForExit(child, 10s));
  const std::string fds = testing::ReadFile(out);
  ASSERT_FALSE(fds.empty());
  EXPECT_EQ(fds.find(inode), std::string::npos) << fds;
  EXPECT_EQ(fds.find("socket:"), std::string::npos) << fds;
  ::close(listener);
}

TEST(ChildProcess, FetcherEnvironmentKeepsBaroOptionsButNotTheBotTokenNorAnythingElse) {
  const auto env = FetcherEnvironment({"BARO_DATA_DIR=/srv/baro", "BARO_TELEGRAM_BOT_TOKEN=1:abc",
                                       "AWS_SECRET_ACCESS_KEY=x", "TZ=UTC", "HOME=/root",
                                       "LD_PRELOAD=/tmp/evil.so", "SSL_CERT_FILE=/etc/ca.pem"});
  EXPECT_EQ(env, (std::vector<std::string>{"BARO_DATA_DIR=/srv/baro", "TZ=UTC",
                                           "SSL_CERT_FILE=/etc/ca.pem"}));
}

TEST(ChildProcess, StartsWithExactlyTheGivenEnvironment) {
  testing::TempDir dir;
  ::setenv("BARO_CHILD_TEST_MARK", "inherited", 1);
  const std::string out = dir.File("env");
  ChildProcess shell;
  ASSERT_TRUE(shell.Start({"/bin/sh", "-c", "/usr/bin/env > " + out}, {"ONLY=this"}).ok());
  ASSERT_TRUE(WaitForExit(shell, 10s));
  const std::string env = testing::ReadFile(out);
  EXPECT_NE(env.find("ONLY=this"), std::string::npos) << env;
  EXPECT_EQ(env.find("BARO_CHILD_TEST_MARK"), std::string::npos) << env;
  ::unsetenv("BARO_CHILD_TEST_MARK");
}

}  // namespace
}  // namespace baro::app

// A restarted process takes back the leases its dead predecessor on the same host held, on a real
// SQLite store (the store calls themselves are in the conformance suite on both back-ends).
#include "app/lease_takeover.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>

#include "support/temp_dir.h"

namespace baro::app {
namespace {

pid_t DeadPid() {
  pid_t pid = ::fork();
  if (pid == 0) ::_exit(0);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return pid;  // reaped: no process has this pid now
}

TEST(LeaseTakeover, ParsesOwnerNames) {
  auto o = ParseLeaseOwner("box-1.example:4242:worker");
  ASSERT_TRUE(o.has_value());
  EXPECT_EQ(o->host, "box-1.example");
  EXPECT_EQ(o->pid, 4242);
  EXPECT_EQ(o->role, "worker");
  EXPECT_FALSE(ParseLeaseOwner("w1").has_value());
  EXPECT_FALSE(ParseLeaseOwner("host:abc:worker").has_value());
  EXPECT_FALSE(ParseLeaseOwner("host:-5:worker").has_value());
  EXPECT_EQ(LeaseOwnerName("worker"), HostName() + ":" + std::to_string(::getpid()) + ":worker");
}

TEST(LeaseTakeover, ReleasesOnlyTheLeasesOfDeadProcessesOfThisHost) {
  testing::TempDir dir;
  auto opened = store::OpenStore("sqlite://" + dir.File("t.db"));
  ASSERT_TRUE(opened.ok());
  store::Store& store = **opened;
  ASSERT_TRUE(store.Migrate().ok());
  auto user = store.users().Create("a@x.io", "h", 0);
  for (int i = 0; i < 4; ++i) {
    store::Connection c;
    c.user_id = user->id;
    c.label = "c" + std::to_string(i);
    ASSERT_TRUE(store.connections().Create(c, 1000).ok());
  }
  const std::string host = HostName();
  const std::string dead = host + ":" + std::to_string(DeadPid()) + ":worker";
  const std::string self = LeaseOwnerName("worker");
  const std::string other_host = "elsewhere.invalid:" + std::to_string(DeadPid()) + ":worker";
  const std::string alive = host + ":1:worker";  // init is always running
  for (const auto& owner : {dead, self, other_host, alive}) {
    ASSERT_EQ(store.monitors().ClaimDue(owner, 1000, 1, 120000)->size(), 1u) << owner;
  }
  EXPECT_EQ(TakeOverDeadLeases(store, 1001), 1);
  auto owners = *store.monitors().LeaseOwners(1001);
  std::sort(owners.begin(), owners.end());
  std::vector<std::string> expected{self, other_host, alive};
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(owners, expected);
  // The released monitor is due and claimable now, long before its lease would have run out.
  EXPECT_EQ(store.monitors().ClaimDue(self, 1002, 10, 120000)->size(), 1u);
}

}  // namespace
}  // namespace baro::app

// Who gets the key files `baro keys rotate` writes (app/key_file_owner.h): as root, the owner of
// the file each one replaces, else the fetcher's user; otherwise nobody else. The lookup of the
// fetcher's user is injected, so these run without root and without that user existing.
#include "app/key_file_owner.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

#include "support/temp_dir.h"

namespace baro::app {
namespace {

UserLookup Users(uid_t uid, gid_t gid) {
  return [uid, gid](const std::string& name) -> Result<ProcessUser> {
    if (name != "baro-fetcher") return MakeError(ErrorCode::kNotFound, "no user " + name);
    return ProcessUser{name, uid, gid};
  };
}

TEST(KeysNewFileOwner, AsRootTakesTheReplacedFilesOwnerAndOwnerBits) {
  const FileOwner replaced{1001, 1002, 0600};
  auto owner = NewKeyFileOwner(true, replaced, "baro-fetcher", Users(3000, 3000));
  ASSERT_TRUE(owner.has_value());
  EXPECT_EQ(owner->uid, 1001u);
  EXPECT_EQ(owner->gid, 1002u);
  EXPECT_EQ(owner->mode, 0600u);
  // A read-only key stays read-only; group or other bits never pass to a private key.
  owner = NewKeyFileOwner(true, FileOwner{1001, 1002, 0400}, "baro-fetcher", Users(3000, 3000));
  ASSERT_TRUE(owner.has_value());
  EXPECT_EQ(owner->mode, 0400u);
  owner = NewKeyFileOwner(true, FileOwner{1001, 1002, 0644}, "baro-fetcher", Users(3000, 3000));
  ASSERT_TRUE(owner.has_value());
  EXPECT_EQ(owner->mode, 0600u);
}

TEST(KeysNewFileOwner, AsRootWithoutTheReplacedFileTakesTheFetchersUser) {
  auto owner = NewKeyFileOwner(true, std::nullopt, "baro-fetcher", Users(3000, 3001));
  ASSERT_TRUE(owner.has_value());
  EXPECT_EQ(owner->uid, 3000u);
  EXPECT_EQ(owner->gid, 3001u);
  EXPECT_EQ(owner->mode, 0600u);
  // No such user: nothing to give the file to.
  EXPECT_FALSE(NewKeyFileOwner(true, std::nullopt, "nobody-here", Users(3000, 3001)).has_value());
}

TEST(KeysNewFileOwner, NothingChangesForRootsOwnFilesOrWhenNotRoot) {
  EXPECT_FALSE(
      NewKeyFileOwner(true, FileOwner{0, 0, 0600}, "baro-fetcher", Users(3000, 3000)).has_value());
  EXPECT_FALSE(
      NewKeyFileOwner(false, FileOwner{1001, 1002, 0600}, "baro-fetcher", Users(3000, 3000))
          .has_value());
  EXPECT_FALSE(NewKeyFileOwner(false, std::nullopt, "baro-fetcher", Users(3000, 3000)).has_value());
}

TEST(KeysNewFileOwner, OwnerOfReadsTheFile) {
  testing::TempDir dir;
  const std::string file = dir.File("kek.key");
  std::ofstream(file) << "x\n";
  ASSERT_EQ(::chmod(file.c_str(), 0400), 0);
  auto owner = OwnerOf(file);
  ASSERT_TRUE(owner.has_value());
  EXPECT_EQ(owner->uid, ::geteuid());
  EXPECT_EQ(owner->mode, 0400u);
  EXPECT_FALSE(OwnerOf(dir.File("absent")).has_value());
  ASSERT_EQ(::symlink(file.c_str(), dir.File("link").c_str()), 0);
  EXPECT_FALSE(OwnerOf(dir.File("link")).has_value());  // a link is not a key file
}

}  // namespace
}  // namespace baro::app

#include "app/key_file_owner.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace baro::app {

std::optional<FileOwner> OwnerOf(const std::string& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  return FileOwner{st.st_uid, st.st_gid, static_cast<mode_t>(st.st_mode & 07777)};
}

std::optional<FileOwner> NewKeyFileOwner(bool running_as_root,
                                         const std::optional<FileOwner>& replaced,
                                         const std::string& fetcher_user,
                                         const UserLookup& lookup) {
  if (!running_as_root) return std::nullopt;
  if (replaced) {
    if (replaced->uid == 0 && replaced->gid == 0) return std::nullopt;  // root's, as before
    // Owner bits only: a private key file is never readable by its group or others.
    const mode_t mode = (replaced->mode & 0600) != 0 ? (replaced->mode & 0600) | 0400 : 0600;
    return FileOwner{replaced->uid, replaced->gid, mode};
  }
  auto user = lookup(fetcher_user);
  if (!user) return std::nullopt;
  return FileOwner{user->uid, user->gid, 0600};
}

Status GiveKeyFile(const std::string& path, const FileOwner& owner, bool set_mode) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) {
    return MakeError(ErrorCode::kInternal, "cannot open " + path + ": " + std::strerror(errno));
  }
  Status st;
  if (::fchown(fd, owner.uid, owner.gid) != 0) {
    st = MakeError(ErrorCode::kInternal, "cannot give " + path + " to uid " +
                                             std::to_string(owner.uid) + ": " +
                                             std::strerror(errno));
  } else if (set_mode && ::fchmod(fd, owner.mode) != 0) {
    st = MakeError(ErrorCode::kInternal, "cannot chmod " + path + ": " + std::strerror(errno));
  }
  ::close(fd);
  return st;
}

}  // namespace baro::app

// Who owns the key files `baro keys rotate` writes. Run as root, the files it creates would be
// root's, and the fetcher, running as its own user (serve.fetcher_user), could not read the new
// private key once it is put in place. So each new file takes the owner of the file it replaces
// (and the new private key that file's mode, never more than owner read-write), or the fetcher's
// user when the replaced file cannot be examined. Run as anyone else, the files are the caller's,
// as the ones it replaces are. See docs/security.md, "Rotating the key-encryption key".
#pragma once

#include <sys/types.h>

#include <functional>
#include <optional>
#include <string>

#include "app/process_users.h"
#include "core/result.h"

namespace baro::app {

struct FileOwner {
  uid_t uid = 0;
  gid_t gid = 0;
  mode_t mode = 0600;  // applied to private key files only
};

// The owner and permission bits of an existing file, or nullopt when it cannot be examined.
std::optional<FileOwner> OwnerOf(const std::string& path);

using UserLookup = std::function<Result<ProcessUser>(const std::string& name)>;

// The owner a new key file must get: nullopt when nothing is to change (not root, or the replaced
// file is root's, or neither the replaced file nor the fetcher's user can be found). The mode is
// the replaced file's owner bits (0600 or 0400), 0600 when it comes from the fetcher's user.
std::optional<FileOwner> NewKeyFileOwner(bool running_as_root,
                                         const std::optional<FileOwner>& replaced,
                                         const std::string& fetcher_user, const UserLookup& lookup);

// Gives `path` to `owner` (without following a symbolic link); with `set_mode`, also its mode.
Status GiveKeyFile(const std::string& path, const FileOwner& owner, bool set_mode);

}  // namespace baro::app

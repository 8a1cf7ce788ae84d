// The users Baro's processes run as. Started as root, `serve` runs the fetcher as one user and the
// API, worker and notifier as another, so code running in the API cannot read the fetcher's key
// material (docs/security.md). Nothing here creates a user or a group: they must exist.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>

#include "core/result.h"

namespace baro::app {

struct ProcessUser {
  std::string name;
  uid_t uid = 0;
  gid_t gid = 0;  // primary group
};

bool RunningAsRoot();

// kNotFound, with a message saying how to create the user, when `name` does not exist.
Result<ProcessUser> LookupUser(const std::string& name);
// A group by name, or by number when `name` is all digits.
Result<gid_t> LookupGroup(const std::string& name);

// Becomes `user` for good: its supplementary groups (plus `extra_group` when given), its primary
// group, then its uid. Fails unless running as root, and fails if root could be regained after.
Status DropPrivileges(const ProcessUser& user, std::optional<gid_t> extra_group = std::nullopt);

// Gives `group` read-write access to the socket at `path` (group owner, mode 0660). The caller
// owns the socket and is a member of `group`, or is root.
Status ShareSocketWithGroup(const std::string& path, const std::string& group);

// Whether the fetcher's key material is walled off from the API in this process layout, and why;
// said at start-up and in /readyz.
struct SplitStatus {
  bool enforced = false;
  std::string detail;
};

// What this process can reach of the fetcher's opening material (the local private key file, the
// decrypt credential of gcp-kms or vault-transit): enforced when it can read none of it.
// `same_user_fetcher`: the fetcher runs as this process's user (the default `serve`).
SplitStatus CheckSplit(const std::string& kms, const std::string& private_key_file,
                       const std::string& decrypt_credential_file, bool same_user_fetcher);

}  // namespace baro::app

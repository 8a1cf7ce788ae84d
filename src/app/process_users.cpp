#include "app/process_users.h"

#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace baro::app {
namespace {

// getpwnam_r/getgrnam_r buffers: sysconf's suggestion, grown on ERANGE up to a cap.
constexpr std::size_t kMaxEntryBuffer = 1 << 20;

std::string Errno(std::string_view what) {
  return std::string(what) + ": " + std::strerror(errno);
}

}  // namespace

bool RunningAsRoot() {
  return ::geteuid() == 0;
}

Result<ProcessUser> LookupUser(const std::string& name) {
  std::vector<char> buffer(4096);
  passwd entry{};
  passwd* found = nullptr;
  int rc = 0;
  while ((rc = ::getpwnam_r(name.c_str(), &entry, buffer.data(), buffer.size(), &found)) ==
             ERANGE &&
         buffer.size() < kMaxEntryBuffer) {
    buffer.resize(buffer.size() * 2);
  }
  if (rc != 0 || found == nullptr) {
    return MakeError(ErrorCode::kNotFound,
                     "user '" + name +
                         "' does not exist; create it (for example `useradd --system "
                         "--no-create-home --shell /usr/sbin/nologin " +
                         name + "`) or name another in the configuration");
  }
  return ProcessUser{name, entry.pw_uid, entry.pw_gid};
}

Result<gid_t> LookupGroup(const std::string& name) {
  if (!name.empty() && name.find_first_not_of("0123456789") == std::string::npos) {
    return static_cast<gid_t>(std::stoul(name));  // a numeric group id
  }
  std::vector<char> buffer(4096);
  group entry{};
  group* found = nullptr;
  int rc = 0;
  while ((rc = ::getgrnam_r(name.c_str(), &entry, buffer.data(), buffer.size(), &found)) ==
             ERANGE &&
         buffer.size() < kMaxEntryBuffer) {
    buffer.resize(buffer.size() * 2);
  }
  if (rc != 0 || found == nullptr) {
    return MakeError(ErrorCode::kNotFound, "group '" + name + "' does not exist");
  }
  return entry.gr_gid;
}

Status DropPrivileges(const ProcessUser& user, std::optional<gid_t> extra_group) {
  if (!RunningAsRoot()) {
    return MakeError(ErrorCode::kForbidden,
                     "cannot switch to user '" + user.name + "': not running as root");
  }
  if (user.uid == 0) {
    return MakeError(ErrorCode::kInvalidInput, "refusing to run as root ('" + user.name + "')");
  }
  if (::initgroups(user.name.c_str(), user.gid) != 0) {
    return MakeError(ErrorCode::kInternal, Errno("initgroups"));
  }
  if (extra_group) {
    std::vector<gid_t> groups(static_cast<std::size_t>(::getgroups(0, nullptr)) + 1);
    const int n = ::getgroups(static_cast<int>(groups.size()), groups.data());
    if (n < 0) return MakeError(ErrorCode::kInternal, Errno("getgroups"));
    groups.resize(static_cast<std::size_t>(n));
    groups.push_back(*extra_group);
    if (::setgroups(groups.size(), groups.data()) != 0) {
      return MakeError(ErrorCode::kInternal, Errno("setgroups"));
    }
  }
  if (::setresgid(user.gid, user.gid, user.gid) != 0) {
    return MakeError(ErrorCode::kInternal, Errno("setresgid"));
  }
  if (::setresuid(user.uid, user.uid, user.uid) != 0) {
    return MakeError(ErrorCode::kInternal, Errno("setresuid"));
  }
  if (::setuid(0) == 0 || ::geteuid() == 0) {
    return MakeError(ErrorCode::kInternal, "root could be regained after switching users");
  }
  return {};
}

Status ShareSocketWithGroup(const std::string& path, const std::string& group) {
  auto gid = LookupGroup(group);
  if (!gid) return gid.error();
  if (::chown(path.c_str(), static_cast<uid_t>(-1), *gid) != 0) {
    return MakeError(ErrorCode::kForbidden, Errno("cannot give " + path + " to group " + group));
  }
  if (::chmod(path.c_str(), 0660) != 0) {
    return MakeError(ErrorCode::kInternal, Errno("chmod " + path));
  }
  return {};
}

SplitStatus CheckSplit(const std::string& kms, const std::string& private_key_file,
                       const std::string& decrypt_credential_file, bool same_user_fetcher) {
  const std::string me = "uid " + std::to_string(::getuid());
  if (same_user_fetcher) {
    return {false,
            "not enforced: the fetcher runs as the same user as the API (" + me +
                "), so code running in the API can read the fetcher's key material; start serve "
                "as root (serve.fetcher_user, serve.api_user) or use the units in deploy/"};
  }
  if (::geteuid() == 0) {
    return {false, "not enforced: this process runs as root and can read every file"};
  }
  const std::string& secret = kms == "local" ? private_key_file : decrypt_credential_file;
  if (kms == "gcp-kms" && secret.empty()) {
    return {false,
            "not enforced: gcp-kms without vault.gcp_decrypter_credentials_file: the identity of "
            "the metadata server is the same for every process on this machine"};
  }
  if (!secret.empty() && ::access(secret.c_str(), R_OK) == 0) {
    return {false, "not enforced: this process (" + me + ") can read " + secret};
  }
  return {true, "enforced: this process (" + me + ") cannot read the fetcher's key material"};
}

}  // namespace baro::app

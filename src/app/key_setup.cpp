#include "app/key_setup.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "vault/local_kek.h"

namespace baro::app {
namespace {

// Creates `dir` (and its parents) when missing; the directory itself gets `mode` and, when
// given, `owner`. An existing directory is left as it is.
Status MakeDirectory(const std::string& dir, mode_t mode, const std::optional<ProcessUser>& owner) {
  if (dir.empty()) return {};
  std::error_code ec;
  if (std::filesystem::exists(dir, ec)) return {};
  std::filesystem::create_directories(dir, ec);
  if (ec) return MakeError(ErrorCode::kInternal, "cannot create " + dir + ": " + ec.message());
  if (::chmod(dir.c_str(), mode) != 0) {
    return MakeError(ErrorCode::kInternal, "chmod " + dir + ": " + std::strerror(errno));
  }
  if (owner && ::chown(dir.c_str(), owner->uid, owner->gid) != 0) {
    return MakeError(ErrorCode::kInternal, "chown " + dir + ": " + std::strerror(errno));
  }
  return {};
}

std::string Parent(const std::string& file) {
  return std::filesystem::path(file).parent_path().string();
}

}  // namespace

Result<std::string> CreateLocalKeys(const config::Config& c,
                                    const std::optional<ProcessUser>& fetcher) {
  // The fetcher's directory must be reachable by the API's user (for the socket) but not listable:
  // 0711. The public key's directory is the storing side's.
  if (auto st = MakeDirectory(Parent(c.kek_private_key_file), 0711, fetcher); !st)
    return st.error();
  if (auto st = MakeDirectory(Parent(c.kek_public_key_file), 0755, std::nullopt); !st) {
    return st.error();
  }
  auto id = vault::InitLocalKeys({c.kek_public_key_file, c.kek_private_key_file});
  if (!id) return id.error();
  if (fetcher && ::chown(c.kek_private_key_file.c_str(), fetcher->uid, fetcher->gid) != 0) {
    const std::string why = std::strerror(errno);
    ::unlink(c.kek_private_key_file.c_str());
    ::unlink(c.kek_public_key_file.c_str());
    return MakeError(ErrorCode::kInternal,
                     "cannot give " + c.kek_private_key_file + " to " + fetcher->name + ": " + why);
  }
  return id;
}

Result<std::string> EnsureLocalKeys(const config::Config& c,
                                    const std::optional<ProcessUser>& fetcher) {
  std::error_code ec;
  if (c.kms != "local" || std::filesystem::exists(c.kek_public_key_file, ec) ||
      std::filesystem::exists(c.kek_private_key_file, ec)) {
    return std::string();
  }
  return CreateLocalKeys(c, fetcher);
}

Status PrepareFetcherDir(const config::Config& c) {
  if (auto st = MakeDirectory(c.fetcher_dir, 0711, std::nullopt); !st) return st;
  return MakeDirectory(Parent(c.fetcher_socket), 0711, std::nullopt);
}

}  // namespace baro::app

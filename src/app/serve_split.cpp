#include "app/serve_split.h"

#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <thread>

#include "app/child_process.h"
#include "app/fetcher_health.h"
#include "app/key_setup.h"
#include "app/process_users.h"
#include "fetcher/fetcher_client.h"
#include "log/logger.h"

namespace baro::app {
namespace {

int Refuse(const std::string& what, const std::string& why) {
  log::Error("serve." + what, {{"error", why}});
  std::cerr << "baro: " << what << ": " << why << "\n";
  return 1;
}

// `dir` must exist and belong to `owner`; when missing it is made, with `mode`, for `owner`.
Status OwnedDirectory(const std::string& dir, const ProcessUser& owner, mode_t mode) {
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) return MakeError(ErrorCode::kInternal, "cannot create " + dir + ": " + ec.message());
    if (::chown(dir.c_str(), owner.uid, owner.gid) != 0 || ::chmod(dir.c_str(), mode) != 0) {
      return MakeError(ErrorCode::kInternal,
                       "cannot give " + dir + " to " + owner.name + ": " + std::strerror(errno));
    }
    log::Info("serve.directory_created", {{"path", dir}, {"owner", owner.name}});
    return {};
  }
  if (!S_ISDIR(st.st_mode) || st.st_uid != owner.uid) {
    return MakeError(ErrorCode::kForbidden,
                     dir + " must be a directory owned by " + owner.name + " (uid " +
                         std::to_string(owner.uid) + "); it belongs to uid " +
                         std::to_string(st.st_uid) + ": chown it, or choose another directory");
  }
  return {};
}

// The private key must belong to the fetcher's user and be readable by it alone.
Status CheckPrivateKey(const std::string& path, const ProcessUser& fetcher) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return {};  // the fetcher will say it is missing
  if (st.st_uid != fetcher.uid || (st.st_mode & 077) != 0) {
    return MakeError(ErrorCode::kForbidden, path + " must belong to " + fetcher.name +
                                                " with mode 0600 (chown " + fetcher.name + " " +
                                                path + "; chmod 600 " + path + ")");
  }
  return {};
}

std::vector<std::string> SelfArgs(const CommonOptions& common, const config::Config& c) {
  std::vector<std::string> argv = {SelfExecutable(), "--data-dir", c.data_dir};
  if (!common.config_path.empty()) argv.insert(argv.end(), {"--config", common.config_path});
  return argv;
}

// Waits up to `ms` for SIGINT or SIGTERM (blocked in every thread since main); 0 on timeout.
int WaitForSignal(std::int64_t ms) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  timespec ts{static_cast<time_t>(ms / 1000), static_cast<long>((ms % 1000) * 1'000'000)};
  const int sig = ::sigtimedwait(&set, nullptr, &ts);
  return sig > 0 ? sig : 0;
}

}  // namespace

Status CheckGcpIdentities(const config::Config& c) {
  if (c.kms != "gcp-kms" || c.gcp_allow_shared_identity) return {};
  if (c.gcp_encrypter_credentials_file == c.gcp_decrypter_credentials_file) {
    return MakeError(
        ErrorCode::kForbidden,
        std::string("gcp-kms: the API and the fetcher would use one Google identity (") +
            (c.gcp_decrypter_credentials_file.empty() ? "the metadata server's"
                                                      : c.gcp_decrypter_credentials_file) +
            "), which can decrypt every stored key; give each side its own service account "
            "(vault.gcp_encrypter_credentials_file, vault.gcp_decrypter_credentials_file), or "
            "set vault.gcp_allow_shared_identity = true to accept it (docs/security.md)");
  }
  return {};
}

Status SplitUsersExist(const config::Config& c) {
  for (const auto* name : {&c.serve_fetcher_user, &c.serve_api_user}) {
    if (auto user = LookupUser(*name); !user) return user.error();
  }
  return {};
}

int RunServeAsRoot(const CommonOptions& common, const config::Config& c) {
  auto fetcher_user = LookupUser(c.serve_fetcher_user);
  if (!fetcher_user) return Refuse("users", fetcher_user.error().message);
  auto api_user = LookupUser(c.serve_api_user);
  if (!api_user) return Refuse("users", api_user.error().message);
  if (fetcher_user->uid == api_user->uid || fetcher_user->uid == 0 || api_user->uid == 0) {
    return Refuse("users",
                  "serve.fetcher_user and serve.api_user must be two different users, "
                  "neither of them root");
  }
  if (auto st = OwnedDirectory(c.data_dir, *api_user, 0700); !st) {
    return Refuse("data_dir", st.error().message);
  }
  if (auto st = OwnedDirectory(c.fetcher_dir, *fetcher_user, 0711); !st) {
    return Refuse("fetcher_dir", st.error().message);
  }
  auto key_id = EnsureLocalKeys(c, *fetcher_user);
  if (!key_id) return Refuse("keys", key_id.error().message);
  if (!key_id->empty()) log::Info("serve.keys_created", {{"key_id", std::string(*key_id)}});
  if (c.kms == "local") {
    if (auto st = CheckPrivateKey(c.kek_private_key_file, *fetcher_user); !st) {
      return Refuse("keys", st.error().message);
    }
  }
  // The fetcher gives its socket to the API user's group; it joins that group when it switches
  // users (DropPrivileges' extra group), and nothing else of the API's is group-accessible.
  if (c.fetcher_socket_group.empty()) {
    ::setenv("BARO_FETCHER_SOCKET_GROUP", std::to_string(api_user->gid).c_str(), 1);
  }

  const auto base = SelfArgs(common, c);
  auto fetcher_argv = base;
  fetcher_argv.insert(fetcher_argv.end(), {"fetcher", "--run-as", fetcher_user->name});
  auto parts_argv = base;
  parts_argv.insert(parts_argv.end(), {"serve-parts", "--run-as", api_user->name});

  ChildProcess fetcher;
  if (auto st = fetcher.Start(fetcher_argv, FetcherEnvironment(CurrentEnvironment())); !st)
    return Refuse("fetcher", st.error().message);
  if (auto st = WaitForFetcher(c, fetcher, std::chrono::seconds(15)); !st) {
    return Refuse("fetcher", st.error().message);
  }
  ChildProcess parts;
  if (auto st = parts.Start(parts_argv, CurrentEnvironment()); !st)
    return Refuse("start", st.error().message);
  log::Info("serve.split_started", {{"fetcher_user", fetcher_user->name},
                                    {"fetcher_pid", std::to_string(fetcher.pid())},
                                    {"api_user", api_user->name},
                                    {"api_pid", std::to_string(parts.pid())}});

  // Supervision: the fetcher is restarted (waiting longer after each failed start, up to
  // fetcher.restart_backoff_max_ms); when the API side exits, serve stops with an error.
  std::int64_t backoff = c.fetcher_watch_ms;
  int exit_code = 0;
  for (;;) {
    const int sig = WaitForSignal(backoff);
    if (sig != 0) {
      log::Info("serve.stopping", {{"signal", std::to_string(sig)}});
      break;
    }
    if (!parts.Running()) {
      log::Error("serve.api_side_exited");
      exit_code = 1;
      break;
    }
    if (fetcher.Running()) {
      backoff = c.fetcher_watch_ms;
      continue;
    }
    log::Warn("serve.fetcher_exited", {{"restarting_after_ms", std::to_string(backoff)}});
    auto started = fetcher.Start(fetcher_argv, FetcherEnvironment(CurrentEnvironment()));
    if (started) started = WaitForFetcher(c, fetcher, std::chrono::seconds(15));
    if (started) {
      log::Info("serve.fetcher_restarted", {{"fetcher_pid", std::to_string(fetcher.pid())}});
      backoff = c.fetcher_watch_ms;
    } else {
      log::Error("serve.fetcher_restart_failed", {{"error", started.error().message}});
      backoff = std::min(backoff * 2, c.fetcher_restart_backoff_max_ms);
    }
  }
  parts.Terminate();
  fetcher.Terminate();
  return exit_code;
}

}  // namespace baro::app

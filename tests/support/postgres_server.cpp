#include "support/postgres_server.h"

#include <libpq-fe.h>
#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <vector>

#include "support/child.h"

namespace baro::testing {
namespace {

std::string FindBinaries() {
  std::string best;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/usr/lib/postgresql", ec)) {
    const auto bin = entry.path() / "bin";
    if (std::filesystem::exists(bin / "pg_ctl") && bin.string() > best) best = bin.string();
  }
  return best;
}

}  // namespace

namespace {
PostgresServer* shared = nullptr;
}  // namespace

PostgresServer& PostgresServer::Shared() {
  if (shared == nullptr) {
    shared = new PostgresServer();
    // Stopped and removed when the test binary exits, whatever the tests' outcome.
    std::atexit(ShutdownShared);
  }
  return *shared;
}

void PostgresServer::ShutdownShared() {
  if (shared == nullptr) return;
  shared->Shutdown();
  delete shared;
  shared = nullptr;
}

PostgresServer::PostgresServer() {
  bin_ = FindBinaries();
  if (bin_.empty()) {
    why_not_ =
        "PostgreSQL binaries not found under /usr/lib/postgresql (apt-get install postgresql)";
    return;
  }
  char pattern[] = "/tmp/baro-pg-XXXXXX";
  if (::mkdtemp(pattern) == nullptr) {
    why_not_ = "cannot create a temporary directory";
    return;
  }
  dir_ = pattern;
  as_postgres_ = ::geteuid() == 0;
  if (as_postgres_) {
    const passwd* pw = ::getpwnam("postgres");
    if (pw == nullptr || ::chown(dir_.c_str(), pw->pw_uid, pw->pw_gid) != 0) {
      why_not_ = "running as root without a postgres user to run the server as";
      return;
    }
  }
  if (!Run({bin_ + "/initdb", "-D", dir_ + "/data", "-U", "postgres", "--auth=trust", "-E", "UTF8",
            "--no-sync"})) {
    why_not_ = "initdb failed (see " + dir_ + ")";
    return;
  }
  ok_ = Start();
  if (!ok_) why_not_ = "the server did not start (see " + dir_ + "/server.log)";
}

bool PostgresServer::Run(const std::vector<std::string>& argv) {
  std::vector<std::string> full;
  if (as_postgres_) full = {"/usr/sbin/runuser", "-u", "postgres", "--"};
  full.insert(full.end(), argv.begin(), argv.end());
  return RunToEnd(full, {}).first == 0;
}

bool PostgresServer::Start() {
  running_ = Run({bin_ + "/pg_ctl", "-D", dir_ + "/data", "-l", dir_ + "/server.log", "-w", "-o",
                  "-c listen_addresses='' -c unix_socket_directories='" + dir_ +
                      "' -c fsync=off -c max_connections=200",
                  "start"});
  return running_;
}

bool PostgresServer::Stop() {
  const bool stopped =
      Run({bin_ + "/pg_ctl", "-D", dir_ + "/data", "-m", "immediate", "-w", "stop"});
  if (stopped) running_ = false;
  return stopped;
}

void PostgresServer::Shutdown() {
  if (running_) Stop();
  if (!dir_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
}

int PostgresServer::server_pid() const {
  if (!running_) return 0;
  std::ifstream pid_file(dir_ + "/data/postmaster.pid");
  int pid = 0;
  return pid_file >> pid ? pid : 0;
}

std::string PostgresServer::NewDatabase() {
  const std::string name =
      "baro_test_" + std::to_string(::getpid()) + "_" + std::to_string(++databases_);
  const std::string admin = "postgresql:///postgres?host=" + dir_ + "&user=postgres";
  PGconn* conn = PQconnectdb(admin.c_str());
  if (PQstatus(conn) == CONNECTION_OK) {
    PGresult* r = PQexec(conn, ("CREATE DATABASE " + name).c_str());
    PQclear(r);
  }
  PQfinish(conn);
  return "postgresql:///" + name + "?host=" + dir_ + "&user=postgres";
}

}  // namespace baro::testing

// A real PostgreSQL server for the store tests, started once per test binary from the Debian
// package's binaries (/usr/lib/postgresql/<version>/bin) in a temporary directory, listening only
// on a Unix socket there, and stopped at the end. As root (CI) it runs as the `postgres` system
// user, since PostgreSQL refuses to run as root. Each test gets a database of its own. The server
// is stopped and its directory removed when the test binary exits.
#pragma once

#include <string>
#include <vector>

namespace baro::testing {

class PostgresServer {
 public:
  // The shared server, started on first use.
  static PostgresServer& Shared();
  // Stops and removes the shared server if one was started.
  static void ShutdownShared();
  bool ok() const { return ok_; }
  const std::string& why_not() const { return why_not_; }
  // Creates a fresh database and returns its connection URL.
  std::string NewDatabase();
  // Stops and starts the server (to test a lost connection); true when it is back.
  bool Stop();
  bool Start();
  void Shutdown();
  // The running server's postmaster (the first line of its data directory's postmaster.pid), whose
  // children are the backends; 0 when it is not running.
  int server_pid() const;

 private:
  PostgresServer();
  bool Run(const std::vector<std::string>& argv);
  std::string bin_;
  std::string dir_;
  bool as_postgres_ = false;
  bool ok_ = false;
  bool running_ = false;
  std::string why_not_;
  int databases_ = 0;
};

}  // namespace baro::testing

#include "app/fetcher_main.h"

#include <unistd.h>

#include <iostream>

#include "app/process_setup.h"
#include "app/shutdown_signal.h"
#include "fetcher/fetcher_server.h"
#include "log/logger.h"
#include "vault/process_hardening.h"

namespace baro::app {

int FetcherMain(const config::Config& c) {
  if (auto st = vault::HardenProcess(); !st) {
    std::cerr << "baro fetcher: cannot harden the process: " << st.error().message << "\n";
    return 1;
  }
  auto unwrapper = vault::MakeKeyUnwrapper(VaultOptionsFor(c, VaultSide::kDecrypt));
  if (!unwrapper) {
    std::cerr << "baro fetcher: cannot load decrypt key material: "
              << log::Redact(unwrapper.error().message) << "\n";
    return 1;
  }
  fetcher::FetcherServer server(
      c.fetcher_socket,
      [&](std::string_view op, const boost::json::object&) -> Result<boost::json::value> {
        if (op == "health") {
          return boost::json::value(
              boost::json::object{{"status", "ok"},
                                  {"pid", static_cast<std::int64_t>(::getpid())},
                                  {"can_decrypt", true}});
        }
        return MakeError(ErrorCode::kUnavailable, "this fetcher build has no venue adapters yet");
      });
  if (auto st = server.Start(); !st) {
    std::cerr << "baro fetcher: " << st.error().message << "\n";
    return 1;
  }
  log::Info("fetcher.started", {{"socket", c.fetcher_socket}});
  WaitForShutdownSignal();
  server.Stop();
  return 0;
}

}  // namespace baro::app

#include "app/fetcher_main.h"

#include <iostream>

#include "app/process_setup.h"
#include "app/process_users.h"
#include "app/shutdown_signal.h"
#include "fetcher/fetcher_server.h"
#include "fetcher/fetcher_service.h"
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
  exchanges::VenueEndpoints endpoints;
  endpoints.hyperliquid = c.hyperliquid_api;
  endpoints.binance_futures = c.binance_futures_api;
  endpoints.binance_coin_futures = c.binance_coin_futures_api;
  endpoints.binance_spot = c.binance_spot_api;
  endpoints.bybit = c.bybit_api;
  endpoints.okx = c.okx_api;
  endpoints.bitget = c.bitget_api;
  endpoints.gate = c.gate_api;
  endpoints.kucoin_futures = c.kucoin_futures_api;
  endpoints.kucoin_spot = c.kucoin_spot_api;
  exchanges::VenueLinkOptions link;
  link.recv_window_ms = c.recv_window_ms;
  link.default_ban_ms = c.default_ban_s * 1000;
  link.contract_lifetime_ms = c.contract_lifetime_s * 1000;
  link.dex_rescan_ms = c.hyperliquid_dex_rescan_s * 1000;
  link.account_config = {c.account_config_refresh_s * 1000, c.account_config_max_age_s * 1000};
  link.tiers = {c.tiers_refresh_s * 1000, c.tiers_max_age_s * 1000};
  link.unwatched = {c.unwatched_refresh_s * 1000, c.unwatched_max_age_s * 1000};
  fetcher::FetcherService service(*unwrapper, endpoints, OutboundHttpOptions(c), link,
                                  c.budget_percent, c.fetcher_threads, c.EgressAddresses(),
                                  static_cast<std::size_t>(c.account_cache_entries));
  fetcher::FetcherServerOptions options;
  options.threads = c.fetcher_threads;
  options.max_connections = c.fetcher_max_connections;
  options.idle_timeout = std::chrono::milliseconds(c.fetcher_idle_timeout_ms);
  options.receive_timeout = std::chrono::milliseconds(c.fetcher_receive_timeout_ms);
  fetcher::FetcherServer server(
      c.fetcher_socket,
      [&](std::string_view op, const boost::json::object& request) {
        return service.Handle(op, request);
      },
      options);
  if (auto st = server.Start(); !st) {
    std::cerr << "baro fetcher: " << st.error().message << "\n";
    return 1;
  }
  if (!c.fetcher_socket_group.empty()) {
    if (auto st = ShareSocketWithGroup(c.fetcher_socket, c.fetcher_socket_group); !st) {
      std::cerr << "baro fetcher: " << st.error().message << "\n";
      return 1;
    }
  }
  log::Info("fetcher.started", {{"socket", c.fetcher_socket}});
  WaitForShutdownSignal();
  server.Stop();
  return 0;
}

}  // namespace baro::app

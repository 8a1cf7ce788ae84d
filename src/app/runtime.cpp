#include "app/runtime.h"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "app/process_setup.h"
#include "log/logger.h"
#include "market/market_data.h"
#include "net/http_server.h"
#include "store/store.h"
#include "vault/local_kek.h"
#include "web/api.h"

namespace baro::app {

struct Runtime::Impl {
  config::Config config;
  std::unique_ptr<store::Store> store;
  std::unique_ptr<market::MarketData> market;
  std::unique_ptr<web::Api> api;
  std::unique_ptr<net::HttpServer> server;
  std::string public_url;
};

Runtime::Runtime(config::Config config) : impl_(std::make_unique<Impl>()) {
  impl_->config = std::move(config);
}

Runtime::~Runtime() {
  Stop();
}

Status Runtime::Start(Parts parts) {
  const auto& c = impl_->config;
  auto store = store::OpenStore(c.database_url);
  if (!store) return store.error();
  impl_->store = std::move(*store);
  if (auto st = impl_->store->Migrate(); !st) return st;

  impl_->market = std::make_unique<market::CachedMarketData>(
      [](Venue) -> Result<std::vector<market::Instrument>> {
        return MakeError(ErrorCode::kUnavailable, "market data not wired");
      },
      SystemClock::Instance(), c.market_data_ttl_s * 1000);

  if (parts.api) {
    web::ApiDeps deps;
    deps.store = impl_->store.get();
    deps.config = &impl_->config;
    deps.clock = &SystemClock::Instance();
    deps.market = impl_->market.get();
    impl_->api = std::make_unique<web::Api>(std::move(deps));
    net::HttpServerOptions options;
    options.address = c.listen_address;
    options.port = static_cast<std::uint16_t>(c.port);
    options.threads = c.http_threads;
    options.tls_cert_file = c.tls_cert_file;
    options.tls_key_file = c.tls_key_file;
    impl_->server = std::make_unique<net::HttpServer>(
        options, [api = impl_->api.get()](const net::HttpRequest& r) { return api->Handle(r); });
    if (auto st = impl_->server->Start(); !st) return st;
    impl_->public_url = c.public_url;
    if (c.port == 0) impl_->public_url = impl_->server->BaseUrl();  // a free port was picked
  }
  return {};
}

void Runtime::Stop() {
  if (impl_->server) impl_->server->Stop();
}

std::string Runtime::PublicUrl() const {
  return impl_->public_url;
}

Status PrepareDataDir(const config::Config& c, const std::string& config_path) {
  std::error_code ec;
  std::filesystem::create_directories(c.data_dir, ec);
  if (ec)
    return MakeError(ErrorCode::kInternal, "cannot create " + c.data_dir + ": " + ec.message());
  ::chmod(c.data_dir.c_str(), 0700);
  const std::string default_config = c.data_dir + "/baro.toml";
  if (config_path.empty() && !std::filesystem::exists(default_config)) {
    std::ofstream out(default_config);
    out << config::DefaultFileText();
    log::Info("data_dir.config_written", {{"path", default_config}});
  }
  if (c.kms == "local" && !std::filesystem::exists(c.kek_public_key_file) &&
      !std::filesystem::exists(c.kek_private_key_file)) {
    std::filesystem::create_directories(std::filesystem::path(c.kek_private_key_file).parent_path(),
                                        ec);
    auto id = vault::InitLocalKeys({c.kek_public_key_file, c.kek_private_key_file});
    if (!id) return id.error();
    log::Info("data_dir.keys_created", {{"key_id", *id}});
  }
  return {};
}

}  // namespace baro::app

#include "fetcher/fetcher_service.h"

#include <sodium.h>
#include <unistd.h>

#include <algorithm>

#include "core/json_util.h"
#include "core/key_text.h"
#include "core/position_json.h"
#include "exchanges/signing.h"
#include "metrics/loop_guard.h"
#include "risk/tiers_json.h"
#include "vault/opener.h"

namespace baro::fetcher {

FetcherService::FetcherService(std::shared_ptr<vault::KeyUnwrapper> unwrapper,
                               exchanges::VenueEndpoints endpoints, net::HttpClientOptions http,
                               exchanges::VenueLinkOptions link, std::int64_t budget_percent,
                               int clients_per_venue, std::vector<std::string> egress_addresses,
                               std::size_t account_cache_entries)
    : unwrapper_(std::move(unwrapper)),
      endpoints_(std::move(endpoints)),
      link_(link),
      clients_per_venue_(std::max(1, clients_per_venue)) {
  if (egress_addresses.empty()) egress_addresses.push_back(http.bind_address);
  for (const auto& address : egress_addresses) {
    auto egress = std::make_unique<Egress>();
    egress->http = http;
    egress->http.bind_address = address;
    for (Venue venue : AllVenues()) {
      // Made up front, so that the process's descriptors and memory are what they will be from
      // the first read on (each client holds an io_context and a TLS context).
      egress->pools.push_back(std::make_unique<ClientPool>());
      for (int i = 0; i < clients_per_venue_; ++i)
        egress->pools.back()->idle.push_back(std::make_unique<net::HttpClient>(egress->http));
      exchanges::BudgetLimit limit = exchanges::PublishedAddressLimit(venue);
      limit.weight_per_window = limit.weight_per_window * budget_percent / 100;
      egress->states.push_back(
          std::make_unique<exchanges::VenueState>(limit, account_cache_entries));
    }
    egresses_.push_back(std::move(egress));
  }
}

std::size_t FetcherService::EgressIndex(std::string_view connection_id) const {
  // Rendezvous hashing: every address scores the connection, the highest score wins.
  auto fnv1a = [](std::string_view a, std::string_view b) {
    std::uint64_t h = 14695981039346656037ULL;
    auto mix = [&h](std::string_view s) {
      for (unsigned char ch : s) {
        h ^= ch;
        h *= 1099511628211ULL;
      }
    };
    mix(a);
    mix("\n");
    mix(b);
    return h;
  };
  std::size_t best = 0;
  std::uint64_t best_score = 0;
  for (std::size_t i = 0; i < egresses_.size(); ++i) {
    const std::uint64_t score = fnv1a(connection_id, egresses_[i]->http.bind_address);
    if (i == 0 || score > best_score) {
      best = i;
      best_score = score;
    }
  }
  return best;
}

// Per egress address and venue that limits by address: the weight used in the current window, the
// window's limit and length, and how long a ban (429/418) still keeps the venue away.
boost::json::array FetcherService::Budgets() const {
  const std::int64_t now = SystemClock::Instance().NowMs();
  boost::json::array out;
  for (const auto& egress : egresses_) {
    for (Venue venue : AllVenues()) {
      const auto& budget = egress->states.at(static_cast<std::size_t>(venue))->budget;
      if (budget.limit().weight_per_window <= 0) continue;  // limited by account instead
      out.push_back(boost::json::object{
          {"address", egress->http.bind_address.empty() ? "default" : egress->http.bind_address},
          {"venue", ToString(venue)},
          {"used", budget.used_in_window(now)},
          {"limit", budget.limit().weight_per_window},
          {"window_ms", budget.limit().window_ms},
          {"banned_for_ms", std::max<std::int64_t>(0, budget.banned_until_ms() - now)}});
    }
  }
  return out;
}

const std::string& FetcherService::EgressFor(std::string_view connection_id) const {
  return egresses_[EgressIndex(connection_id)]->http.bind_address;
}

std::unique_ptr<net::HttpClient> FetcherService::Borrow(Egress& egress, Venue venue) {
  auto& pool = *egress.pools.at(static_cast<std::size_t>(venue));
  {
    std::lock_guard lock(pool.mu);
    if (!pool.idle.empty()) {
      auto client = std::move(pool.idle.back());
      pool.idle.pop_back();
      return client;
    }
  }
  return std::make_unique<net::HttpClient>(egress.http);
}

void FetcherService::GiveBack(Egress& egress, Venue venue,
                              std::unique_ptr<net::HttpClient> client) {
  auto& pool = *egress.pools.at(static_cast<std::size_t>(venue));
  std::lock_guard lock(pool.mu);
  if (static_cast<int>(pool.idle.size()) < clients_per_venue_)
    pool.idle.push_back(std::move(client));
  // Connections of the venue's clients left idle beyond egress.idle_timeout_ms are closed now
  // (the clients in the pool are not in use).
  for (auto& c : pool.idle) c->CloseIdle();
}

std::size_t FetcherService::HttpConnectionsOpened(Venue venue) {
  std::size_t n = 0;
  for (auto& egress : egresses_) {
    auto& pool = *egress->pools.at(static_cast<std::size_t>(venue));
    std::lock_guard lock(pool.mu);
    for (const auto& c : pool.idle) n += c->connections_opened();
  }
  return n;
}

Result<exchanges::Credentials> FetcherService::Open(const boost::json::object& c, Venue venue) {
  exchanges::Credentials out;
  const boost::json::value v(c);
  out.wallet_address = json::GetString(v, "wallet_address").value_or("");
  const std::string user = std::to_string(json::GetInt(v, "user_id").value_or(0));
  const std::string connection = std::to_string(json::GetInt(v, "connection_id").value_or(0));
  const std::int64_t generation = json::GetInt(v, "key_generation").value_or(0);
  struct Field {
    const char* name;
    vault::SecretField field;
    SecretBytes* into;
  } fields[] = {{"api_key", vault::SecretField::kApiKey, &out.api_key},
                {"api_secret", vault::SecretField::kApiSecret, &out.api_secret},
                {"passphrase", vault::SecretField::kPassphrase, &out.passphrase}};
  for (const auto& f : fields) {
    auto sealed = json::GetString(v, f.name).value_or("");
    if (sealed.empty()) continue;
    auto opened =
        vault::OpenText(sealed, {user, connection, venue, f.field, generation}, *unwrapper_);
    if (!opened) return opened.error();
    // Checked again here, whatever the API let through: only what venues issue reaches a header.
    if (!IsKeyText(opened->view())) {
      return MakeError(ErrorCode::kInvalidInput,
                       std::string("the stored ") + f.name +
                           " holds characters no venue issues (only printable ASCII without "
                           "spaces); connect the key again");
    }
    *f.into = std::move(*opened);
  }
  // What the venue client keeps between reads is the connection's, for this key material only:
  // a replaced key (a new generation), another key or address empties it (account_cache.h). The
  // fingerprint is a one-way digest under a per-process random key; the buffer it is made from
  // is wiped.
  const std::string head = std::to_string(generation) + "\n" + out.wallet_address + "\n";
  std::string material;
  material.reserve(head.size() + out.api_key.size() + out.api_secret.size() + 1);  // no copies
  material.append(head).append(out.api_key.view()).append("\n").append(out.api_secret.view());
  // Keyed with random bytes drawn once per process: the digest means nothing outside it.
  static const SecretBytes kFingerprintKey = [] {
    SecretBytes key(32);
    randombytes_buf(key.data(), key.size());
    return key;
  }();
  const bool identified = json::GetInt(v, "connection_id").has_value();
  out.account = {identified ? connection : std::string(),
                 exchanges::HmacSha256Hex(kFingerprintKey, material)};
  SecureZero(material);
  return out;
}

Error FetcherService::WaitTheLinkKeeps(Error error, const exchanges::VenueState& state) const {
  if (error.code != ErrorCode::kRateLimited) return error;
  const auto& budget = state.budget;
  if (budget.limit().weight_per_window <= 0) return error;  // limited by account: its own answer
  // Limited by address: the link's ban (Retry-After, else exchanges.default_ban_s) is what keeps
  // every account of this venue away, so that is the wait the caller hears too.
  const std::int64_t left = budget.banned_until_ms() - SystemClock::Instance().NowMs();
  // With no ban left, only the budget's own window can hold a read back.
  error.retry_after_ms = left > 0 ? left : std::min(error.retry_after_ms, budget.limit().window_ms);
  return error;
}

Result<boost::json::value> FetcherService::Handle(std::string_view op,
                                                  const boost::json::object& request) {
  if (op == "health") {
    return boost::json::value(boost::json::object{{"status", "ok"},
                                                  {"pid", static_cast<std::int64_t>(::getpid())},
                                                  {"can_decrypt", unwrapper_ != nullptr},
                                                  {"loop_errors", metrics::LoopErrors("fetcher")},
                                                  {"budgets", Budgets()}});
  }
  const auto* connection = request.if_contains("connection");
  if (connection == nullptr || !connection->is_object()) {
    return MakeError(ErrorCode::kInvalidInput, "request needs a connection");
  }
  auto venue = VenueFromString(json::GetString(*connection, "venue").value_or(""));
  if (!venue) return MakeError(ErrorCode::kInvalidInput, "unknown venue");
  const std::string connection_id =
      std::to_string(json::GetInt(*connection, "connection_id").value_or(0));
  Egress& egress = *egresses_[EgressIndex(connection_id)];
  exchanges::VenueState& state = *egress.states.at(static_cast<std::size_t>(*venue));
  std::unique_ptr<net::HttpClient> http = Borrow(egress, *venue);
  struct Return {
    FetcherService* self;
    Egress& egress;
    Venue venue;
    std::unique_ptr<net::HttpClient>& http;
    ~Return() { self->GiveBack(egress, venue, std::move(http)); }
  } give_back{this, egress, *venue, http};
  exchanges::VenueLink link(*http, state, SystemClock::Instance(), link_);
  auto client = exchanges::MakeVenueClient(*venue, endpoints_, link);
  if (!client) return client.error();
  auto credentials = Open(connection->as_object(), *venue);  // wiped when it goes out of scope
  if (!credentials) return credentials.error();

  if (op == "check_permissions") {
    auto k = (*client)->CheckPermissions(*credentials);
    if (!k) return k.error();
    boost::json::array found, off, warnings;
    for (const auto& s : k->permissions_found) found.push_back(boost::json::value(s));
    for (const auto& s : k->turn_off) off.push_back(boost::json::value(s));
    for (const auto& s : k->warnings) warnings.push_back(boost::json::value(s));
    return boost::json::value(boost::json::object{{"verdict", exchanges::ToString(k->verdict)},
                                                  {"permissions", found},
                                                  {"turn_off", off},
                                                  {"warnings", warnings},
                                                  {"ip_restricted", k->ip_restricted}});
  }
  auto snapshot = (*client)->ReadAccount(*credentials);
  if (!snapshot) return WaitTheLinkKeeps(snapshot.error(), state);
  boost::json::object out;
  if (op == "read_positions") {
    boost::json::array positions;
    for (const auto& p : snapshot->positions) positions.push_back(ToJson(p));
    out["positions"] = std::move(positions);
  }
  if (snapshot->account) out["account"] = ToJson(*snapshot->account);
  if (op == "read_positions") {
    boost::json::array others, gaps;
    for (const auto& a : snapshot->other_accounts) others.push_back(ToJson(a));
    for (const auto& g : snapshot->gaps) {
      gaps.push_back(boost::json::object{{"product", g.product},
                                         {"positions", g.positions},
                                         {"margin_account", g.margin_account},
                                         {"error", g.error}});
    }
    if (!others.empty()) out["other_accounts"] = std::move(others);
    if (!gaps.empty()) out["gaps"] = std::move(gaps);
  }
  if (op == "read_positions" && !snapshot->tiers.empty()) {
    boost::json::object tiers;
    for (const auto& [symbol, list] : snapshot->tiers) tiers[symbol] = risk::TiersToJson(list);
    out["tiers"] = std::move(tiers);
  }
  return boost::json::value(std::move(out));
}

}  // namespace baro::fetcher

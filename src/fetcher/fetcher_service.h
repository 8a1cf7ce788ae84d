// What the fetcher does with each read request: opens the connection's sealed key fields (in locked
// memory, for this request only), calls the venue's read-only client, and returns normalized
// positions, account figures or the key's permission verdict. Plaintext keys never leave this
// function: they are wiped when it returns, whatever happened.
#pragma once

#include <boost/json/value.hpp>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "exchanges/venue_client.h"
#include "net/http_client.h"
#include "vault/key_wrapper.h"

namespace baro::fetcher {

class FetcherService {
 public:
  // `budget_percent` is the share of each venue's published per-address request limit this
  // process may use (the rest is headroom for clock drift between our window and the venue's).
  // `clients_per_venue` HTTP clients (each with its kept-alive connections) are made per venue up
  // front and no more are kept; set it to the fetcher's thread count so that every thread finds
  // one (a read that finds none gets a client of its own for that read). The clients start no
  // threads, so the fetcher's threads are its server's pool and nothing more.
  //
  // `egress_addresses`: the local addresses reads leave from (egress.bind_addresses; empty: the
  // one of `http`). Each address has its own budget per venue (venues count by address), its own
  // HTTP clients and its own cache of rarely-changing answers (`account_cache_entries`
  // connections per venue). A connection always reads from the same address: the one that
  // scores highest for it by rendezvous hashing (FNV-1a of connection id and address), so the
  // choice survives restarts and adding an address moves only the connections it wins.
  FetcherService(std::shared_ptr<vault::KeyUnwrapper> unwrapper,
                 exchanges::VenueEndpoints endpoints, net::HttpClientOptions http,
                 exchanges::VenueLinkOptions link = {}, std::int64_t budget_percent = 100,
                 int clients_per_venue = 8, std::vector<std::string> egress_addresses = {},
                 std::size_t account_cache_entries = 20'000);
  // The fetcher protocol's operations (see fetcher_protocol.h).
  Result<boost::json::value> Handle(std::string_view op, const boost::json::object& request);
  // For tests: TCP connections opened so far by the venue's idle clients.
  std::size_t HttpConnectionsOpened(Venue venue);
  // The egress address a connection reads from ("" when the system chooses).
  const std::string& EgressFor(std::string_view connection_id) const;

 private:
  // A failed read's error as the caller should see it: a rate-limited read's wait is the venue
  // link's ban when the venue limits by address, and the venue's own answer when it limits by
  // account (the caller then defers only that account).
  Error WaitTheLinkKeeps(Error error, const exchanges::VenueState& state) const;
  Result<exchanges::Credentials> Open(const boost::json::object& connection, Venue venue);
  // Kept-alive HTTP clients per venue: a request borrows one and gives it back, so the
  // connections to a venue's host are reused across requests and threads.
  struct ClientPool {
    std::mutex mu;
    std::vector<std::unique_ptr<net::HttpClient>> idle;
  };
  // What one egress address holds: its client options, and per venue (indexed by Venue) its
  // clients and its budget, clock offset, contract table and kept answers.
  struct Egress {
    net::HttpClientOptions http;
    std::vector<std::unique_ptr<ClientPool>> pools;
    std::vector<std::unique_ptr<exchanges::VenueState>> states;
  };
  std::size_t EgressIndex(std::string_view connection_id) const;
  boost::json::array Budgets() const;
  std::unique_ptr<net::HttpClient> Borrow(Egress& egress, Venue venue);
  void GiveBack(Egress& egress, Venue venue, std::unique_ptr<net::HttpClient> client);
  std::vector<std::unique_ptr<Egress>> egresses_;
  std::shared_ptr<vault::KeyUnwrapper> unwrapper_;
  exchanges::VenueEndpoints endpoints_;
  exchanges::VenueLinkOptions link_;
  int clients_per_venue_;
};

}  // namespace baro::fetcher

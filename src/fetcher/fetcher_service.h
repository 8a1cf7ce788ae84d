// What the fetcher does with each read request: opens the connection's sealed key fields (in locked
// memory, for this request only), calls the venue's read-only client, and returns normalized
// positions, account figures or the key's permission verdict. Plaintext keys never leave this
// function: they are wiped when it returns, whatever happened.
#pragma once

#include <boost/json/value.hpp>
#include <memory>
#include <mutex>
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
  FetcherService(std::shared_ptr<vault::KeyUnwrapper> unwrapper,
                 exchanges::VenueEndpoints endpoints, net::HttpClientOptions http,
                 exchanges::VenueLinkOptions link = {}, std::int64_t budget_percent = 100,
                 int clients_per_venue = 8);
  // The fetcher protocol's operations (see fetcher_protocol.h).
  Result<boost::json::value> Handle(std::string_view op, const boost::json::object& request);
  // For tests: TCP connections opened so far by the venue's idle clients.
  std::size_t HttpConnectionsOpened(Venue venue);

 private:
  // A failed read's error as the caller should see it: a rate-limited read's wait is the venue
  // link's ban when the venue limits by address, and the venue's own answer when it limits by
  // account (the caller then defers only that account).
  Error WaitTheLinkKeeps(Error error, Venue venue) const;
  Result<exchanges::Credentials> Open(const boost::json::object& connection, Venue venue);
  // Kept-alive HTTP clients per venue: a request borrows one and gives it back, so the
  // connections to a venue's host are reused across requests and threads.
  struct ClientPool {
    std::mutex mu;
    std::vector<std::unique_ptr<net::HttpClient>> idle;
  };
  std::unique_ptr<net::HttpClient> Borrow(Venue venue);
  void GiveBack(Venue venue, std::unique_ptr<net::HttpClient> client);
  std::vector<std::unique_ptr<ClientPool>> pools_;
  std::shared_ptr<vault::KeyUnwrapper> unwrapper_;
  exchanges::VenueEndpoints endpoints_;
  net::HttpClientOptions http_;
  exchanges::VenueLinkOptions link_;
  int clients_per_venue_;
  // Budget, clock offset and contract table per venue, shared by every fetcher thread.
  std::vector<std::unique_ptr<exchanges::VenueState>> states_;
};

}  // namespace baro::fetcher

// How public (keyless) market reads reach a venue, as the signed reads do: each request is rebuilt
// by ReadOnlyRequest over the venue's table of public reads (PublicReads), so a method and path not
// in it are refused with kForbidden before anything is sent, and it goes through the VenueLink,
// which charges the entry's published weight to the venue's per-address budget and sends nothing
// while the venue has banned the address.
#pragma once

#include <span>

#include "core/result.h"
#include "core/venue.h"
#include "exchanges/read_only_request.h"
#include "exchanges/venue_link.h"
#include "net/http_client.h"

namespace baro::exchanges {

// Every (method, path) the venue's public market code reads, with its published weight.
std::span<const ReadEndpoint> PublicReads(Venue venue);

// The venue's published per-address request limit, or {} where it limits by account only. Both the
// fetcher's signed reads and this process's public reads are counted against it (each process
// its own count).
BudgetLimit PublishedAddressLimit(Venue venue);

class PublicLink {
 public:
  PublicLink(VenueLink& link, std::span<const ReadEndpoint> allowed)
      : link_(link), allowed_(allowed) {}

  // Sends `request` (method, target with its query, headers, body) when its method and path are
  // allowed; kForbidden, and nothing sent, otherwise.
  Result<net::HttpResponse> Send(const net::Url& base, const net::HttpRequest& request);

 private:
  VenueLink& link_;
  std::span<const ReadEndpoint> allowed_;
};

}  // namespace baro::exchanges

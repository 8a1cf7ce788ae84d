// KuCoin Futures, read with an HMAC key and passphrase; key info from the spot host (shared/reference/exchanges.md).
#pragma once

#include "exchanges/venue_client.h"
#include "exchanges/venue_link.h"

namespace baro::exchanges::kucoin {

class KucoinClient final : public VenueClient {
 public:
  KucoinClient(net::Url futures, net::Url spot, VenueLink& link)
      : base_(std::move(futures)), spot_(std::move(spot)), link_(link) {}
  Result<AccountSnapshot> ReadAccount(const Credentials& credentials) override;
  Result<KeyPermissions> CheckPermissions(const Credentials& credentials) override;

 private:
  net::Url base_;
  net::Url spot_;
  VenueLink& link_;
};

}  // namespace baro::exchanges::kucoin

// Bitget v2 USDT-futures, read with an HMAC key and passphrase (shared/reference/exchanges.md).
#pragma once

#include "exchanges/venue_client.h"
#include "exchanges/venue_link.h"

namespace baro::exchanges::bitget {

class BitgetClient final : public VenueClient {
 public:
  BitgetClient(net::Url base, VenueLink& link) : base_(std::move(base)), link_(link) {}
  Result<AccountSnapshot> ReadAccount(const Credentials& credentials) override;
  Result<KeyPermissions> CheckPermissions(const Credentials& credentials) override;

 private:
  net::Url base_;
  VenueLink& link_;
};

}  // namespace baro::exchanges::bitget

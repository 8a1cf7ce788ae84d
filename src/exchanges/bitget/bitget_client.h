// Bitget v2 USDT-futures, read with an HMAC key and passphrase (shared/reference/exchanges.md).
#pragma once

#include "exchanges/venue_client.h"

namespace baro::exchanges::bitget {

class BitgetClient final : public VenueClient {
 public:
  BitgetClient(net::Url base, net::HttpClient& http) : base_(std::move(base)), http_(http) {}
  Result<AccountSnapshot> ReadAccount(const Credentials& credentials) override;
  Result<KeyPermissions> CheckPermissions(const Credentials& credentials) override;

 private:
  net::Url base_;
  net::HttpClient& http_;
};

}  // namespace baro::exchanges::bitget

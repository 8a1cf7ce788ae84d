// KuCoin Futures, read with an HMAC key and passphrase; key info from the spot host (shared/reference/exchanges.md).
#pragma once

#include "exchanges/venue_client.h"

namespace baro::exchanges::kucoin {

class KucoinClient final : public VenueClient {
 public:
  KucoinClient(net::Url futures, net::Url spot, net::HttpClient& http)
      : base_(std::move(futures)), spot_(std::move(spot)), http_(http) {}
  Result<AccountSnapshot> ReadAccount(const Credentials& credentials) override;
  Result<KeyPermissions> CheckPermissions(const Credentials& credentials) override;

 private:
  net::Url base_;
  net::Url spot_;
  net::HttpClient& http_;
};

}  // namespace baro::exchanges::kucoin

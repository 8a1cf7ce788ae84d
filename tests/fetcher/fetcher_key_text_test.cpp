// The fetcher checks an opened key's characters again before any venue sees it: a key stored with
// a line break (by an older version, or written into the database directly) is refused, and the
// venue receives nothing.
#include <gtest/gtest.h>

#include "fakes/exchanges/fake_binance.h"
#include "fetcher/fetcher_service.h"
#include "vault/envelope.h"
#include "vault/local_kek.h"

namespace baro::fetcher {
namespace {

TEST(FetcherKeyText, RefusesAStoredKeyWithALineBreakBeforeCallingTheVenue) {
  fakes::FakeBinance binance;
  ASSERT_TRUE(binance.Start());
  const std::string key = "bnKey\r\nX-Injected: yes", secret = "bnSecret0123456789abcdef";
  binance.AddKey(key, secret, R"({"enableReading":true,"enableFutures":true})");

  SecretBytes private_key(32);
  for (std::size_t i = 0; i < private_key.size(); ++i) {
    private_key.data()[i] = static_cast<unsigned char>(i + 1);
  }
  auto unwrapper = std::make_shared<vault::LocalKeyUnwrapper>(private_key.Clone());
  vault::LocalKeyWrapper wrapper(vault::PublicKeyOf(private_key));
  auto seal = [&](const std::string& value, vault::SecretField field) {
    auto sealed = vault::Seal(SecretBytes(value), {"1", "7", Venue::kBinance, field}, wrapper);
    EXPECT_TRUE(sealed.ok());
    return sealed->ToText();
  };
  boost::json::object connection{{"user_id", 1},
                                 {"connection_id", 7},
                                 {"venue", "binance"},
                                 {"api_key", seal(key, vault::SecretField::kApiKey)},
                                 {"api_secret", seal(secret, vault::SecretField::kApiSecret)}};

  exchanges::VenueEndpoints endpoints;
  endpoints.binance_futures = binance.BaseUrl();
  endpoints.binance_spot = binance.BaseUrl();
  FetcherService service(unwrapper, endpoints, {});
  auto result = service.Handle("check_permissions", {{"connection", connection}});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidInput);
  EXPECT_NE(result.error().message.find("api_key"), std::string::npos) << result.error().message;
  EXPECT_EQ(result.error().message.find("Injected"), std::string::npos);
  EXPECT_EQ(binance.requests(), 0);
}

}  // namespace
}  // namespace baro::fetcher

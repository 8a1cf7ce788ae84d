// The request bodies sent to Vault Transit are JSON built by a JSON library: a stored ciphertext
// that holds a quote cannot add or replace a field of the decrypt request
// (https://developer.hashicorp.com/vault/api-docs/secret/transit#decrypt-data: "ciphertext" and
// "associated_data" are the two fields sent).
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <mutex>

#include "net/http_server.h"
#include "vault/vault_transit.h"

namespace baro::vault {
namespace {

TEST(VaultTransitBody, AQuoteInAStoredCiphertextStaysInsideItsField) {
  std::mutex mu;
  std::vector<std::string> bodies;
  net::HttpServer server({}, [&](const net::HttpRequest& r) {
    std::lock_guard lock(mu);
    bodies.push_back(r.body);
    return net::HttpResponse::Json(400, R"({"errors":["invalid ciphertext: unable to decrypt"]})");
  });
  ASSERT_TRUE(server.Start().ok());
  VaultTransitOptions options;
  options.address = server.BaseUrl();
  options.key_name = "baro";
  auto unwrapper = VaultTransitKeyUnwrapper::Create(options, SecretBytes("s.decrypt-token"));
  ASSERT_TRUE(unwrapper.ok()) << unwrapper.error().message;

  const std::string tampered = R"(vault:v1:AAAA","associated_data":"b3RoZXIgcm93)";
  WrappedKey wrapped{KekBackend::kVaultTransit, "baro:v1", tampered};
  EXPECT_FALSE((*unwrapper)->Unwrap(wrapped, "row 1").ok());

  std::lock_guard lock(mu);
  ASSERT_EQ(bodies.size(), 1u);
  boost::system::error_code ec;
  auto body = boost::json::parse(bodies[0], ec);
  ASSERT_FALSE(ec) << bodies[0];
  const auto& fields = body.as_object();
  EXPECT_EQ(fields.size(), 2u) << bodies[0];
  EXPECT_EQ(fields.at("ciphertext").as_string(), tampered);
  EXPECT_EQ(fields.at("associated_data").as_string(), "cm93IDE=");  // base64 of "row 1"
}

}  // namespace
}  // namespace baro::vault

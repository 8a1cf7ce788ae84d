// What both halves of the `vault-transit` back-end share: checking the options and one POST to
// Transit with the error mapping of https://developer.hashicorp.com/vault/api-docs#error-response.
// Internal to src/vault.
#pragma once

#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "core/secret.h"
#include "net/http_client.h"
#include "net/url.h"
#include "vault/vault_transit.h"

namespace baro::vault {

// The address to call, or kInvalidInput for a bad mount, key name, address or an empty token.
Result<net::Url> CheckTransitOptions(const VaultTransitOptions& options, const SecretBytes& token);

// POSTs `body` (wiped afterwards) to /v1/<mount>/<op>/<key> and returns the parsed answer, which
// has a "data" object.
Result<boost::json::value> TransitPost(net::HttpClient& http, const net::Url& address,
                                       const VaultTransitOptions& options, const SecretBytes& token,
                                       std::string_view op, std::string& body);

// "vault:v12:…" -> 12
std::optional<int> TransitCiphertextVersion(std::string_view ciphertext);

}  // namespace baro::vault

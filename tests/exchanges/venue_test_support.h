// What the venue tests share: recorded bodies from a venue's testdata folder, the "data" member of
// an enveloped answer, credentials from plain strings, and a contract-size lookup over a parsed
// contract table.
#pragma once

#include <boost/json.hpp>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

#include "core/result.h"
#include "exchanges/venue_client.h"
#include "support/temp_dir.h"

namespace baro::exchanges::venue_tests {

inline std::string VenueSample(const std::string& venue, const std::string& name) {
  return baro::testing::ReadFile(std::string(BARO_SOURCE_DIR) + "/tests/exchanges/" + venue +
                                 "/testdata/" + name);
}

inline std::string DataOf(const std::string& body) {
  return boost::json::serialize(boost::json::parse(body).at("data"));
}

inline Credentials KeyCredentials(const std::string& key, const std::string& secret,
                                  const std::string& passphrase = "") {
  Credentials c;
  c.api_key = SecretBytes(key);
  c.api_secret = SecretBytes(secret);
  if (!passphrase.empty()) c.passphrase = SecretBytes(passphrase);
  return c;
}

// Base units per contract from a parsed contract table (an empty table when it did not parse).
inline std::function<std::optional<double>(const std::string&)> SizesFrom(
    const Result<std::unordered_map<std::string, double>>& table) {
  auto shared = std::make_shared<std::unordered_map<std::string, double>>(
      table ? *table : std::unordered_map<std::string, double>{});
  return [shared](const std::string& id) -> std::optional<double> {
    auto it = shared->find(id);
    if (it == shared->end()) return std::nullopt;
    return it->second;
  };
}

}  // namespace baro::exchanges::venue_tests

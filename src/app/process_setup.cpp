#include "app/process_setup.h"

namespace baro::app {

net::HttpClientOptions OutboundHttpOptions(const config::Config& c) {
  net::HttpClientOptions o;
  o.connect_timeout = std::chrono::milliseconds(c.http_connect_timeout_ms);
  o.request_timeout = std::chrono::milliseconds(c.http_request_timeout_ms);
  o.idle_timeout = std::chrono::milliseconds(c.http_idle_timeout_ms);
  o.ca_file = c.egress_ca_file;
  o.bind_address = c.egress_bind_address;
  o.proxy = c.egress_proxy;
  return o;
}

vault::VaultOptions VaultOptionsFor(const config::Config& c, VaultSide side) {
  vault::VaultOptions o;
  o.backend = vault::KekBackendFromString(c.kms).value_or(vault::KekBackend::kLocal);
  o.local.public_key_file = c.kek_public_key_file;
  o.local.private_key_file = side == VaultSide::kDecrypt ? c.kek_private_key_file : std::string();
  o.gcp_kms.endpoint = c.gcp_kms_endpoint;
  o.gcp_kms.key_name = c.gcp_kms_key_name;
  o.gcp_kms.http = OutboundHttpOptions(c);
  o.gcp_credentials.credentials_file = side == VaultSide::kEncrypt
                                           ? c.gcp_encrypter_credentials_file
                                           : c.gcp_decrypter_credentials_file;
  o.gcp_credentials.token_endpoint = c.gcp_token_endpoint;
  o.gcp_credentials.http = OutboundHttpOptions(c);
  o.gcp_metadata.metadata_url = c.gcp_metadata_url;
  o.gcp_metadata.http = OutboundHttpOptions(c);
  o.vault_transit.address = c.vault_address;
  o.vault_transit.key_name = c.vault_transit_key;
  o.vault_transit.http = OutboundHttpOptions(c);
  o.vault_transit_token_file =
      side == VaultSide::kEncrypt ? c.vault_encrypt_token_file : c.vault_decrypt_token_file;
  return o;
}

}  // namespace baro::app

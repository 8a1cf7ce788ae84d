// Translating the configuration into the options of each module, so every module keeps its own
// small options struct and only the app knows the whole config.
#pragma once

#include "config/config.h"
#include "net/http_client.h"
#include "vault/backends.h"

namespace baro::app {

net::HttpClientOptions OutboundHttpOptions(const config::Config& c);

enum class VaultSide { kEncrypt, kDecrypt };
// The vault options of one side: the API process gets encrypter credentials, the fetcher decrypter
// ones. Each side is only ever given its own.
vault::VaultOptions VaultOptionsFor(const config::Config& c, VaultSide side);

}  // namespace baro::app

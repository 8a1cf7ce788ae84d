// A self-signed certificate for "localhost" and 127.0.0.1, made with OpenSSL at test time, so TLS
// over loopback is real (the client verifies it against this CA file and nothing else).
#pragma once

#include <string>

namespace baro::testing {

struct TlsFiles {
  std::string cert_file;  // PEM certificate, also the CA file a client trusts
  std::string key_file;   // PEM private key
};

// Writes cert.pem and key.pem into `dir`.
TlsFiles MakeSelfSignedCert(const std::string& dir, const std::string& common_name = "localhost");

}  // namespace baro::testing

#include "exchanges/signing.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

namespace baro::exchanges {
namespace {

std::string Hex(const unsigned char* d, unsigned n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(n * 2);
  for (unsigned i = 0; i < n; ++i) {
    out.push_back(kDigits[d[i] >> 4]);
    out.push_back(kDigits[d[i] & 15]);
  }
  return out;
}

unsigned Mac(const EVP_MD* md, const SecretBytes& key, std::string_view data, unsigned char* out) {
  unsigned len = 0;
  HMAC(md, key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &len);
  return len;
}

}  // namespace

std::string HmacSha256Hex(const SecretBytes& key, std::string_view data) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned n = Mac(EVP_sha256(), key, data, mac);
  std::string out = Hex(mac, n);
  SecureZero(mac, sizeof mac);
  return out;
}

std::string HmacSha256Base64(const SecretBytes& key, std::string_view data) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned n = Mac(EVP_sha256(), key, data, mac);
  std::string out(4 * ((n + 2) / 3) + 1, '\0');
  int len = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), mac, static_cast<int>(n));
  out.resize(static_cast<std::size_t>(len));
  SecureZero(mac, sizeof mac);
  return out;
}

std::string HmacSha512Hex(const SecretBytes& key, std::string_view data) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned n = Mac(EVP_sha512(), key, data, mac);
  std::string out = Hex(mac, n);
  SecureZero(mac, sizeof mac);
  return out;
}

std::string Sha512Hex(std::string_view data) {
  unsigned char d[SHA512_DIGEST_LENGTH];
  SHA512(reinterpret_cast<const unsigned char*>(data.data()), data.size(), d);
  return Hex(d, SHA512_DIGEST_LENGTH);
}

}  // namespace baro::exchanges

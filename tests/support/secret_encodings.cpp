#include "support/secret_encodings.h"

#include <cstdint>
#include <stdexcept>

namespace baro::testing {
namespace {

std::string Hex(std::string_view bytes, const char* digits) {
  std::string out;
  for (unsigned char c : bytes) {
    out.push_back(digits[c >> 4]);
    out.push_back(digits[c & 15]);
  }
  return out;
}

// RFC 4648 base64 over whole 3-byte groups only (no padding is ever needed).
std::string Base64Groups(std::string_view bytes, const char* alphabet) {
  std::string out;
  for (std::size_t i = 0; i + 3 <= bytes.size(); i += 3) {
    const std::uint32_t n = (std::uint32_t{static_cast<unsigned char>(bytes[i])} << 16) |
                            (std::uint32_t{static_cast<unsigned char>(bytes[i + 1])} << 8) |
                            std::uint32_t{static_cast<unsigned char>(bytes[i + 2])};
    for (int shift : {18, 12, 6, 0}) out.push_back(alphabet[(n >> shift) & 63]);
  }
  return out;
}

bool Unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

std::string Percent(std::string_view bytes, const char* digits, bool every_byte) {
  std::string out;
  for (unsigned char c : bytes) {
    if (!every_byte && Unreserved(c)) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(digits[c >> 4]);
      out.push_back(digits[c & 15]);
    }
  }
  return out;
}

}  // namespace

std::vector<std::string> SecretEncodings(std::string_view secret) {
  if (secret.size() < 6) throw std::invalid_argument("secret too short to scan for");
  constexpr const char* kLower = "0123456789abcdef";
  constexpr const char* kUpper = "0123456789ABCDEF";
  constexpr const char* kStd = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  constexpr const char* kUrl = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::vector<std::string> out = {std::string(secret),
                                  Hex(secret, kLower),
                                  Hex(secret, kUpper),
                                  Percent(secret, kUpper, false),
                                  Percent(secret, kLower, false),
                                  Percent(secret, kUpper, true),
                                  Percent(secret, kLower, true)};
  // A secret that starts `skip` bytes into a 3-byte group: every encoding of the surrounding
  // stream contains the encoding of the secret's whole groups from its first group boundary on.
  for (std::size_t skip = 0; skip < 3; ++skip) {
    const std::string_view aligned = secret.substr(skip);
    for (const char* alphabet : {kStd, kUrl}) out.push_back(Base64Groups(aligned, alphabet));
  }
  return out;
}

std::string FindEncoding(std::string_view haystack, const std::vector<std::string>& encodings) {
  for (const auto& e : encodings) {
    if (!e.empty() && haystack.find(e) != std::string_view::npos) return e;
  }
  return {};
}

}  // namespace baro::testing

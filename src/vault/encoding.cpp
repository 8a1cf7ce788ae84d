#include "vault/encoding.h"

#include <sodium.h>

#include <optional>

namespace baro::vault {
namespace {
constexpr int kVariant = sodium_base64_VARIANT_ORIGINAL;

// Decodes into `out` (capacity `cap`); returns the decoded length or nullopt.
std::optional<std::size_t> DecodeInto(std::string_view text, unsigned char* out, std::size_t cap) {
  if (text.size() % 4 != 0) return std::nullopt;
  std::size_t len = 0;
  const char* end = nullptr;
  if (sodium_base642bin(out, cap, text.data(), text.size(), nullptr, &len, &end, kVariant) != 0) {
    return std::nullopt;
  }
  if (end != text.data() + text.size()) return std::nullopt;
  return len;
}

Error BadBase64() {
  return MakeError(ErrorCode::kInvalidInput, "malformed base64");
}
}  // namespace

std::string Base64Encode(std::string_view bytes) {
  if (sodium_init() < 0) return {};
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), kVariant), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), kVariant);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

Result<std::string> Base64Decode(std::string_view text) {
  if (sodium_init() < 0) return MakeError(ErrorCode::kInternal, "libsodium failed to start");
  std::string out(text.size() / 4 * 3 + 3, '\0');
  auto len = DecodeInto(text, reinterpret_cast<unsigned char*>(out.data()), out.size());
  if (!len) return BadBase64();
  out.resize(*len);
  return out;
}

Result<SecretBytes> Base64DecodeSecret(std::string_view text) {
  SecretBytes buffer(text.size() / 4 * 3 + 3);
  auto len = DecodeInto(text, buffer.data(), buffer.size());
  if (!len) return BadBase64();
  return SecretBytes(std::string_view(buffer.view().substr(0, *len)));
}

SecretBytes Base64EncodeSecret(const SecretBytes& bytes) {
  SecretBytes out(sodium_base64_ENCODED_LEN(bytes.size(), kVariant));
  sodium_bin2base64(reinterpret_cast<char*>(out.data()), out.size(), bytes.data(), bytes.size(),
                    kVariant);
  return SecretBytes(out.view().substr(0, out.size() - 1));
}

std::string HexEncode(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 0x0f]);
  }
  return out;
}

void ByteWriter::U16(std::uint16_t v) {
  U8(static_cast<std::uint8_t>(v >> 8));
  U8(static_cast<std::uint8_t>(v));
}

void ByteWriter::U32(std::uint32_t v) {
  U16(static_cast<std::uint16_t>(v >> 16));
  U16(static_cast<std::uint16_t>(v));
}

void ByteWriter::Field16(std::string_view bytes) {
  U16(static_cast<std::uint16_t>(bytes.size()));
  Raw(bytes);
}

void ByteWriter::Field32(std::string_view bytes) {
  U32(static_cast<std::uint32_t>(bytes.size()));
  Raw(bytes);
}

bool ByteReader::U8(std::uint8_t& v) {
  if (in_.empty()) return false;
  v = static_cast<std::uint8_t>(in_.front());
  in_.remove_prefix(1);
  return true;
}

bool ByteReader::U16(std::uint16_t& v) {
  std::uint8_t hi = 0, lo = 0;
  if (!U8(hi) || !U8(lo)) return false;
  v = static_cast<std::uint16_t>((hi << 8) | lo);
  return true;
}

bool ByteReader::U32(std::uint32_t& v) {
  std::uint16_t hi = 0, lo = 0;
  if (!U16(hi) || !U16(lo)) return false;
  v = (static_cast<std::uint32_t>(hi) << 16) | lo;
  return true;
}

bool ByteReader::Raw(std::size_t n, std::string_view& out) {
  if (in_.size() < n) return false;
  out = in_.substr(0, n);
  in_.remove_prefix(n);
  return true;
}

bool ByteReader::Field16(std::string_view& out) {
  std::uint16_t n = 0;
  return U16(n) && Raw(n, out);
}

bool ByteReader::Field32(std::string_view& out, std::uint32_t max_size) {
  std::uint32_t n = 0;
  return U32(n) && n <= max_size && Raw(n, out);
}

}  // namespace baro::vault

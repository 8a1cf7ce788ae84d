// Byte encodings used by the vault: standard base64 (with padding, as Cloud KMS and Vault Transit
// expect), base64 straight into locked memory for key material, and big-endian length-prefixed
// framing for the sealed-secret format.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"
#include "core/secret.h"

namespace baro::vault {

std::string Base64Encode(std::string_view bytes);
// Strict: the whole input must be standard base64 with padding; anything else is kInvalidInput.
Result<std::string> Base64Decode(std::string_view text);
// Same, into locked memory: for data keys and plaintexts coming back from a KMS.
Result<SecretBytes> Base64DecodeSecret(std::string_view text);
// Base64 text of key material, in locked memory (it is as sensitive as the bytes themselves).
SecretBytes Base64EncodeSecret(const SecretBytes& bytes);

std::string HexEncode(std::string_view bytes);

// Appends big-endian integers and length-prefixed fields to a byte string.
class ByteWriter {
 public:
  void U8(std::uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void U16(std::uint16_t v);
  void U32(std::uint32_t v);
  void Raw(std::string_view bytes) { out_.append(bytes); }
  void Field16(std::string_view bytes);  // u16 length, then bytes
  void Field32(std::string_view bytes);  // u32 length, then bytes
  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
};

// Reads what ByteWriter wrote; every read checks the remaining length.
class ByteReader {
 public:
  explicit ByteReader(std::string_view in) : in_(in) {}
  bool U8(std::uint8_t& v);
  bool U16(std::uint16_t& v);
  bool U32(std::uint32_t& v);
  bool Raw(std::size_t n, std::string_view& out);
  bool Field16(std::string_view& out);
  bool Field32(std::string_view& out, std::uint32_t max_size);
  bool AtEnd() const { return in_.empty(); }

 private:
  std::string_view in_;
};

}  // namespace baro::vault

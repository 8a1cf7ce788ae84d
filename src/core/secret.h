// SecretBytes: a buffer for key material and passwords. It lives in locked memory excluded from
// core dumps (the process's SecretArena, guard pages around it; a large secret gets its own
// sodium_malloc mapping) and is wiped when it goes away. It cannot be copied by accident and prints as "[redacted]".
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace baro {

class SecretBytes {
 public:
  SecretBytes() = default;
  explicit SecretBytes(std::size_t size);
  explicit SecretBytes(std::string_view data);
  ~SecretBytes();
  SecretBytes(SecretBytes&& other) noexcept;
  SecretBytes& operator=(SecretBytes&& other) noexcept;
  SecretBytes(const SecretBytes&) = delete;
  SecretBytes& operator=(const SecretBytes&) = delete;

  // Copying is explicit, so every copy of a secret is visible in the code.
  SecretBytes Clone() const { return SecretBytes(view()); }

  unsigned char* data() { return data_; }
  const unsigned char* data() const { return data_; }
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  std::string_view view() const { return {reinterpret_cast<const char*>(data_), size_}; }

 private:
  void Release();
  unsigned char* data_ = nullptr;
  std::size_t size_ = 0;
};

// Wipes a buffer in a way the optimizer cannot remove.
void SecureZero(void* data, std::size_t size);
void SecureZero(std::string& s);

// Compares in time independent of where the inputs first differ.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace baro

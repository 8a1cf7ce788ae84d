#include "core/secret.h"

#include <sodium.h>

#include <cstring>
#include <new>
#include <utility>

#include "core/secret_arena.h"

namespace baro {
namespace {
void EnsureSodium() {
  static const bool ok = sodium_init() >= 0;
  if (!ok) throw std::bad_alloc();
}
}  // namespace

SecretBytes::SecretBytes(std::size_t size) {
  EnsureSodium();
  if (size == 0) return;
  // From the process's locked arena (zeroed); a secret too large for it, or one that finds it full,
  // gets its own guarded sodium_malloc mapping.
  data_ = static_cast<unsigned char*>(SecretArena::Process().Allocate(size));
  if (data_ == nullptr) data_ = static_cast<unsigned char*>(sodium_malloc(size));
  if (data_ == nullptr) throw std::bad_alloc();
  size_ = size;
  sodium_memzero(data_, size_);
}

SecretBytes::SecretBytes(std::string_view data) : SecretBytes(data.size()) {
  if (!data.empty()) std::memcpy(data_, data.data(), data.size());
}

SecretBytes::~SecretBytes() {
  Release();
}

SecretBytes::SecretBytes(SecretBytes&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)), size_(std::exchange(other.size_, 0)) {}

SecretBytes& SecretBytes::operator=(SecretBytes&& other) noexcept {
  if (this != &other) {
    Release();
    data_ = std::exchange(other.data_, nullptr);
    size_ = std::exchange(other.size_, 0);
  }
  return *this;
}

void SecretBytes::Release() {
  // Both wipe: the arena before the slot is reused, sodium_free before unmapping.
  if (data_ != nullptr && !SecretArena::Process().Free(data_)) sodium_free(data_);
  data_ = nullptr;
  size_ = 0;
}

void SecureZero(void* data, std::size_t size) {
  if (size > 0) sodium_memzero(data, size);
}

void SecureZero(std::string& s) {
  SecureZero(s.data(), s.size());
  s.clear();
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace baro

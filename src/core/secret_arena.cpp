#include "core/secret_arena.h"

#include <sodium.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <iterator>

namespace baro {
namespace {
std::atomic<std::size_t> configured_bytes{std::size_t{1} << 20};
std::size_t PageSize() {
  static const std::size_t page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  return page;
}
std::size_t RoundUp(std::size_t n, std::size_t to) {
  return (n + to - 1) / to * to;
}
}  // namespace

SecretArena::SecretArena(std::size_t bytes) {
  const std::size_t classes = std::size(kSlotSizes);
  // Each size class gets a whole number of pages, at least one slot of its size.
  std::size_t per_class = RoundUp(bytes / classes, PageSize());
  if (bytes == 0) return;
  std::size_t usable = 0;
  for (std::size_t s : kSlotSizes) usable += RoundUp(std::max(per_class, s), PageSize());
  const std::size_t page = PageSize();
  void* region = ::mmap(nullptr, usable + 2 * page, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (region == MAP_FAILED) return;  // every allocation falls back to sodium_malloc
  region_ = static_cast<unsigned char*>(region);
  region_size_ = usable + 2 * page;
  usable_begin_ = region_ + page;
  usable_ = usable;
  ::mprotect(region_, page, PROT_NONE);
  ::mprotect(usable_begin_ + usable_, page, PROT_NONE);
  // Best effort, like sodium_malloc: a low RLIMIT_MEMLOCK leaves the arena usable, only swappable.
  (void)::mlock(usable_begin_, usable_);
#ifdef MADV_DONTDUMP
  (void)::madvise(usable_begin_, usable_, MADV_DONTDUMP);
#endif
  unsigned char* at = usable_begin_;
  for (std::size_t s : kSlotSizes) {
    const std::size_t span = RoundUp(std::max(per_class, s), page);
    SizeClass c;
    c.slot_size = s;
    c.begin = at;
    c.count = span / s;
    c.free.reserve(c.count);
    for (std::size_t i = c.count; i-- > 0;) c.free.push_back(i);  // lowest addresses first
    classes_.push_back(std::move(c));
    at += span;
  }
}

SecretArena::~SecretArena() {
  if (region_ == nullptr) return;
  sodium_memzero(usable_begin_, usable_);
  (void)::munlock(usable_begin_, usable_);
  ::munmap(region_, region_size_);
}

void* SecretArena::Allocate(std::size_t size) {
  if (size == 0 || region_ == nullptr) return nullptr;
  std::lock_guard lock(mu_);
  for (auto& c : classes_) {
    if (c.slot_size < size || c.free.empty()) continue;
    const std::size_t index = c.free.back();
    c.free.pop_back();
    return c.begin + index * c.slot_size;  // wiped when it was freed (or never used)
  }
  return nullptr;
}

bool SecretArena::Owns(const void* p) const {
  const auto* b = static_cast<const unsigned char*>(p);
  return region_ != nullptr && b >= usable_begin_ && b < usable_begin_ + usable_;
}

bool SecretArena::Free(void* p) {
  if (!Owns(p)) return false;
  auto* b = static_cast<unsigned char*>(p);
  for (auto& c : classes_) {
    if (b < c.begin || b >= c.begin + c.count * c.slot_size) continue;
    const std::size_t index = static_cast<std::size_t>(b - c.begin) / c.slot_size;
    sodium_memzero(c.begin + index * c.slot_size, c.slot_size);
    std::lock_guard lock(mu_);
    c.free.push_back(index);
    return true;
  }
  return false;  // the tail of a class's span that holds no whole slot: never handed out
}

std::size_t SecretArena::slots_in_use() const {
  std::lock_guard lock(mu_);
  std::size_t used = 0;
  for (const auto& c : classes_) used += c.count - c.free.size();
  return used;
}

SecretArena& SecretArena::Process() {
  static SecretArena* arena = new SecretArena(configured_bytes.load());  // lives as long as the
  return *arena;  // process: secrets in static objects may be freed during exit
}

void SecretArena::Configure(std::size_t bytes) {
  configured_bytes.store(bytes);
}

}  // namespace baro

// SecretArena: a bounded pool of locked memory that SecretBytes takes its buffers from.
//
// sodium_malloc gives every secret its own mapping (guard pages, mprotect, mlock), which costs
// several system calls and a cross-CPU TLB flush per allocation and per free. A process that opens
// a key for every read (the fetcher) spent most of its time in the kernel that way
// (docs/performance.md, "Soak"). The arena maps one region once: locked in memory (best effort, as
// sodium_malloc does), excluded from core dumps, with an inaccessible guard page before and after
// it. It is cut into slots of a few fixed sizes; a freed slot is wiped before it is reused. A
// secret larger than the largest slot, or one that finds every slot taken, falls back to
// sodium_malloc, so the arena bounds memory without ever refusing a secret.
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <vector>

namespace baro {

class SecretArena {
 public:
  static constexpr std::size_t kSlotSizes[] = {64, 256, 1024, 4096};

  // `bytes` of locked memory, shared equally by the slot sizes; 0 maps nothing (every
  // allocation falls back).
  explicit SecretArena(std::size_t bytes);
  ~SecretArena();
  SecretArena(const SecretArena&) = delete;
  SecretArena& operator=(const SecretArena&) = delete;

  // A zeroed buffer of at least `size` bytes, or nullptr when no slot fits.
  void* Allocate(std::size_t size);
  // Wipes and returns a buffer; false (and nothing done) when `p` is not from this arena.
  bool Free(void* p);
  bool Owns(const void* p) const;

  std::size_t capacity() const { return usable_; }
  std::size_t slots_in_use() const;

  // The process's arena, made on first use with the size given to Configure (default 1 MiB).
  static SecretArena& Process();
  // Sets the size of the process's arena (vault.locked_arena_kib); only before its first use.
  static void Configure(std::size_t bytes);

 private:
  struct SizeClass {
    std::size_t slot_size = 0;
    unsigned char* begin = nullptr;
    std::size_t count = 0;
    std::vector<std::size_t> free;  // slot indices, preallocated: never grows past `count`
  };
  unsigned char* region_ = nullptr;  // guard page, usable bytes, guard page
  std::size_t region_size_ = 0;
  unsigned char* usable_begin_ = nullptr;
  std::size_t usable_ = 0;
  std::vector<SizeClass> classes_;
  mutable std::mutex mu_;
};

}  // namespace baro

// Counts of this process's kernel resources, read from /proc: threads (/proc/self/task), open
// descriptors (/proc/self/fd) and memory mappings (/proc/self/maps). Tests compare counts, never
// timings, to show that repeated work does not leak.
#pragma once

#include <cstddef>
#include <string>

namespace baro::testing {

struct ProcessCounts {
  std::size_t threads = 0;
  std::size_t fds = 0;
  std::size_t mappings = 0;
};

// `pid` 0: this process.
ProcessCounts CountProcessResources(int pid = 0);
// Paths the descriptors of `pid` point at ("socket:[12345]", "/dev/null", ...).
std::string DescribeDescriptors(int pid);

}  // namespace baro::testing

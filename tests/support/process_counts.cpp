#include "support/process_counts.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace baro::testing {
namespace {

std::string ProcDir(int pid) {
  return pid == 0 ? std::string("/proc/self") : "/proc/" + std::to_string(pid);
}

std::size_t CountEntries(const std::string& dir) {
  std::error_code ec;
  std::size_t n = 0;
  for (auto it = std::filesystem::directory_iterator(dir, ec);
       !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
    ++n;
  }
  return n;
}

}  // namespace

ProcessCounts CountProcessResources(int pid) {
  ProcessCounts c;
  c.threads = CountEntries(ProcDir(pid) + "/task");
  // Listing /proc/self/fd opens one descriptor of its own while it reads.
  c.fds = CountEntries(ProcDir(pid) + "/fd");
  std::ifstream maps(ProcDir(pid) + "/maps");
  std::string line;
  while (std::getline(maps, line)) ++c.mappings;
  return c;
}

std::string DescribeDescriptors(int pid) {
  std::string out;
  std::error_code ec;
  for (auto it = std::filesystem::directory_iterator(ProcDir(pid) + "/fd", ec);
       !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
    std::error_code link_ec;
    auto target = std::filesystem::read_symlink(it->path(), link_ec);
    out += it->path().filename().string() + " -> " + (link_ec ? "?" : target.string()) + "\n";
  }
  return out;
}

}  // namespace baro::testing

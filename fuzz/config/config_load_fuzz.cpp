// The config loader on arbitrary bytes: the part before a NUL is the TOML file, the part after it
// the environment ("NAME=value" lines). Load must return a Config or an Error naming the key; it
// must never crash or throw.
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <map>
#include <string>

#include "config/config.h"
#include "fuzz_input.h"

namespace {

// The file Load reads: an anonymous in-memory file, rewritten for every input.
int ConfigFile() {
  static const int fd = ::memfd_create("baro-config-fuzz", MFD_CLOEXEC);
  return fd;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto [toml, env_text] = baro::fuzz::SplitAtNul(baro::fuzz::AsText(data, size));
  const int fd = ConfigFile();
  if (fd < 0 || ::ftruncate(fd, 0) != 0) return 0;
  if (::pwrite(fd, toml.data(), toml.size(), 0) != static_cast<ssize_t>(toml.size())) return 0;

  std::map<std::string, std::string> env;
  std::size_t pos = 0;
  while (pos < env_text.size()) {
    auto end = env_text.find('\n', pos);
    if (end == std::string_view::npos) end = env_text.size();
    const auto line = env_text.substr(pos, end - pos);
    if (auto eq = line.find('='); eq != std::string_view::npos)
      env[std::string(line.substr(0, eq))] = std::string(line.substr(eq + 1));
    pos = end + 1;
  }
  (void)baro::config::Load("/proc/self/fd/" + std::to_string(fd), env);
  return 0;
}

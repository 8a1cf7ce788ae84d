#include "process_sample.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace baro::soak {
namespace {

int CountEntries(const std::string& dir) {
  std::error_code ec;
  int n = 0;
  for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    ++n;
  return n;
}

}  // namespace

ProcessSample SampleProcess(pid_t pid) {
  ProcessSample s;
  s.pid = pid;
  const std::string base = "/proc/" + std::to_string(pid);
  std::ifstream comm(base + "/comm");
  std::getline(comm, s.name);
  std::ifstream status(base + "/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("VmRSS:", 0) == 0) s.rss_kib = std::stol(line.substr(6));
    if (line.rfind("RssAnon:", 0) == 0) s.rss_anon_kib = std::stol(line.substr(8));
    if (line.rfind("RssFile:", 0) == 0) s.rss_file_kib = std::stol(line.substr(8));
    if (line.rfind("Threads:", 0) == 0) s.threads = std::stoi(line.substr(8));
  }
  s.fds = CountEntries(base + "/fd");
  // Fields 14 and 15 of /proc/PID/stat, counted after the ")" that ends the command name, which
  // may itself hold spaces (proc(5)).
  std::ifstream stat(base + "/stat");
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  if (auto close = text.rfind(')'); close != std::string::npos) {
    std::istringstream fields(text.substr(close + 2));
    std::string field;
    double ticks = 0;
    for (int i = 3; i <= 15 && fields >> field; ++i) {
      if (i >= 14) ticks += std::stod(field);
    }
    s.cpu_s = ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
  }
  std::ifstream maps(base + "/maps");
  for (std::string line; std::getline(maps, line);) ++s.mappings;
  return s;
}

std::vector<pid_t> ProcessTree(pid_t pid) {
  std::vector<pid_t> out{pid};
  std::error_code ec;
  const std::string tasks = "/proc/" + std::to_string(pid) + "/task";
  for (std::filesystem::directory_iterator it(tasks, ec), end; !ec && it != end; it.increment(ec)) {
    std::ifstream children(it->path() / "children");
    for (pid_t child; children >> child;) {
      for (pid_t p : ProcessTree(child)) out.push_back(p);
    }
  }
  return out;
}

}  // namespace baro::soak

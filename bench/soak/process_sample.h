// What the soak driver records about a process from /proc (proc(5)): resident memory
// (VmRSS in /proc/PID/status, and its anonymous and file-backed parts RssAnon and RssFile), open
// descriptors (/proc/PID/fd), threads (/proc/PID/task) and memory mappings (lines of
// /proc/PID/maps), and the CPU time it has used (utime + stime in /proc/PID/stat).
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace baro::soak {

struct ProcessSample {
  pid_t pid = 0;
  std::string name;  // comm
  long rss_kib = 0;
  long rss_anon_kib = 0;  // heap, stacks: what a leak grows
  long rss_file_kib = 0;  // pages of the binary and libraries touched so far, shared memory aside
  int fds = 0;
  int threads = 0;
  int mappings = 0;
  double cpu_s = 0;  // user + system CPU seconds since the process started
};

ProcessSample SampleProcess(pid_t pid);
// `pid` and every descendant, depth first.
std::vector<pid_t> ProcessTree(pid_t pid);

}  // namespace baro::soak

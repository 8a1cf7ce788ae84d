#include "fetcher/frame.h"

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace baro::fetcher {
namespace {

Status WriteAll(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    ssize_t n = ::send(fd, data, size, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0)
      return MakeError(ErrorCode::kUnavailable,
                       std::string("socket write failed: ") + std::strerror(errno));
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return {};
}

Status ReadAll(int fd, char* data, std::size_t size) {
  while (size > 0) {
    ssize_t n = ::recv(fd, data, size, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n == 0) return MakeError(ErrorCode::kUnavailable, "socket closed by peer");
    if (n < 0) {
      return MakeError(ErrorCode::kUnavailable,
                       errno == EAGAIN || errno == EWOULDBLOCK
                           ? std::string("socket read timed out")
                           : std::string("socket read failed: ") + std::strerror(errno));
    }
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return {};
}

sockaddr_un Address(const std::string& path) {
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::strncpy(addr.sun_path, path.c_str(), sizeof(addr.sun_path) - 1);
  return addr;
}

}  // namespace

Status WriteFrame(int fd, std::string_view payload) {
  if (payload.size() > kMaxFrameBytes)
    return MakeError(ErrorCode::kInvalidInput, "frame too large");
  const auto n = static_cast<std::uint32_t>(payload.size());
  const char header[4] = {static_cast<char>(n >> 24), static_cast<char>(n >> 16),
                          static_cast<char>(n >> 8), static_cast<char>(n)};
  if (auto st = WriteAll(fd, header, 4); !st) return st;
  return WriteAll(fd, payload.data(), payload.size());
}

Result<std::string> ReadFrame(int fd, bool* closed_before_data) {
  unsigned char header[4];
  if (closed_before_data != nullptr) *closed_before_data = false;
  ssize_t first = 0;
  do {
    first = ::recv(fd, header, 1, 0);
  } while (first < 0 && errno == EINTR);
  if (first == 0 || (first < 0 && (errno == ECONNRESET || errno == EPIPE))) {
    if (closed_before_data != nullptr) *closed_before_data = true;
    return MakeError(ErrorCode::kUnavailable, "socket closed by peer");
  }
  if (first < 0) {
    return MakeError(ErrorCode::kUnavailable,
                     errno == EAGAIN || errno == EWOULDBLOCK
                         ? std::string("socket read timed out")
                         : std::string("socket read failed: ") + std::strerror(errno));
  }
  if (auto st = ReadAll(fd, reinterpret_cast<char*>(header) + 1, 3); !st) return st.error();
  const std::uint32_t n = (std::uint32_t{header[0]} << 24) | (std::uint32_t{header[1]} << 16) |
                          (std::uint32_t{header[2]} << 8) | std::uint32_t{header[3]};
  if (n > kMaxFrameBytes) return MakeError(ErrorCode::kBadResponse, "frame too large");
  std::string payload(n, '\0');
  if (auto st = ReadAll(fd, payload.data(), n); !st) return st.error();
  return payload;
}

Result<int> ListenUnix(const std::string& path) {
  sockaddr_un addr = Address(path);
  if (path.size() >= sizeof(addr.sun_path)) {
    return MakeError(ErrorCode::kInvalidInput, "socket path too long: " + path);
  }
  int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return MakeError(ErrorCode::kInternal, "socket() failed");
  ::unlink(path.c_str());
  // The socket file is created under a 0177 umask, so it is mode 0600 from its first instant.
  mode_t old = ::umask(0177);
  int rc = ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  ::umask(old);
  if (rc != 0 || ::listen(fd, 64) != 0) {
    std::string why = std::strerror(errno);
    ::close(fd);
    return MakeError(ErrorCode::kUnavailable, "cannot listen on " + path + ": " + why);
  }
  return fd;
}

Result<int> ConnectUnix(const std::string& path, std::chrono::milliseconds timeout) {
  sockaddr_un addr = Address(path);
  int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return MakeError(ErrorCode::kInternal, "socket() failed");
  timeval tv{static_cast<time_t>(timeout.count() / 1000),
             static_cast<suseconds_t>((timeout.count() % 1000) * 1000)};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    std::string why = std::strerror(errno);
    ::close(fd);
    return MakeError(ErrorCode::kUnavailable, "cannot reach the fetcher at " + path + ": " + why);
  }
  return fd;
}

}  // namespace baro::fetcher

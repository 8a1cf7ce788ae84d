#include "vault/key_files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace baro::vault {
namespace {
Error FileError(ErrorCode code, const std::string& path, std::string_view what, int err) {
  std::string message = std::string(what) + " " + path;
  if (err != 0) message += ": " + std::string(std::strerror(err));
  return MakeError(code, std::move(message));
}
}  // namespace

Status WriteNewFile(const std::string& path, std::string_view contents, mode_t mode) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
  if (fd < 0) {
    const int err = errno;
    if (err == EEXIST) {
      return FileError(ErrorCode::kConflict, path, "refusing to overwrite existing key file", 0);
    }
    return FileError(ErrorCode::kInternal, path, "cannot create key file", err);
  }
  Status status;
  if (::fchmod(fd, mode) != 0)
    status = FileError(ErrorCode::kInternal, path, "cannot chmod", errno);
  std::size_t done = 0;
  while (status.ok() && done < contents.size()) {
    const ssize_t n = ::write(fd, contents.data() + done, contents.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      status = FileError(ErrorCode::kInternal, path, "cannot write key file", errno);
      break;
    }
    done += static_cast<std::size_t>(n);
  }
  if (status.ok() && ::fsync(fd) != 0) {
    status = FileError(ErrorCode::kInternal, path, "cannot sync key file", errno);
  }
  ::close(fd);
  if (!status.ok()) ::unlink(path.c_str());
  return status;
}

Result<SecretBytes> ReadKeyFile(const std::string& path, std::size_t max_bytes,
                                bool require_private) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return FileError(ErrorCode::kNotFound, path, "cannot open key file", errno);
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    const int err = errno;
    ::close(fd);
    return FileError(ErrorCode::kInternal, path, "cannot stat key file", err);
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    return FileError(ErrorCode::kInvalidInput, path, "not a regular file:", 0);
  }
  if (require_private && (st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    ::close(fd);
    return FileError(ErrorCode::kForbidden, path,
                     "private key file is accessible to group or others (chmod 600):", 0);
  }
  if (static_cast<std::size_t>(st.st_size) > max_bytes) {
    ::close(fd);
    return FileError(ErrorCode::kInvalidInput, path, "key file is too large:", 0);
  }
  SecretBytes buffer(max_bytes);
  std::size_t done = 0;
  while (done < max_bytes) {
    const ssize_t n = ::read(fd, buffer.data() + done, max_bytes - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int err = errno;
      ::close(fd);
      return FileError(ErrorCode::kInternal, path, "cannot read key file", err);
    }
    if (n == 0) break;
    done += static_cast<std::size_t>(n);
  }
  ::close(fd);
  return SecretBytes(buffer.view().substr(0, done));
}

std::string_view TrimWhitespace(std::string_view s) {
  constexpr std::string_view kSpace = " \t\r\n";
  const auto begin = s.find_first_not_of(kSpace);
  if (begin == std::string_view::npos) return {};
  const auto end = s.find_last_not_of(kSpace);
  return s.substr(begin, end - begin + 1);
}

}  // namespace baro::vault

#include "fetcher/fetcher_server.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cerrno>
#include <cstring>

#include "core/secret.h"
#include "fetcher/fetcher_protocol.h"
#include "fetcher/frame.h"
#include "log/logger.h"
#include "metrics/loop_guard.h"

namespace baro::fetcher {
namespace {

std::string ErrorFrame(const Error& e) {
  return boost::json::serialize(
      boost::json::object{{"ok", false},
                          {"error", boost::json::object{{"code", ToString(e.code)},
                                                        {"message", log::Redact(e.message)},
                                                        {"retry_after_ms", e.retry_after_ms}}}});
}

void SetTimeouts(int fd, std::chrono::milliseconds timeout) {
  timeval tv{static_cast<time_t>(timeout.count() / 1000),
             static_cast<suseconds_t>((timeout.count() % 1000) * 1000)};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
}

}  // namespace

FetcherServer::FetcherServer(std::string socket_path, OperationHandler handler,
                             FetcherServerOptions options)
    : path_(std::move(socket_path)), handler_(std::move(handler)), options_(options) {}

FetcherServer::~FetcherServer() {
  Stop();
}

Status FetcherServer::Start() {
  auto fd = ListenUnix(path_);
  if (!fd) return fd.error();
  listen_fd_ = *fd;
  wake_fd_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (wake_fd_ < 0) {
    ::close(listen_fd_);
    return MakeError(ErrorCode::kInternal, "eventfd() failed");
  }
  running_ = true;
  dispatcher_ = std::thread([this] { Dispatch(); });
  for (int i = 0; i < std::max(1, options_.threads); ++i) pool_.emplace_back([this] { Work(); });
  return {};
}

void FetcherServer::Stop() {
  if (!running_.exchange(false)) return;
  Wake();
  if (dispatcher_.joinable()) dispatcher_.join();
  {
    std::lock_guard lock(mu_);
    // Requests in progress end at once: their connections are shut down under them.
    for (int fd : busy_) ::shutdown(fd, SHUT_RDWR);
  }
  ready_cv_.notify_all();
  for (auto& t : pool_) t.join();
  pool_.clear();
  for (int fd : ready_) CloseConnection(fd);
  for (int fd : returned_) CloseConnection(fd);
  ready_.clear();
  returned_.clear();
  ::close(listen_fd_);
  ::close(wake_fd_);
  ::unlink(path_.c_str());
}

void FetcherServer::Wake() {
  const std::uint64_t one = 1;
  (void)!::write(wake_fd_, &one, sizeof one);
}

void FetcherServer::CloseConnection(int fd) {
  ::close(fd);
  open_.fetch_sub(1);
}

// Watches the listening socket and the idle connections; hands readable ones to the pool.
void FetcherServer::Dispatch() {
  using Clock = std::chrono::steady_clock;
  std::map<int, Clock::time_point> idle;  // connection -> when it went idle
  std::vector<pollfd> fds;
  while (running_) {
    {
      std::lock_guard lock(mu_);
      for (int fd : returned_) idle[fd] = Clock::now();
      returned_.clear();
    }
    const auto now = Clock::now();
    int timeout_ms = static_cast<int>(options_.idle_timeout.count());
    for (auto it = idle.begin(); it != idle.end();) {
      const auto expires = it->second + options_.idle_timeout;
      if (expires <= now) {
        CloseConnection(it->first);
        it = idle.erase(it);
        continue;
      }
      timeout_ms = std::min<int>(
          timeout_ms,
          static_cast<int>(
              std::chrono::duration_cast<std::chrono::milliseconds>(expires - now).count()) +
              1);
      ++it;
    }
    fds.clear();
    fds.push_back({wake_fd_, POLLIN, 0});
    fds.push_back({listen_fd_, POLLIN, 0});
    for (const auto& [fd, since] : idle) fds.push_back({fd, POLLIN, 0});
    int n = ::poll(fds.data(), fds.size(), timeout_ms);
    if (n < 0) {
      if (errno == EINTR) continue;
      log::Error("fetcher.poll_failed", {{"error", std::strerror(errno)}});
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      continue;
    }
    if (fds[0].revents != 0) {
      std::uint64_t drained = 0;
      (void)!::read(wake_fd_, &drained, sizeof drained);
    }
    std::vector<int> readable;
    for (std::size_t i = 2; i < fds.size(); ++i) {
      if (fds[i].revents != 0) readable.push_back(fds[i].fd);
    }
    if (!readable.empty()) {
      std::lock_guard lock(mu_);
      for (int fd : readable) {
        idle.erase(fd);
        ready_.push_back(fd);
      }
    }
    for (std::size_t i = 0; i < readable.size(); ++i) ready_cv_.notify_one();
    if ((fds[1].revents & POLLIN) != 0) {
      int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (fd < 0) {
        if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
          // Out of descriptors: wait instead of spinning on a listening socket that stays readable.
          log::Warn("fetcher.accept_failed", {{"error", std::strerror(errno)}});
          std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        continue;
      }
      if (open_.load() >= static_cast<std::size_t>(std::max(1, options_.max_connections))) {
        ::close(fd);
        refused_.fetch_add(1);
        log::Warn("fetcher.connection_refused", {{"reason", "fetcher.max_connections reached"}});
        continue;
      }
      open_.fetch_add(1);
      accepted_.fetch_add(1);
      SetTimeouts(fd, options_.receive_timeout);
      idle[fd] = Clock::now();
    }
  }
  for (const auto& [fd, since] : idle) CloseConnection(fd);
}

void FetcherServer::Work() {
  for (;;) {
    int fd = -1;
    {
      std::unique_lock lock(mu_);
      ready_cv_.wait(lock, [this] { return !running_ || !ready_.empty(); });
      if (!running_) return;
      fd = ready_.front();
      ready_.pop_front();
      busy_.insert(fd);
    }
    bool keep = false;
    metrics::RunGuarded("fetcher", [&] { keep = ServeOne(fd); });
    {
      std::lock_guard lock(mu_);
      busy_.erase(fd);
      if (keep && running_) {
        returned_.push_back(fd);
        fd = -1;
      }
    }
    if (fd >= 0) {
      CloseConnection(fd);
    } else {
      Wake();
    }
  }
}

bool FetcherServer::ServeOne(int fd) {
  auto frame = ReadFrame(fd);
  if (!frame) return false;
  std::string answer;
  boost::system::error_code ec;
  auto request = boost::json::parse(*frame, ec);
  SecureZero(*frame);
  const boost::json::string* op = nullptr;
  if (!ec && request.is_object()) {
    if (auto* v = request.as_object().if_contains("op"); v && v->is_string()) op = &v->get_string();
  }
  if (op == nullptr) {
    answer = ErrorFrame(MakeError(ErrorCode::kInvalidInput, "request must be {\"op\": ...}"));
  } else if (!IsKnownOperation(*op)) {
    log::Warn("fetcher.refused", {{"op", std::string(std::string_view(*op).substr(0, 40))}});
    answer = ErrorFrame(MakeError(ErrorCode::kForbidden, "operation not offered by the fetcher"));
  } else {
    Result<boost::json::value> result = MakeError(ErrorCode::kInternal, "internal error");
    const bool ran =
        metrics::RunGuarded("fetcher", [&] { result = handler_(*op, request.as_object()); });
    if (!ran) result = MakeError(ErrorCode::kInternal, "internal error in the fetcher");
    answer = result ? boost::json::serialize(boost::json::object{{"ok", true}, {"result", *result}})
                    : ErrorFrame(result.error());
  }
  return WriteFrame(fd, answer).ok();
}

}  // namespace baro::fetcher

#include "fetcher/fetcher_server.h"

#include <sys/socket.h>
#include <unistd.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "core/secret.h"
#include "fetcher/fetcher_protocol.h"
#include "fetcher/frame.h"
#include "log/logger.h"

namespace baro::fetcher {
namespace {

std::string ErrorFrame(const Error& e) {
  return boost::json::serialize(
      boost::json::object{{"ok", false},
                          {"error", boost::json::object{{"code", ToString(e.code)},
                                                        {"message", log::Redact(e.message)},
                                                        {"retry_after_ms", e.retry_after_ms}}}});
}

}  // namespace

FetcherServer::FetcherServer(std::string socket_path, OperationHandler handler)
    : path_(std::move(socket_path)), handler_(std::move(handler)) {}

FetcherServer::~FetcherServer() {
  Stop();
}

Status FetcherServer::Start() {
  auto fd = ListenUnix(path_);
  if (!fd) return fd.error();
  listen_fd_ = *fd;
  running_ = true;
  acceptor_ = std::thread([this] { AcceptLoop(); });
  return {};
}

void FetcherServer::Stop() {
  if (!running_.exchange(false)) return;
  ::shutdown(listen_fd_, SHUT_RDWR);
  if (acceptor_.joinable()) acceptor_.join();
  ::close(listen_fd_);
  ::unlink(path_.c_str());
  std::vector<std::thread> sessions;
  {
    std::lock_guard lock(mu_);
    for (int fd : session_fds_) ::shutdown(fd, SHUT_RDWR);
    sessions.swap(sessions_);
  }
  for (auto& t : sessions) t.join();
}

void FetcherServer::AcceptLoop() {
  while (running_) {
    int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) {
      if (!running_) break;
      continue;
    }
    std::lock_guard lock(mu_);
    session_fds_.push_back(fd);
    sessions_.emplace_back([this, fd] { Serve(fd); });
  }
}

void FetcherServer::Serve(int fd) {
  for (;;) {
    auto frame = ReadFrame(fd);
    if (!frame) break;
    std::string answer;
    boost::system::error_code ec;
    auto request = boost::json::parse(*frame, ec);
    SecureZero(*frame);
    const boost::json::string* op = nullptr;
    if (!ec && request.is_object()) {
      if (auto* v = request.as_object().if_contains("op"); v && v->is_string())
        op = &v->get_string();
    }
    if (op == nullptr) {
      answer = ErrorFrame(MakeError(ErrorCode::kInvalidInput, "request must be {\"op\": ...}"));
    } else if (!IsKnownOperation(*op)) {
      log::Warn("fetcher.refused", {{"op", std::string(std::string_view(*op).substr(0, 40))}});
      answer = ErrorFrame(MakeError(ErrorCode::kForbidden, "operation not offered by the fetcher"));
    } else {
      auto result = handler_(*op, request.as_object());
      answer = result
                   ? boost::json::serialize(boost::json::object{{"ok", true}, {"result", *result}})
                   : ErrorFrame(result.error());
    }
    if (!WriteFrame(fd, answer)) break;
  }
  std::lock_guard lock(mu_);
  std::erase(session_fds_, fd);
  ::close(fd);
}

}  // namespace baro::fetcher

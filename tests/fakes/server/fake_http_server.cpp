#include "fakes/server/fake_http_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstring>

namespace baro::fakes {
namespace {

constexpr int kPollMs = 100;               // how often a blocked relay looks at the stop flag
constexpr std::size_t kMaxSessions = 512;  // concurrent client connections; more are refused
constexpr std::size_t kMaxMessageBytes = 16 * 1024 * 1024;

// One HTTP/1.1 message as bytes: the head (through the blank line) and the body.
struct Message {
  std::string head, body;
  bool close = false;  // "Connection: close"
};

std::string Lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The value of header `name` (lower case) in a message head, or empty.
std::string HeaderValue(const std::string& head, std::string_view name) {
  const std::string lower = Lower(head);
  const std::string key = "\r\n" + std::string(name) + ":";
  auto at = lower.find(key);
  if (at == std::string::npos) return "";
  at += key.size();
  auto end = head.find("\r\n", at);
  std::string v = head.substr(at, end - at);
  v.erase(0, v.find_first_not_of(" \t"));
  v.erase(v.find_last_not_of(" \t") + 1);
  return v;
}

// Waits until `fd` is readable while `running` holds; false once it does not, or on error.
bool WaitReadable(int fd, const std::atomic<bool>& running) {
  while (running.load()) {
    pollfd p{fd, POLLIN, 0};
    const int n = ::poll(&p, 1, kPollMs);
    if (n > 0) return true;
    if (n < 0 && errno != EINTR) return false;
  }
  return false;
}

bool WriteAll(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n <= 0) {
      if (n < 0 && errno == EINTR) continue;
      return false;
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

// Reads one message framed by Content-Length; `buffer` keeps bytes read past it. `until_eof`: a
// message without Content-Length runs to the end of the stream (answers only).
std::optional<Message> ReadMessage(int fd, std::string& buffer, const std::atomic<bool>& running,
                                   bool until_eof) {
  Message m;
  char chunk[16384];
  auto fill = [&]() -> int {
    if (!WaitReadable(fd, running)) return -1;
    const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
    if (n > 0) buffer.append(chunk, static_cast<std::size_t>(n));
    return static_cast<int>(n);
  };
  std::size_t end;
  while ((end = buffer.find("\r\n\r\n")) == std::string::npos) {
    if (buffer.size() > kMaxMessageBytes || fill() <= 0) return std::nullopt;
  }
  m.head = buffer.substr(0, end + 4);
  buffer.erase(0, end + 4);
  m.close = Lower(HeaderValue(m.head, "connection")) == "close";
  const std::string length = HeaderValue(m.head, "content-length");
  if (length.empty() && until_eof) {
    for (int n; (n = fill()) > 0;) {
      if (buffer.size() > kMaxMessageBytes) return std::nullopt;
    }
    m.body = std::move(buffer);
    buffer.clear();
    m.close = true;
    return m;
  }
  const std::size_t want = length.empty() ? 0 : std::stoul(length);
  if (want > kMaxMessageBytes) return std::nullopt;
  while (buffer.size() < want) {
    if (fill() <= 0) return std::nullopt;
  }
  m.body = buffer.substr(0, want);
  buffer.erase(0, want);
  return m;
}

std::string_view Reason(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 418:
      return "I'm a teapot";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    case 504:
      return "Gateway Timeout";
    default:
      return "Error";
  }
}

std::string StatusAnswer(int status, const std::optional<int>& retry_after_s,
                         const std::string& body) {
  std::string out =
      "HTTP/1.1 " + std::to_string(status) + " " + std::string(Reason(status)) +
      "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
      "\r\n";
  if (retry_after_s) out += "Retry-After: " + std::to_string(*retry_after_s) + "\r\n";
  return out + "\r\n" + body;
}

int ConnectLoopback(std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

void Reset(int fd) {
  linger l{1, 0};  // close with RST instead of FIN
  ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
}

}  // namespace

void FaultSwitch::Arm(FaultPlan plan) {
  std::lock_guard lock(mu_);
  plan_ = std::move(plan);
  ++generation_;
}

void FaultSwitch::Clear() {
  {
    std::lock_guard lock(mu_);
    plan_.reset();
    ++generation_;
  }
  cleared_.notify_all();
}

int FaultSwitch::faulted() const {
  std::lock_guard lock(mu_);
  return faulted_;
}

std::vector<std::chrono::steady_clock::time_point> FaultSwitch::fault_times() const {
  std::lock_guard lock(mu_);
  return fault_times_;
}

std::optional<FaultPlan> FaultSwitch::Take() {
  std::lock_guard lock(mu_);
  if (!plan_ || plan_->times == 0) return std::nullopt;
  ++faulted_;
  fault_times_.push_back(std::chrono::steady_clock::now());
  auto plan = *plan_;
  if (plan_->times > 0 && --plan_->times == 0) plan_.reset();
  return plan;
}

void FaultSwitch::WaitWhileHanging(const std::atomic<bool>& running) {
  std::unique_lock lock(mu_);
  const auto generation = generation_;
  while (running.load() && generation_ == generation) {
    cleared_.wait_for(lock, std::chrono::milliseconds(kPollMs));
  }
}

namespace {
std::atomic<bool> serve_directly{false};
}  // namespace

FakeHttpServer::FakeHttpServer(net::HttpServerOptions options, net::HttpHandler handler,
                               bool handler_blocks)
    : direct_(serve_directly.load()), address_(options.address) {
  if (direct_ && !handler_blocks) options.handlers_on_io_threads = true;
  options.port = 0;  // the handler's own server is private; clients reach it through the relay
  inner_ = std::make_unique<net::HttpServer>(std::move(options), std::move(handler));
}

FakeHttpServer::~FakeHttpServer() {
  Stop();
}

void FakeHttpServer::ServeWithoutRelay(bool on) {
  serve_directly = on;
}

Status FakeHttpServer::Start() {
  if (auto st = inner_->Start(); !st) return st;
  if (direct_) {
    port_ = inner_->port();
    running_ = true;
    return {};
  }
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (listen_fd_ < 0) return MakeError(ErrorCode::kInternal, "fake server: socket() failed");
  const int one = 1;
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = 0;
  if (::inet_pton(AF_INET, address_.c_str(), &a.sin_addr) != 1 ||
      ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
      ::listen(listen_fd_, 1024) != 0) {
    ::close(listen_fd_);
    listen_fd_ = -1;
    return MakeError(ErrorCode::kInternal, "fake server: cannot listen on " + address_);
  }
  socklen_t len = sizeof a;
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&a), &len);
  port_ = ntohs(a.sin_port);
  running_ = true;
  acceptor_ = std::thread([this] { AcceptLoop(); });
  return {};
}

void FakeHttpServer::Stop() {
  if (!running_.exchange(false)) return;
  faults_->Clear();
  if (acceptor_.joinable()) acceptor_.join();
  if (listen_fd_ >= 0) ::close(listen_fd_);
  listen_fd_ = -1;
  std::list<Session> sessions;
  {
    std::lock_guard lock(mu_);
    for (auto& s : sessions_) {
      if (s.fd >= 0) ::shutdown(s.fd, SHUT_RDWR);
    }
    sessions.swap(sessions_);
  }
  for (auto& s : sessions) s.thread.join();
  inner_->Stop();
}

std::uint16_t FakeHttpServer::port() const {
  return port_;
}

std::string FakeHttpServer::BaseUrl() const {
  return "http://" + address_ + ":" + std::to_string(port_);
}

void FakeHttpServer::ReapFinished() {
  std::list<Session> finished;
  {
    std::lock_guard lock(mu_);
    for (auto it = sessions_.begin(); it != sessions_.end();) {
      auto next = std::next(it);
      if (it->done.load()) finished.splice(finished.end(), sessions_, it);
      it = next;
    }
  }
  for (auto& s : finished) s.thread.join();
}

void FakeHttpServer::AcceptLoop() {
  while (running_.load()) {
    if (!WaitReadable(listen_fd_, running_)) continue;
    const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    ReapFinished();
    std::lock_guard lock(mu_);
    if (sessions_.size() >= kMaxSessions) {
      ::close(fd);
      continue;
    }
    auto& s = sessions_.emplace_back();
    s.fd = fd;
    s.thread = std::thread([this, &s] {
      Serve(s.fd);
      std::lock_guard lock(mu_);
      ::close(s.fd);  // under the lock: Stop() never shuts down a number reused since
      s.fd = -1;
      s.done = true;
    });
  }
}

void FakeHttpServer::Serve(int client) {
  std::string from_client, from_inner;
  int inner = -1;
  // Forwards one request to the fake's handler and reads its answer.
  auto forward = [&](const Message& request) -> std::optional<Message> {
    if (inner < 0) inner = ConnectLoopback(inner_->port());
    if (inner < 0 || !WriteAll(inner, request.head + request.body)) return std::nullopt;
    return ReadMessage(inner, from_inner, running_, /*until_eof=*/true);
  };
  for (;;) {
    auto request = ReadMessage(client, from_client, running_, /*until_eof=*/false);
    if (!request) break;
    auto fault = faults_->Take();
    bool keep = !request->close;
    if (!fault) {
      auto answer = forward(*request);
      if (!answer || !WriteAll(client, answer->head + answer->body)) break;
      if (answer->close) {
        ::close(inner);
        inner = -1;
        from_inner.clear();
        keep = false;
      }
    } else {
      switch (fault->fault) {
        case Fault::kServerError:
        case Fault::kTooManyRequests:
        case Fault::kBanned: {
          int status = fault->fault == Fault::kTooManyRequests ? 429
                       : fault->fault == Fault::kBanned        ? 418
                                                        : (fault->status ? fault->status : 503);
          std::string body = fault->body.empty()
                                 ? R"({"error":")" + std::string(Reason(status)) + R"("})"
                                 : fault->body;
          keep = WriteAll(client, StatusAnswer(status, fault->retry_after_s, body)) && keep;
          break;
        }
        case Fault::kMalformedJson:
          keep = WriteAll(client, StatusAnswer(200, std::nullopt, R"({"code":0,"data":[{"sym)")) &&
                 keep;
          break;
        case Fault::kTruncatedBody: {
          auto answer = forward(*request);
          if (answer && answer->body.size() >= 2 &&
              !HeaderValue(answer->head, "content-length").empty()) {
            WriteAll(client, answer->head + answer->body.substr(0, answer->body.size() / 2));
          } else {  // nothing to cut: promise 64 bytes and send 11
            WriteAll(client,
                     "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                     "Content-Length: 64\r\n\r\n{\"truncated");
          }
          keep = false;
          break;
        }
        case Fault::kResetConnection:
          Reset(client);
          keep = false;
          break;
        case Fault::kHang:
          faults_->WaitWhileHanging(running_);
          keep = false;
          break;
      }
    }
    if (!keep) break;
  }
  if (inner >= 0) ::close(inner);
}

}  // namespace baro::fakes

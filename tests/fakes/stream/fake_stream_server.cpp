#include "fakes/stream/fake_stream_server.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <deque>
#include <future>
#include <list>
#include <map>
#include <mutex>
#include <vector>

#include "core/clock.h"
#include "fakes/stream/fake_stream_protocol.h"

namespace baro::fakes {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using boost::system::error_code;

namespace {

// The documented paths of each venue's public stream (exchanges.md §0.2 and the pages cited in
// fake_stream_protocol.cpp); KuCoin's comes with its token.
std::string PathOf(Venue venue) {
  switch (venue) {
    case Venue::kHyperliquid:
      return "/ws";
    case Venue::kBinance:
      return "/market/ws";
    case Venue::kBybit:
      return "/v5/public/linear";
    case Venue::kOkx:
      return "/ws/v5/public";
    case Venue::kBitget:
      return "/v2/ws/public";
    case Venue::kGate:
      return "/v4/ws/usdt";
    case Venue::kKucoin:
      return "/";
  }
  return "/";
}

std::int64_t SteadyMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

std::int64_t NowMs() {
  return SystemClock::Instance().NowMs();
}

}  // namespace

struct FakeStreamServer::Impl {
  using Ws = websocket::stream<beast::ssl_stream<beast::tcp_stream>>;
  struct Session {
    std::unique_ptr<Ws> ws;
    std::set<std::string> subscribed;
    std::deque<std::string> outbox;
    bool writing = false;
    bool closed = false;
    bool pushed = false;  // a mark was pushed (Bybit: the next ones are deltas)
  };

  FakeStreamServer& self;
  Venue venue;
  ssl::context tls{ssl::context::tls_server};
  asio::io_context ioc{1};
  tcp::acceptor acceptor{ioc};
  std::thread thread;
  std::uint16_t port = 0;
  bool silent = false;    // I/O thread only
  bool no_marks = false;  // I/O thread only
  static constexpr std::size_t kMaxFrames = 10000;
  mutable std::mutex frames_mu;
  std::vector<FakeStreamServer::ClientFrame> frames;  // under frames_mu, the latest kMaxFrames
  std::list<std::shared_ptr<Session>> sessions;
  std::set<std::string> tokens;
  int next_token = 0;

  Impl(FakeStreamServer& s, Venue v, const std::string& cert, const std::string& key)
      : self(s), venue(v) {
    tls.use_certificate_chain_file(cert);
    tls.use_private_key_file(key, ssl::context::pem);
  }

  void Send(const std::shared_ptr<Session>& s, std::string text) {
    if (s->closed) return;
    s->outbox.push_back(std::move(text));
    if (s->writing) return;
    s->writing = true;
    asio::co_spawn(ioc, Writer(s), asio::detached);
  }

  asio::awaitable<void> Writer(std::shared_ptr<Session> s) {
    while (!s->outbox.empty() && !s->closed) {
      std::string text = std::move(s->outbox.front());
      s->outbox.pop_front();
      error_code ec;
      co_await s->ws->async_write(asio::buffer(text),
                                  asio::redirect_error(asio::use_awaitable, ec));
      if (ec) break;
    }
    s->writing = false;
  }

  void Close(const std::shared_ptr<Session>& s) {
    s->closed = true;
    error_code ignored;
    beast::get_lowest_layer(*s->ws).socket().shutdown(tcp::socket::shutdown_both, ignored);
    beast::get_lowest_layer(*s->ws).socket().close(ignored);
  }

  std::string TokenAnswer() {
    const std::string token = "fake-token-" + std::to_string(++next_token);
    tokens.insert(token);
    return boost::json::serialize(boost::json::object{
        {"code", "200000"},
        {"data",
         {{"token", token},
          {"instanceServers", boost::json::array{boost::json::object{
                                  {"endpoint", "wss://127.0.0.1:" + std::to_string(port) + "/"},
                                  {"encrypt", true},
                                  {"protocol", "websocket"},
                                  {"pingInterval", 18000},
                                  {"pingTimeout", 10000}}}}}}});
  }

  bool Allowed(const http::request<http::string_body>& req) {
    std::string target(req.target());
    const auto q = target.find('?');
    const std::string path = target.substr(0, q);
    if (path != PathOf(venue)) return false;
    if (venue != Venue::kKucoin) return true;
    const std::string query = q == std::string::npos ? "" : target.substr(q + 1);
    for (const auto& t : tokens) {
      if (query.find("token=" + t + "&") != std::string::npos || query.ends_with("token=" + t)) {
        return true;
      }
    }
    return false;
  }

  asio::awaitable<void> Serve(tcp::socket socket) {
    auto s = std::make_shared<Session>();
    s->ws = std::make_unique<Ws>(std::move(socket), tls);
    error_code ec;
    co_await s->ws->next_layer().async_handshake(ssl::stream_base::server,
                                                 asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return;
    beast::flat_buffer buffer;
    http::request<http::string_body> req;
    co_await http::async_read(s->ws->next_layer(), buffer, req,
                              asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return;
    if (!websocket::is_upgrade(req)) {
      http::response<http::string_body> res;
      res.version(11);
      if (venue == Venue::kKucoin && req.method() == http::verb::post &&
          req.target() == "/api/v1/bullet-public") {
        ++self.token_requests_;
        res.result(http::status::ok);
        res.set(http::field::content_type, "application/json");
        res.body() = TokenAnswer();
      } else {
        res.result(http::status::not_found);
        res.body() = R"({"code":"404000","msg":"Not Found"})";
      }
      res.keep_alive(false);
      res.prepare_payload();
      co_await http::async_write(s->ws->next_layer(), res,
                                 asio::redirect_error(asio::use_awaitable, ec));
      co_return;
    }
    if (!Allowed(req)) {
      // Refused before the upgrade: a plain 401 answer (KuCoin without a valid token) or 404.
      http::response<http::string_body> res{
          venue == Venue::kKucoin ? http::status::unauthorized : http::status::not_found, 11};
      res.keep_alive(false);
      res.prepare_payload();
      co_await http::async_write(s->ws->next_layer(), res,
                                 asio::redirect_error(asio::use_awaitable, ec));
      co_return;
    }
    co_await s->ws->async_accept(req, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return;
    s->ws->text(true);
    ++self.sessions_;
    ++self.open_;
    sessions.push_back(s);
    const std::string greeting =
        StreamGreeting(venue, "conn-" + std::to_string(self.sessions_.load()));
    if (!greeting.empty() && !silent) Send(s, greeting);
    while (!s->closed) {
      beast::flat_buffer in;
      co_await s->ws->async_read(in, asio::redirect_error(asio::use_awaitable, ec));
      if (ec) break;
      const std::string text = beast::buffers_to_string(in.data());
      ClientFrameEffect effect = OnClientFrame(venue, text, NowMs());
      if (!effect.understood) ++self.not_understood_;
      const bool subscription = !effect.subscribed.empty() || !effect.unsubscribed.empty();
      if (effect.understood && !subscription) ++self.pings_;
      {
        std::lock_guard lock(frames_mu);
        if (frames.size() >= kMaxFrames) frames.erase(frames.begin());
        frames.push_back({SteadyMs(), subscription});
      }
      for (auto& sym : effect.subscribed) s->subscribed.insert(sym);
      for (auto& sym : effect.unsubscribed) s->subscribed.erase(sym);
      if (silent) continue;  // a stalled feed: requests are taken, nothing is said
      for (auto& reply : effect.replies) Send(s, std::move(reply));
    }
    s->closed = true;
    --self.open_;
    sessions.remove(s);
  }

  asio::awaitable<void> Accept() {
    while (acceptor.is_open()) {
      error_code ec;
      tcp::socket socket =
          co_await acceptor.async_accept(asio::redirect_error(asio::use_awaitable, ec));
      if (ec) co_return;
      asio::co_spawn(ioc, Serve(std::move(socket)), asio::detached);
    }
  }

  template <typename F>
  auto OnIo(F f) -> decltype(f()) {
    std::packaged_task<decltype(f())()> task(std::move(f));
    auto result = task.get_future();
    asio::post(ioc, [&task] { task(); });
    return result.get();
  }
};

FakeStreamServer::FakeStreamServer(Venue venue, std::string cert_file, std::string key_file)
    : impl_(std::make_unique<Impl>(*this, venue, cert_file, key_file)) {}

FakeStreamServer::~FakeStreamServer() {
  Stop();
}

Status FakeStreamServer::Start() {
  error_code ec;
  tcp::endpoint at(asio::ip::make_address("127.0.0.1"), 0);
  impl_->acceptor.open(at.protocol(), ec);
  if (!ec) impl_->acceptor.bind(at, ec);
  if (!ec) impl_->acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return MakeError(ErrorCode::kUnavailable, "fake stream cannot listen: " + ec.message());
  impl_->port = impl_->acceptor.local_endpoint().port();
  asio::co_spawn(impl_->ioc, impl_->Accept(), asio::detached);
  impl_->thread = std::thread([this] { impl_->ioc.run(); });
  return {};
}

void FakeStreamServer::Stop() {
  if (!impl_->thread.joinable()) return;
  impl_->OnIo([this] {
    error_code ignored;
    impl_->acceptor.close(ignored);
    for (auto& s : impl_->sessions) impl_->Close(s);
  });
  impl_->ioc.stop();
  impl_->thread.join();
}

std::string FakeStreamServer::Url() const {
  const std::string host = "127.0.0.1:" + std::to_string(impl_->port);
  if (impl_->venue == Venue::kKucoin) return "https://" + host;
  return "wss://" + host + PathOf(impl_->venue);
}

void FakeStreamServer::PushMark(const std::string& symbol, double mark) {
  impl_->OnIo([&] {
    if (impl_->silent || impl_->no_marks) return;
    for (auto& s : impl_->sessions) {
      if (!s->subscribed.contains(symbol)) continue;
      impl_->Send(s, MarkPush(impl_->venue, symbol, mark, NowMs(), !s->pushed));
      s->pushed = true;
    }
  });
}

void FakeStreamServer::PushMarks(const std::vector<std::pair<std::string, double>>& marks) {
  impl_->OnIo([&] {
    if (impl_->silent || impl_->no_marks) return;
    const std::int64_t now = NowMs();
    for (auto& s : impl_->sessions) {
      for (const auto& [symbol, mark] : marks) {
        if (!s->subscribed.contains(symbol)) continue;
        impl_->Send(s, MarkPush(impl_->venue, symbol, mark, now, !s->pushed));
        s->pushed = true;
      }
    }
  });
}

void FakeStreamServer::SendRaw(const std::string& text) {
  impl_->OnIo([&] {
    for (auto& s : impl_->sessions) impl_->Send(s, text);
  });
}

void FakeStreamServer::DropAll() {
  impl_->OnIo([&] {
    for (auto& s : impl_->sessions) impl_->Close(s);
  });
}

std::vector<FakeStreamServer::ClientFrame> FakeStreamServer::ClientFrames() const {
  std::lock_guard lock(impl_->frames_mu);
  return impl_->frames;
}

void FakeStreamServer::SetNoMarks(bool no_marks) {
  impl_->OnIo([&] { impl_->no_marks = no_marks; });
}

void FakeStreamServer::SetSilent(bool silent) {
  impl_->OnIo([&] { impl_->silent = silent; });
}

std::set<std::string> FakeStreamServer::Subscribed() const {
  return impl_->OnIo([&] {
    std::set<std::string> out;
    for (auto& s : impl_->sessions) {
      if (!s->closed) out.insert(s->subscribed.begin(), s->subscribed.end());
    }
    return out;
  });
}

bool WaitFor(const std::function<bool()>& done, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

}  // namespace baro::fakes

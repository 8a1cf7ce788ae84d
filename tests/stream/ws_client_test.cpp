// The WebSocket client over real TLS on loopback: it verifies the server against the CA file only,
// goes through an HTTP CONNECT proxy when one is set (RFC 9110 §9.3.6), binds to the egress
// address, refuses a frame larger than its limit, and takes wss:// URLs only.
#include "stream/ws_client.h"

#include <gtest/gtest.h>
#include <sys/socket.h>

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/asio/write.hpp>
#include <thread>

#include "fakes/stream/fake_stream_server.h"
#include "support/temp_dir.h"
#include "support/tls_cert.h"

namespace baro::stream {
namespace {
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

// A minimal CONNECT proxy on loopback: one tunnel per accepted connection, bytes relayed both
// ways until either side closes. It records the authority each CONNECT asked for.
class ConnectProxy {
 public:
  ConnectProxy() : acceptor_(ioc_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
    thread_ = std::thread([this] { Serve(); });
  }
  ~ConnectProxy() {
    boost::system::error_code ignored;
    ::shutdown(acceptor_.native_handle(), SHUT_RDWR);  // wakes an accept still waiting
    acceptor_.close(ignored);
    ioc_.stop();
    thread_.join();
    for (auto& t : relays_) t.join();
  }
  std::string Url() const {
    return "http://127.0.0.1:" + std::to_string(acceptor_.local_endpoint().port());
  }
  std::string last_authority() const {
    std::lock_guard lock(mu_);
    return authority_;
  }
  int tunnels() const { return tunnels_.load(); }

 private:
  void Serve() {
    boost::system::error_code ec;
    auto client = std::make_shared<tcp::socket>(ioc_);
    acceptor_.accept(*client, ec);
    if (ec) return;
    asio::streambuf head;
    asio::read_until(*client, head, "\r\n\r\n", ec);
    if (ec) return;
    std::string request(asio::buffers_begin(head.data()), asio::buffers_end(head.data()));
    // "CONNECT host:port HTTP/1.1"
    const auto sp1 = request.find(' '), sp2 = request.find(' ', sp1 + 1);
    const std::string authority = request.substr(sp1 + 1, sp2 - sp1 - 1);
    {
      std::lock_guard lock(mu_);
      authority_ = authority;
    }
    const auto colon = authority.rfind(':');
    auto upstream = std::make_shared<tcp::socket>(ioc_);
    upstream->connect(
        tcp::endpoint(asio::ip::make_address(authority.substr(0, colon)),
                      static_cast<unsigned short>(std::stoi(authority.substr(colon + 1)))),
        ec);
    if (ec) return;
    ++tunnels_;
    asio::write(*client, asio::buffer(std::string("HTTP/1.1 200 Connection established\r\n\r\n")),
                ec);
    auto relay = [](std::shared_ptr<tcp::socket> from, std::shared_ptr<tcp::socket> to) {
      char buf[16384];
      boost::system::error_code e;
      for (;;) {
        const std::size_t n = from->read_some(asio::buffer(buf), e);
        if (e) break;
        asio::write(*to, asio::buffer(buf, n), e);
        if (e) break;
      }
      to->shutdown(tcp::socket::shutdown_both, e);
    };
    relays_.emplace_back(relay, client, upstream);
    relays_.emplace_back(relay, upstream, client);
  }

  asio::io_context ioc_;
  tcp::acceptor acceptor_;
  std::thread thread_;
  std::vector<std::thread> relays_;
  mutable std::mutex mu_;
  std::string authority_;
  std::atomic<int> tunnels_{0};
};

class WsClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    tls_ = testing::MakeSelfSignedCert(dir_.path().string());
    fake_ =
        std::make_unique<fakes::FakeStreamServer>(Venue::kBinance, tls_.cert_file, tls_.key_file);
    ASSERT_TRUE(fake_->Start().ok());
  }

  // Runs `body` as a coroutine on its own io_context and returns its result.
  template <typename T>
  T Run(std::function<asio::awaitable<T>(asio::io_context&)> body) {
    asio::io_context ioc;
    auto future = asio::co_spawn(ioc, body(ioc), asio::use_future);
    ioc.run();
    return future.get();
  }

  WsOptions Options() const {
    WsOptions o;
    o.ca_file = tls_.cert_file;
    o.connect_timeout = std::chrono::milliseconds(3000);
    return o;
  }

  testing::TempDir dir_;
  testing::TlsFiles tls_;
  std::unique_ptr<fakes::FakeStreamServer> fake_;
};

// Subscribes to BTCUSDT and returns the acknowledgement (or the first error).
asio::awaitable<std::string> SubscribeOnce(asio::io_context& ioc, WsOptions options,
                                           std::string url) {
  WsClient ws(ioc, std::move(options));
  auto connected = co_await ws.Connect(url);
  if (!connected) co_return "error: " + connected.error().message;
  auto written =
      co_await ws.Write(R"({"method":"SUBSCRIBE","params":["btcusdt@markPrice@1s"],"id":7})");
  if (!written) co_return "error: " + written.error().message;
  auto frame = co_await ws.Read();
  co_return frame ? *frame : "error: " + frame.error().message;
}

TEST_F(WsClientTest, SubscribesOverVerifiedTls) {
  const std::string url = fake_->Url();
  EXPECT_EQ(Run<std::string>([&](auto& ioc) { return SubscribeOnce(ioc, Options(), url); }),
            R"({"result":null,"id":7})");
  // The session ends with the client: the fake sees the close a moment later.
  EXPECT_TRUE(fakes::WaitFor([&] { return fake_->Subscribed().empty(); }));
}

TEST_F(WsClientTest, RefusesAServerItDoesNotTrust) {
  WsOptions o = Options();
  o.ca_file.clear();  // the system store does not know the test certificate
  const std::string url = fake_->Url();
  const std::string out = Run<std::string>([&](auto& ioc) { return SubscribeOnce(ioc, o, url); });
  EXPECT_TRUE(out.starts_with("error: TLS handshake failed with 127.0.0.1")) << out;
  EXPECT_EQ(fake_->sessions(), 0);
}

TEST_F(WsClientTest, GoesThroughTheConnectProxy) {
  ConnectProxy proxy;
  WsOptions o = Options();
  o.proxy = proxy.Url();
  const std::string url = fake_->Url();
  EXPECT_EQ(Run<std::string>([&](auto& ioc) { return SubscribeOnce(ioc, o, url); }),
            R"({"result":null,"id":7})");
  EXPECT_EQ(proxy.tunnels(), 1);
  // The tunnel was asked for the stream's own host and port.
  EXPECT_EQ("wss://" + proxy.last_authority() + "/market/ws", url);
}

TEST_F(WsClientTest, BindsToTheEgressAddress) {
  WsOptions o = Options();
  o.bind_address = "127.0.0.1";
  const std::string url = fake_->Url();
  EXPECT_EQ(Run<std::string>([&](auto& ioc) { return SubscribeOnce(ioc, o, url); }),
            R"({"result":null,"id":7})");
  // An address this host does not have (TEST-NET-1, RFC 5737) cannot be bound: nothing is sent.
  o.bind_address = "192.0.2.1";
  const std::string out = Run<std::string>([&](auto& ioc) { return SubscribeOnce(ioc, o, url); });
  EXPECT_TRUE(out.starts_with("error: cannot connect to 127.0.0.1")) << out;
  EXPECT_EQ(fake_->sessions(), 1);
}

TEST_F(WsClientTest, AFrameOverTheLimitFailsTheRead) {
  WsOptions o = Options();
  o.max_message_bytes = 4096;
  const std::string url = fake_->Url();
  const std::string out = Run<std::string>([&](auto& ioc) -> asio::awaitable<std::string> {
    WsClient ws(ioc, o);
    auto connected = co_await ws.Connect(url);
    if (!connected) co_return "error: " + connected.error().message;
    (void)co_await ws.Write(R"({"method":"SUBSCRIBE","params":["btcusdt@markPrice@1s"],"id":1})");
    auto ack = co_await ws.Read();
    if (!ack) co_return "error: " + ack.error().message;
    fake_->SendRaw(std::string(4097, 'x'));
    auto frame = co_await ws.Read();
    co_return frame ? *frame : "error: " + frame.error().message;
  });
  EXPECT_TRUE(out.starts_with("error: stream read failed from 127.0.0.1")) << out;
}

TEST(WsUrl, TakesWssOnly) {
  auto url = ParseWsUrl("wss://ws-api-futures.kucoin.com/?token=abc&connectId=1");
  ASSERT_TRUE(url.ok());
  EXPECT_EQ(url->host, "ws-api-futures.kucoin.com");
  EXPECT_EQ(url->port, 443);
  EXPECT_EQ(url->target, "/?token=abc&connectId=1");
  auto okx = ParseWsUrl("wss://ws.okx.com:8443/ws/v5/public");
  ASSERT_TRUE(okx.ok());
  EXPECT_EQ(okx->port, 8443);
  EXPECT_EQ(okx->target, "/ws/v5/public");
  EXPECT_FALSE(ParseWsUrl("ws://stream.bybit.com/v5/public/linear").ok());
  EXPECT_FALSE(ParseWsUrl("https://api.hyperliquid.xyz/ws").ok());
}

}  // namespace
}  // namespace baro::stream

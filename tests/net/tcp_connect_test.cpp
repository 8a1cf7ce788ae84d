// The one TCP connect every outbound client uses (net/tcp_connect.h): it binds to the egress
// address (the listener sees it as the peer), resolves names on the calling thread (no resolver
// thread appears), and reports a bad egress address as an error.
#include "net/tcp_connect.h"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_future.hpp>
#include <chrono>
#include <string>

#include "support/process_counts.h"

namespace baro::net {
namespace {
namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using boost::system::error_code;

class TcpConnect : public ::testing::Test {
 protected:
  // Connects from `bind_address` to the listener at `host`; the peer address the listener saw,
  // or the error.
  std::pair<error_code, std::string> Connect(const std::string& host,
                                             const std::string& bind_address) {
    boost::beast::tcp_stream stream(ioc_);
    stream.expires_after(std::chrono::seconds(5));
    auto done =
        asio::co_spawn(ioc_, ConnectTcp(stream, host, port_, bind_address), asio::use_future);
    ioc_.run();
    ioc_.restart();
    const error_code ec = done.get();
    if (ec) return {ec, ""};
    tcp::socket accepted(ioc_);
    acceptor_.accept(accepted);
    return {ec, accepted.remote_endpoint().address().to_string()};
  }
  asio::io_context ioc_;
  tcp::acceptor acceptor_{ioc_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)};
  std::uint16_t port_ = acceptor_.local_endpoint().port();
};

TEST_F(TcpConnect, LeavesFromTheEgressAddress) {
  EXPECT_EQ(Connect("127.0.0.1", "127.0.0.2"),
            (std::pair<error_code, std::string>{{}, "127.0.0.2"}));
  EXPECT_EQ(Connect("127.0.0.1", "127.0.0.3").second, "127.0.0.3");
  EXPECT_EQ(Connect("127.0.0.1", "").second, "127.0.0.1");
}

TEST_F(TcpConnect, ResolvesNamesWithoutAResolverThread) {
  const std::size_t threads = baro::testing::CountProcessResources().threads;
  auto [ec, peer] = Connect("localhost", "127.0.0.2");
  // "localhost" may resolve to ::1 first: an IPv4 egress address skips it for 127.0.0.1.
  ASSERT_FALSE(ec) << ec.message();
  EXPECT_EQ(peer, "127.0.0.2");
  EXPECT_EQ(baro::testing::CountProcessResources().threads, threads);
}

TEST_F(TcpConnect, ABadEgressAddressIsAnError) {
  EXPECT_TRUE(Connect("127.0.0.1", "not-an-address").first);
  // An IPv6 egress address cannot reach an IPv4 peer: no connect is tried.
  EXPECT_EQ(Connect("127.0.0.1", "::1").first, boost::asio::error::address_family_not_supported);
  EXPECT_TRUE(IsIpLiteral("127.0.0.2"));
  EXPECT_TRUE(IsIpLiteral("::1"));
  EXPECT_FALSE(IsIpLiteral("localhost"));
}

}  // namespace
}  // namespace baro::net

#include "net/tcp_connect.h"

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <optional>

namespace baro::net {
namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using boost::system::error_code;

bool IsIpLiteral(const std::string& host) {
  error_code ec;
  asio::ip::make_address(host, ec);
  return !ec;
}

asio::awaitable<error_code> ConnectTcp(boost::beast::tcp_stream& stream, const std::string& host,
                                       std::uint16_t port, const std::string& bind_address) {
  error_code ec;
  std::optional<asio::ip::address> local;
  if (!bind_address.empty()) {
    local = asio::ip::make_address(bind_address, ec);
    if (ec) co_return ec;
  }
  tcp::resolver resolver(stream.get_executor());
  const auto flags = IsIpLiteral(host)
                         ? tcp::resolver::numeric_host | tcp::resolver::numeric_service
                         : tcp::resolver::numeric_service;
  auto results = resolver.resolve(host, std::to_string(port), flags, ec);
  if (ec) co_return ec;
  for (const auto& entry : results) {
    auto& sock = stream.socket();
    if (sock.is_open()) sock.close(ec);
    // An egress address of one family cannot reach a peer address of the other.
    if (local && local->is_v4() != entry.endpoint().address().is_v4()) {
      ec = asio::error::address_family_not_supported;
      continue;
    }
    sock.open(entry.endpoint().protocol(), ec);
    if (ec) continue;
    if (local) {
      sock.bind(tcp::endpoint(*local, 0), ec);
      if (ec) co_return ec;
    }
    co_await stream.async_connect(entry.endpoint(), asio::redirect_error(asio::use_awaitable, ec));
    if (!ec) {
      stream.socket().set_option(tcp::no_delay(true), ec);
      co_return error_code{};
    }
  }
  if (!ec) ec = asio::error::host_not_found;
  co_return ec;
}

}  // namespace baro::net

// One TCP connect for every outbound client (net::HttpClient, stream::WsClient): resolves the host
// on the calling thread, tries each address in turn, binds the socket to the egress address when
// one is given, and turns on TCP_NODELAY.
//
// Names are resolved synchronously (getaddrinfo, whose answers the system's resolver caches) and
// IP literals not at all (AI_NUMERICHOST): asio's asynchronous resolve would run getaddrinfo on a
// thread each io_context starts for it and keeps until it is destroyed, one thread per client.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/system/error_code.hpp>
#include <cstdint>
#include <string>

namespace baro::net {

// Whether `host` is an IPv4 or IPv6 literal.
bool IsIpLiteral(const std::string& host);

// Connects `stream` (its timeout, set by the caller, bounds the connect) to `host`:`port` from
// `bind_address` (empty: the system chooses). Returns the last error, or host_not_found when the
// name resolved to nothing.
boost::asio::awaitable<boost::system::error_code> ConnectTcp(boost::beast::tcp_stream& stream,
                                                             const std::string& host,
                                                             std::uint16_t port,
                                                             const std::string& bind_address);

}  // namespace baro::net

#include "web/client_address.h"

#include <boost/asio/ip/address.hpp>

namespace baro::web {

std::string ClientAddress(const net::HttpRequest& request, const std::string& trusted_proxy) {
  if (trusted_proxy.empty() || request.remote_address != trusted_proxy) {
    return request.remote_address;
  }
  auto forwarded = request.Header("X-Forwarded-For");
  if (!forwarded) return request.remote_address;
  std::string_view last = *forwarded;
  if (auto comma = last.rfind(','); comma != std::string_view::npos) last.remove_prefix(comma + 1);
  while (!last.empty() && (last.front() == ' ' || last.front() == '\t')) last.remove_prefix(1);
  while (!last.empty() && (last.back() == ' ' || last.back() == '\t')) last.remove_suffix(1);
  boost::system::error_code ec;
  auto address = boost::asio::ip::make_address(std::string(last), ec);
  if (ec) return request.remote_address;  // not an address: the proxy's own is the best we know
  return address.to_string();
}

}  // namespace baro::web

// The address a request came from, for limits and logs. Behind a reverse proxy every connection
// comes from the proxy; then the client is the address the proxy appended to X-Forwarded-For (the
// last entry; earlier ones were sent by the client and prove nothing). The header is honoured only
// on connections from the configured proxy (auth.trusted_proxy); from anyone else it is ignored.
// See https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/X-Forwarded-For.
#pragma once

#include <string>

#include "net/http_message.h"

namespace baro::web {

std::string ClientAddress(const net::HttpRequest& request, const std::string& trusted_proxy);

}  // namespace baro::web

#include "exchanges/read_only_request.h"

namespace baro::exchanges {

Result<net::HttpRequest> ReadOnlyRequest(std::span<const ReadEndpoint> allowed,
                                         std::string_view method, std::string_view path,
                                         std::string_view query) {
  for (const auto& e : allowed) {
    if (e.method == method && e.path == path) {
      net::HttpRequest r;
      r.method = std::string(method);
      r.target.clear();
      r.target.reserve(path.size() + query.size() + 1);
      r.target.append(path);
      if (!query.empty()) r.target.append("?").append(query);
      return r;
    }
  }
  return MakeError(ErrorCode::kForbidden, "refused to build " + std::string(method) + " " +
                                              std::string(path) + ": not a read endpoint");
}

}  // namespace baro::exchanges

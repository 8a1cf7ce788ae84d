// The fetcher's narrow protocol. A request is {"op": <op>, ...}; the answer is {"ok": true,
// "result":
// ...} or {"ok": false, "error": {"code", "message", "retry_after_ms"}}. Only the operations listed
// here exist; anything else is refused.
//
//   health             -> {"status":"ok","pid":N,"can_decrypt":bool,"loop_errors":N}
//                         (loop_errors: the fetcher's baro_loop_errors_total{loop="fetcher"})
//   read_positions     {"connection": Sealed} -> {"positions":[Position...]}
//   read_account       {"connection": Sealed} -> {"account": Account}
//   check_permissions  {"connection": Sealed} -> {"permissions": KeyPermissions}
//
// `Sealed` is a connection's sealed key fields plus the associated data that binds them to their
// row (user id, connection id, venue); plaintext never crosses the socket.
#pragma once

#include <array>
#include <string_view>

namespace baro::fetcher {

inline constexpr std::array<std::string_view, 4> kOperations = {
    "health", "read_positions", "read_account", "check_permissions"};

inline bool IsKnownOperation(std::string_view op) {
  for (auto known : kOperations) {
    if (known == op) return true;
  }
  return false;
}

}  // namespace baro::fetcher

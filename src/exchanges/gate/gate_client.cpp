#include "exchanges/gate/gate_client.h"

namespace baro::exchanges::gate {

Result<AccountSnapshot> GateClient::ReadAccount(const Credentials&) {
  return MakeError(ErrorCode::kUnavailable, "Gate connections are not available in this build yet");
}

Result<KeyPermissions> GateClient::CheckPermissions(const Credentials&) {
  return MakeError(ErrorCode::kUnavailable, "Gate connections are not available in this build yet");
}

}  // namespace baro::exchanges::gate

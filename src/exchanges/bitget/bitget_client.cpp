#include "exchanges/bitget/bitget_client.h"

namespace baro::exchanges::bitget {

Result<AccountSnapshot> BitgetClient::ReadAccount(const Credentials&) {
  return MakeError(ErrorCode::kUnavailable, "Bitget connections are not available in this build yet");
}

Result<KeyPermissions> BitgetClient::CheckPermissions(const Credentials&) {
  return MakeError(ErrorCode::kUnavailable, "Bitget connections are not available in this build yet");
}

}  // namespace baro::exchanges::bitget

#include "exchanges/okx/okx_client.h"

namespace baro::exchanges::okx {

Result<AccountSnapshot> OkxClient::ReadAccount(const Credentials&) {
  return MakeError(ErrorCode::kUnavailable, "OKX connections are not available in this build yet");
}

Result<KeyPermissions> OkxClient::CheckPermissions(const Credentials&) {
  return MakeError(ErrorCode::kUnavailable, "OKX connections are not available in this build yet");
}

}  // namespace baro::exchanges::okx

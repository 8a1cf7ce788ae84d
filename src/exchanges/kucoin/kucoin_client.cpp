#include "exchanges/kucoin/kucoin_client.h"

namespace baro::exchanges::kucoin {

Result<AccountSnapshot> KucoinClient::ReadAccount(const Credentials&) {
  return MakeError(ErrorCode::kUnavailable, "KuCoin connections are not available in this build yet");
}

Result<KeyPermissions> KucoinClient::CheckPermissions(const Credentials&) {
  return MakeError(ErrorCode::kUnavailable, "KuCoin connections are not available in this build yet");
}

}  // namespace baro::exchanges::kucoin

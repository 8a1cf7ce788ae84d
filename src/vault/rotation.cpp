#include "vault/rotation.h"

namespace baro::vault {

Result<SealedSecret> RewrapDataKey(const SealedSecret& sealed, const SecretContext& context,
                                   KeyUnwrapper& current, KeyWrapper& next) {
  if (sealed.version != kSealedSecretVersion) {
    return MakeError(ErrorCode::kCrypto,
                     "cannot rewrap: unsupported format version " + std::to_string(sealed.version));
  }
  if (sealed.data_key.backend != current.backend()) {
    return MakeError(ErrorCode::kCrypto, "cannot rewrap: data key is wrapped by '" +
                                             std::string(ToString(sealed.data_key.backend)) +
                                             "', the current unwrapper is '" +
                                             std::string(ToString(current.backend())) + "'");
  }
  const std::string ad = AssociatedData(context, sealed.version);
  auto data_key = current.Unwrap(sealed.data_key, ad);
  if (!data_key) return data_key.error();
  auto wrapped = next.Wrap(*data_key, ad);
  if (!wrapped) return wrapped.error();
  SealedSecret out = sealed;
  out.data_key = std::move(*wrapped);
  return out;
}

RotationReport RewrapDataKeys(std::span<const RotationItem> batch, KeyUnwrapper& current,
                              KeyWrapper& next) {
  RotationReport report;
  report.results.reserve(batch.size());
  for (const RotationItem& item : batch) {
    report.results.push_back(RewrapDataKey(item.sealed, item.context, current, next));
    if (report.results.back().ok()) {
      ++report.rewrapped;
    } else {
      ++report.failed;
    }
  }
  return report;
}

}  // namespace baro::vault

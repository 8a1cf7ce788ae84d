#include "vault/gcp_metadata_token_source.h"

#include "core/json_util.h"

namespace baro::vault {

MetadataTokenSource::MetadataTokenSource(MetadataTokenOptions options, const Clock& clock)
    : options_(std::move(options)), clock_(clock), http_(options_.http) {}

Result<SecretBytes> MetadataTokenSource::Token() {
  std::lock_guard lock(mu_);
  const std::int64_t now = clock_.NowMs();
  if (!token_.empty() && now < expires_at_ms_ - options_.refresh_margin.count() * 1000) {
    return token_.Clone();
  }
  auto base = net::ParseUrl(options_.metadata_url);
  if (!base) return base.error();
  net::HttpRequest req{
      "GET",
      "/computeMetadata/v1/instance/service-accounts/" + options_.service_account + "/token",
      {{"Metadata-Flavor", "Google"}}};
  auto res = http_.Send(*base, req);
  if (!res) return res.error();
  if (res->status != 200) {
    return MakeError(
        res->status == 403 || res->status == 404 ? ErrorCode::kForbidden : ErrorCode::kUnavailable,
        "metadata server refused a token (HTTP " + std::to_string(res->status) + ")");
  }
  auto parsed = json::Parse(res->body);
  SecureZero(res->body);
  if (!parsed) return parsed.error();
  auto* token = json::Find(*parsed, "access_token");
  auto expires_in = json::GetInt(*parsed, "expires_in");
  if (token == nullptr || !token->is_string() || !expires_in) {
    return MakeError(ErrorCode::kBadResponse, "metadata server answer has no access_token");
  }
  auto& text = const_cast<boost::json::string&>(token->get_string());
  token_ = SecretBytes(std::string_view(text.data(), text.size()));
  SecureZero(text.data(), text.size());
  expires_at_ms_ = now + *expires_in * 1000;
  ++fetched_;
  return token_.Clone();
}

}  // namespace baro::vault

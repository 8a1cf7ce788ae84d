#include "exchanges/signed_read.h"

#include "core/secret.h"

namespace baro::exchanges {

Result<std::string> SignedRead(VenueLink& link, const net::Url& base,
                               const SignedRequestBuilder& build, const ErrorMapper& map_error,
                               const std::function<Status()>& resync, std::int64_t weight) {
  for (int attempt = 0; attempt < 2; ++attempt) {
    auto req = build(link.VenueNowMs());
    if (!req) return req.error();
    auto res = link.Send(base, *req, weight);
    for (auto& header : req->headers) SecureZero(header.second);
    if (!res) return res.error();
    auto e = map_error(*res);
    if (!e) return std::move(res->body);
    if (e->code == ErrorCode::kClockSkew && attempt == 0) {
      if (auto st = resync(); st) continue;  // resync once, then try again
    }
    return *e;
  }
  return MakeError(ErrorCode::kClockSkew, "timestamp rejected after resync");
}

Status SyncVenueClock(VenueLink& link, const net::Url& base, const net::HttpRequest& request,
                      const std::function<std::optional<std::int64_t>(std::string_view)>& server_ms,
                      std::string_view venue) {
  const std::int64_t before = link.LocalNowMs();
  auto res = link.Send(base, request);
  if (!res) return res.error();
  auto server = res->status == 200 ? server_ms(res->body) : std::nullopt;
  if (!server) return MakeError(ErrorCode::kBadResponse, std::string(venue) + ": no server time");
  link.SetServerTime(*server, before, link.LocalNowMs());
  return {};
}

Status RefreshContracts(
    VenueLink& link, const net::Url& base, const net::HttpRequest& request,
    const ErrorMapper& map_error,
    const std::function<Result<std::unordered_map<std::string, double>>(std::string_view)>& parse,
    bool force, std::int64_t weight) {
  if (!force && link.contracts().FreshAt(link.LocalNowMs(), link.options().contract_lifetime_ms)) {
    return {};
  }
  auto res = link.Send(base, request, weight);
  if (!res) return res.error();
  if (auto e = map_error(*res)) return *e;
  auto sizes = parse(res->body);
  if (!sizes) return sizes.error();
  link.contracts().Replace(std::move(*sizes), link.LocalNowMs());
  return {};
}

}  // namespace baro::exchanges

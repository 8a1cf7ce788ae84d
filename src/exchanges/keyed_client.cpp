#include "exchanges/keyed_client.h"

#include "exchanges/signed_read.h"
#include "log/logger.h"

namespace baro::exchanges {

Result<std::string> KeyedClient::SignedGet(std::string_view path, std::string_view query,
                                           const Credentials& c, std::int64_t weight) {
  return SignedGetAt(base_, path, query, c, weight);
}

Result<std::string> KeyedClient::SignedGetAt(const net::Url& base, std::string_view path,
                                             std::string_view query, const Credentials& c,
                                             std::int64_t weight) {
  return SignedRead(
      link_, base, [&](std::int64_t now) { return Signed(path, query, now, c); },
      [this](const net::HttpResponse& r) { return MapAnswer(r); }, [this] { return SyncClock(); },
      weight);
}

Status KeyedClient::SyncClock() {
  auto req = Request(TimePath());
  if (!req) return req.error();
  return SyncVenueClock(
      link_, base_, *req, [this](std::string_view body) { return ServerTimeMs(body); }, venue_);
}

Result<std::string> KeyedClient::Kept(const Credentials& c, std::string_view what,
                                      const CachePolicy& policy,
                                      const std::function<bool(const std::string&)>& covers,
                                      const std::function<Result<std::string>()>& read) {
  bool stale = false;
  auto out = KeptOrRead(link_.accounts(), c.account, what, link_.LocalNowMs(), policy, covers, read,
                        &stale);
  if (stale) {
    log::Warn("exchanges.kept_answer_used",
              {{"venue", std::string(venue_)}, {"read", std::string(what)}});
  }
  return out;
}

}  // namespace baro::exchanges

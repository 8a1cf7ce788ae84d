// GET /api/v1/venues/{venue}/symbols: the venue's perpetual symbols for the symbol picker of the
// hand-entered position form, from the public market table (web/symbol_lists.h), with the base
// and quote the page shows and the venue's maximum leverage where it says.
#include "web/api_state.h"

namespace baro::web {
namespace {

net::HttpResponse Symbols(ApiState& s, RequestContext& ctx) {
  const auto name = ctx.params.find("venue");
  const auto venue = name == ctx.params.end() ? std::nullopt : VenueFromString(name->second);
  if (!venue) return ErrorResponse(404, "not_found", ctx.T("error.not_found"), "venue");
  if (s.deps.market == nullptr) {
    return ErrorResponse(503, "unavailable", ctx.T("error.unavailable"));
  }
  auto list = s.symbol_lists.Get(*s.deps.market, *venue, s.Now());
  if (!list) return FromError(ctx, list.error());
  boost::json::array out;
  for (const auto& e : list->symbols) {
    out.push_back(boost::json::object{{"symbol", e.symbol},
                                      {"base", e.base},
                                      {"quote", e.quote},
                                      {"max_leverage", e.max_leverage}});
  }
  return JsonResponse(200, boost::json::object{{"venue", ToString(*venue)},
                                               {"symbols", std::move(out)},
                                               {"read_at", list->read_at}});
}

}  // namespace

void AddMarketRoutes(ApiState& state) {
  state.router.Add("GET", "/api/v1/venues/{venue}/symbols", {Access::kUser, Symbols});
}

}  // namespace baro::web

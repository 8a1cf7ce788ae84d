// /healthz (the process is alive), /readyz (it can reach its database), /metrics (Prometheus).
#include <boost/json/serialize.hpp>

#include "metrics/metrics.h"
#include "web/api_state.h"

namespace baro::web {

void AddHealthRoutes(ApiState& state) {
  state.router.Add("GET", "/healthz", {Access::kPublic, [](ApiState&, RequestContext&) {
                                         return net::HttpResponse::Json(200, R"({"status":"ok"})");
                                       }});
  state.router.Add(
      "GET", "/readyz",
      {Access::kPublic, [](ApiState& s, RequestContext&) {
         auto ping = s.store().Ping();
         boost::json::object body{{"status", ping ? "ready" : "unavailable"}};
         if (s.deps.key_split) {
           body["details"] = {
               {"key_split",
                {{"enforced", s.deps.key_split->enforced}, {"detail", s.deps.key_split->detail}}}};
         }
         return net::HttpResponse::Json(ping ? 200 : 503, boost::json::serialize(body));
       }});
  // Behind a bearer token read from server.metrics_token_file; without one it is not served.
  state.router.Add("GET", "/metrics",
                   {Access::kPublic, [](ApiState& s, RequestContext& ctx) {
                      const auto& token = s.deps.metrics_token;
                      if (!token || token->empty()) {
                        return ErrorResponse(404, "not_found", ctx.T("error.not_found"));
                      }
                      constexpr std::string_view kBearer = "Bearer ";
                      auto auth = ctx.request.Header("Authorization");
                      if (!auth || !auth->starts_with(kBearer) ||
                          !ConstantTimeEquals(auth->substr(kBearer.size()), token->view())) {
                        auto res =
                            ErrorResponse(401, "unauthenticated", "metrics need a bearer token");
                        res.headers.emplace_back("WWW-Authenticate", "Bearer");
                        return res;
                      }
                      return net::HttpResponse::Text(200, metrics::Default().Render(),
                                                     "text/plain; version=0.0.4; charset=utf-8");
                    }});
}

}  // namespace baro::web

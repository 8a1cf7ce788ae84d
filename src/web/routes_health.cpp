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
  state.router.Add("GET", "/metrics", {Access::kPublic, [](ApiState&, RequestContext&) {
                                         return net::HttpResponse::Text(
                                             200, metrics::Default().Render(),
                                             "text/plain; version=0.0.4; charset=utf-8");
                                       }});
}

}  // namespace baro::web

// /healthz (the process is alive), /readyz (it can reach its database), /metrics (Prometheus).
#include "metrics/metrics.h"
#include "web/api_state.h"

namespace baro::web {

void AddHealthRoutes(ApiState& state) {
  state.router.Add("GET", "/healthz", {Access::kPublic, [](ApiState&, RequestContext&) {
                                         return net::HttpResponse::Json(200, R"({"status":"ok"})");
                                       }});
  state.router.Add("GET", "/readyz",
                   {Access::kPublic, [](ApiState& s, RequestContext&) {
                      auto ping = s.store().Ping();
                      if (!ping) {
                        return net::HttpResponse::Json(503, R"({"status":"unavailable"})");
                      }
                      return net::HttpResponse::Json(200, R"({"status":"ready"})");
                    }});
  state.router.Add("GET", "/metrics", {Access::kPublic, [](ApiState&, RequestContext&) {
                                         return net::HttpResponse::Text(
                                             200, metrics::Default().Render(),
                                             "text/plain; version=0.0.4; charset=utf-8");
                                       }});
}

}  // namespace baro::web

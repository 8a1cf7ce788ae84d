// What a route handler receives: the request, its path parameters, the caller (when logged in) and
// their locale, plus helpers to answer in JSON with translated error messages.
#pragma once

#include <boost/json/value.hpp>
#include <optional>
#include <string>

#include "core/result.h"
#include "i18n/i18n.h"
#include "net/http_message.h"
#include "store/records.h"
#include "web/router.h"

namespace baro::web {

struct RequestContext {
  const net::HttpRequest& request;
  PathParams params;
  std::optional<store::User> user;
  std::optional<store::Session> session;
  std::string locale = "en";
  std::vector<std::pair<std::string, std::string>> extra_headers;  // e.g. Set-Cookie

  std::string T(std::string_view key, const i18n::Args& args = {}) const {
    return i18n::Text(locale, key, args);
  }
};

// JSON answers. Errors look like {"error":{"code":"invalid_input","message":"...","field":"size"}}.
net::HttpResponse JsonResponse(int status, const boost::json::value& body);
net::HttpResponse ErrorResponse(int status, std::string_view code, const std::string& message,
                                std::string_view field = {});
// Maps an internal Error to a status and a translated message (technical detail never leaks).
net::HttpResponse FromError(const RequestContext& ctx, const Error& error);
int HttpStatusFor(ErrorCode code);

// The {id} path parameter as a positive integer, or nullopt.
std::optional<store::Id> IdParam(const RequestContext& ctx);

// Parses the body as a JSON object; an error response on failure.
Result<boost::json::object> ParseJsonBody(const net::HttpRequest& request);

}  // namespace baro::web

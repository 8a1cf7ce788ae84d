// JSON form of the normalized Position and Account, as they cross the fetcher socket and the API.
// Absent optional values are JSON null (a missing liquidation price stays missing, never 0).
#pragma once

#include <boost/json/value.hpp>

#include "core/position.h"
#include "core/result.h"

namespace baro {

boost::json::object ToJson(const Position& p);
Result<Position> PositionFromJson(const boost::json::value& v);
boost::json::object ToJson(const Account& a);
Result<Account> AccountFromJson(const boost::json::value& v);

}  // namespace baro

#include "core/json_util.h"

#include <boost/json/parse.hpp>
#include <charconv>
#include <cmath>

namespace baro::json {

Result<boost::json::value> Parse(std::string_view text) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(text, ec);
  if (ec) return MakeError(ErrorCode::kBadResponse, "malformed JSON: " + ec.message());
  return v;
}

const boost::json::value* Find(const boost::json::value& v, std::string_view key) {
  const auto* obj = v.if_object();
  if (obj == nullptr) return nullptr;
  auto it = obj->find(key);
  return it == obj->end() ? nullptr : &it->value();
}

std::optional<std::string> GetString(const boost::json::value& v, std::string_view key) {
  const auto* f = Find(v, key);
  if (f == nullptr || !f->is_string()) return std::nullopt;
  return std::string(f->get_string());
}

std::optional<std::int64_t> GetInt(const boost::json::value& v, std::string_view key) {
  const auto* f = Find(v, key);
  if (f == nullptr) return std::nullopt;
  if (f->is_int64()) return f->get_int64();
  if (f->is_uint64() && f->get_uint64() <= static_cast<std::uint64_t>(INT64_MAX))
    return static_cast<std::int64_t>(f->get_uint64());
  if (f->is_string()) {
    std::string_view s = f->get_string();
    std::int64_t out = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    if (ec == std::errc() && p == s.data() + s.size()) return out;
  }
  return std::nullopt;
}

std::optional<bool> GetBool(const boost::json::value& v, std::string_view key) {
  const auto* f = Find(v, key);
  if (f == nullptr || !f->is_bool()) return std::nullopt;
  return f->get_bool();
}

std::optional<double> ParseNumber(std::string_view s) {
  if (s.empty()) return std::nullopt;
  if (s.front() == '+') s.remove_prefix(1);
  double out = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  if (ec != std::errc() || p != s.data() + s.size() || !std::isfinite(out)) return std::nullopt;
  return out;
}

std::optional<double> ToNumber(const boost::json::value& v) {
  if (v.is_double()) {
    return std::isfinite(v.get_double()) ? std::optional<double>(v.get_double()) : std::nullopt;
  }
  if (v.is_int64()) return static_cast<double>(v.get_int64());
  if (v.is_uint64()) return static_cast<double>(v.get_uint64());
  if (v.is_string()) return ParseNumber(v.get_string());
  return std::nullopt;
}

std::optional<double> GetNumber(const boost::json::value& v, std::string_view key) {
  const auto* f = Find(v, key);
  return f == nullptr ? std::nullopt : ToNumber(*f);
}

}  // namespace baro::json

#include "log/secret_forms.h"

#include <sodium.h>

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>

namespace baro::log {
namespace {
std::string Base64(std::string_view s, int variant) {
  std::string out(sodium_base64_encoded_len(s.size(), variant), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(s.data()),
                    s.size(), variant);
  out.resize(std::char_traits<char>::length(out.c_str()));
  return out;
}
std::string Hex(std::string_view s, bool upper) {
  static constexpr char kLower[] = "0123456789abcdef";
  static constexpr char kUpper[] = "0123456789ABCDEF";
  const char* digits = upper ? kUpper : kLower;
  std::string out;
  for (unsigned char c : s) {
    out.push_back(digits[c >> 4]);
    out.push_back(digits[c & 15]);
  }
  return out;
}
}  // namespace

std::vector<std::string> SecretForms(std::string_view secret) {
  std::vector<std::string> forms;
  auto add = [&](std::string f) {
    if (f.size() >= 6 && std::find(forms.begin(), forms.end(), f) == forms.end()) {
      forms.push_back(std::move(f));
    }
  };
  add(std::string(secret));
  std::string json = boost::json::serialize(boost::json::string(secret));
  add(json.substr(1, json.size() - 2));
  add(Hex(secret, false));
  add(Hex(secret, true));
  // Base64 with its padding dropped, so the form also matches inside a longer encoding's prefix.
  for (int variant :
       {sodium_base64_VARIANT_ORIGINAL_NO_PADDING, sodium_base64_VARIANT_URLSAFE_NO_PADDING}) {
    add(Base64(secret, variant));
  }
  return forms;
}

}  // namespace baro::log

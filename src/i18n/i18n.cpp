#include "i18n/i18n.h"

#include <boost/json/parse.hpp>
#include <cctype>

#include "i18n/embedded_catalogs.h"

namespace baro::i18n {
namespace {

using CatalogMap = std::map<std::string, std::string, std::less<>>;

const std::map<std::string, CatalogMap, std::less<>>& All() {
  static const auto* all = [] {
    auto* out = new std::map<std::string, CatalogMap, std::less<>>();
    for (const auto& [lang, text] : EmbeddedCatalogs()) {
      auto value = boost::json::parse(text);  // catalogs are checked at build and test time
      CatalogMap catalog;
      for (const auto& [k, v] : value.as_object()) {
        catalog.emplace(std::string(k), std::string(v.as_string()));
      }
      (*out)[std::string(lang)] = std::move(catalog);
    }
    return out;
  }();
  return *all;
}

}  // namespace

const CatalogMap& Catalog(std::string_view locale) {
  const auto& all = All();
  auto it = all.find(locale);
  if (it == all.end()) it = all.find("en");
  return it->second;
}

std::vector<std::string> Locales() {
  std::vector<std::string> out;
  for (const auto& [k, v] : All()) out.push_back(k);
  return out;
}

std::string Text(std::string_view locale, std::string_view key, const Args& args) {
  const auto& catalog = Catalog(locale);
  auto it = catalog.find(key);
  if (it == catalog.end()) {
    const auto& en = Catalog("en");
    it = en.find(key);
    if (it == en.end()) return std::string(key);
  }
  const std::string& pattern = it->second;
  std::string out;
  out.reserve(pattern.size() + 32);
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '{') {
      auto close = pattern.find('}', i);
      if (close != std::string::npos) {
        std::string_view name(pattern.data() + i + 1, close - i - 1);
        bool replaced = false;
        for (const auto& [k, v] : args) {
          if (k == name) {
            out += v;
            replaced = true;
            break;
          }
        }
        if (replaced) {
          i = close;
          continue;
        }
      }
    }
    out.push_back(pattern[i]);
  }
  return out;
}

std::string NegotiateLocale(std::string_view header) {
  // Takes the first listed language we support; quality values are in preference order in practice.
  std::size_t pos = 0;
  while (pos < header.size()) {
    auto comma = header.find(',', pos);
    std::string_view item =
        header.substr(pos, comma == std::string_view::npos ? header.npos : comma - pos);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    std::string lang;
    for (char c : item) {
      if (!std::isalpha(static_cast<unsigned char>(c))) break;
      lang.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
    if (All().count(lang) != 0) return lang;
    if (comma == std::string_view::npos) break;
    pos = comma + 1;
  }
  return "en";
}

}  // namespace baro::i18n

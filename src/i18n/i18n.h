// Every user-facing text (web page, Telegram messages, API errors) lives in one catalog per
// language: src/i18n/catalog/<lang>.json, a flat object of key -> text. Texts may hold {name}
// placeholders. Unknown locales fall back to English; a key missing from a translation falls back
// to English too.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace baro::i18n {

using Args = std::vector<std::pair<std::string_view, std::string>>;

// The text for `key` in `locale` ("en", "ko"), with {name} placeholders replaced by `args`.
// A key missing everywhere returns the key itself (and a test keeps catalogs complete).
std::string Text(std::string_view locale, std::string_view key, const Args& args = {});

std::vector<std::string> Locales();  // the languages with a catalog
// The whole catalog of one language (for the web page, which renders its own texts).
const std::map<std::string, std::string, std::less<>>& Catalog(std::string_view locale);

// Picks the best supported locale from an Accept-Language header value.
std::string NegotiateLocale(std::string_view accept_language);

}  // namespace baro::i18n

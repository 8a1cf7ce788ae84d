// Generated at build time from catalog/*.json (see CMakeLists.txt).
#pragma once

#include <string_view>
#include <utility>
#include <vector>

namespace baro::i18n {
const std::vector<std::pair<std::string_view, std::string_view>>& EmbeddedCatalogs();
}

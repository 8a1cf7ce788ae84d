// The OpenAPI document must describe exactly the routes the server has.
#include <gtest/gtest.h>

#include <set>

#include "support/temp_dir.h"
#include "web/api.h"

namespace baro::web {
namespace {

std::set<std::string> DocumentedRoutes() {
  std::string text = testing::ReadFile(std::string(BARO_SOURCE_DIR) + "/docs/openapi.yaml");
  std::set<std::string> out;
  std::string path;
  bool in_paths = false;
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto nl = text.find('\n', pos);
    std::string line = text.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
    pos = nl == std::string::npos ? text.size() : nl + 1;
    if (line == "paths:") {
      in_paths = true;
      continue;
    }
    if (!in_paths) continue;
    if (line.rfind("  /", 0) == 0 && line.back() == ':') {
      path = line.substr(2, line.size() - 3);
    } else if (line.size() > 4 && line.rfind("    ", 0) == 0 && line[4] != ' ' &&
               line.back() == ':') {
      std::string method = line.substr(4, line.size() - 5);
      if (method == "parameters") continue;
      for (auto& c : method) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      out.insert(method + " " + path);
    }
  }
  return out;
}

TEST(OpenApi, DocumentMatchesTheServersRoutes) {
  config::Config config;
  Api api(ApiDeps{.config = &config});
  std::set<std::string> served;
  for (const auto& r : api.Routes()) served.insert(r.method + " " + r.pattern);
  std::set<std::string> documented = DocumentedRoutes();
  ASSERT_FALSE(documented.empty());
  for (const auto& r : served) EXPECT_TRUE(documented.count(r)) << "undocumented route: " << r;
  for (const auto& r : documented)
    EXPECT_TRUE(served.count(r)) << "documented but not served: " << r;
}

}  // namespace
}  // namespace baro::web

// The forms in which a secret could leak into text: as it is, hex (both cases), base64 and
// base64url, and as JSON would escape it. Used by the redaction layer and by leak-scanning tests.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace baro::log {

std::vector<std::string> SecretForms(std::string_view secret);

}  // namespace baro::log

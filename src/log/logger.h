// One structured logger for the whole process: JSON lines, one event per line, with key/value
// fields. Every line passes a redaction layer: any value registered as secret (bot token, API keys,
// passwords, session tokens) is replaced by "[redacted]" wherever it appears, in plain, hex or
// base64 form, even inside an error message that happens to quote it.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace baro::log {

enum class Level { kDebug, kInfo, kWarn, kError };

using Fields = std::vector<std::pair<std::string_view, std::string>>;

// Registers a secret for redaction for the life of the process (or until Forget). Values shorter
// than 6 characters are ignored (too likely to hit ordinary text).
void RegisterSecret(std::string_view secret);
void ForgetSecret(std::string_view secret);

// Applies the redaction layer to any text (also used for error messages sent to clients).
std::string Redact(std::string_view text);

void SetLevel(Level level);
void SetComponent(std::string component);  // "api", "worker", "fetcher", ...
// Where lines go (default: stderr). For tests.
void SetSink(std::function<void(std::string_view line)> sink);

void Write(Level level, std::string_view event, const Fields& fields = {});
inline void Debug(std::string_view e, const Fields& f = {}) {
  Write(Level::kDebug, e, f);
}
inline void Info(std::string_view e, const Fields& f = {}) {
  Write(Level::kInfo, e, f);
}
inline void Warn(std::string_view e, const Fields& f = {}) {
  Write(Level::kWarn, e, f);
}
inline void Error(std::string_view e, const Fields& f = {}) {
  Write(Level::kError, e, f);
}

}  // namespace baro::log

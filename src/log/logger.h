// One structured logger for the whole process: JSON lines, one event per line, with key/value
// fields. Every line passes a redaction layer: any value registered as secret (bot token, API keys,
// passwords, session tokens) is replaced by "[redacted]" wherever it appears, in plain, hex or
// base64 form, even inside an error message that happens to quote it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace baro::log {

enum class Level { kDebug, kInfo, kWarn, kError };

using Fields = std::vector<std::pair<std::string_view, std::string>>;

// Registers a secret of the process itself (the bot token) for redaction for the life of the
// process (or until Forget). Values shorter than 6 characters are ignored (too likely to hit
// ordinary text).
void RegisterSecret(std::string_view secret);
void ForgetSecret(std::string_view secret);

// A secret redacted for as long as its handle lives: a key a user submitted, while the request
// that carries it is handled. Register only what passed validation; the handle forgets it however
// the request ends. Move-only.
class SecretRegistration {
 public:
  SecretRegistration() = default;
  ~SecretRegistration();
  SecretRegistration(SecretRegistration&& other) noexcept;
  SecretRegistration& operator=(SecretRegistration&& other) noexcept;
  SecretRegistration(const SecretRegistration&) = delete;
  SecretRegistration& operator=(const SecretRegistration&) = delete;

 private:
  friend std::optional<SecretRegistration> RegisterScopedSecret(std::string_view secret);
  explicit SecretRegistration(std::uint64_t id) : id_(id) {}
  std::uint64_t id_ = 0;  // 0: nothing to forget
};

// Registers `secret` (every searchable form, in one locked buffer) until the handle is destroyed.
// nullopt when the registry already holds its capacity of scoped registrations: the caller must
// then refuse the request rather than handle an unredacted secret.
std::optional<SecretRegistration> RegisterScopedSecret(std::string_view secret);
inline constexpr std::size_t kDefaultScopedSecretCapacity = 96;
void SetScopedSecretCapacity(std::size_t max_registrations);  // option log.max_scoped_secrets
std::size_t ScopedSecretCount();

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

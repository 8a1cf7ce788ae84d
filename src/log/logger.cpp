#include "log/logger.h"

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <chrono>
#include <cstdio>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>

#include "core/secret.h"
#include "log/secret_forms.h"

namespace baro::log {
namespace {

struct State {
  std::shared_mutex mu;
  std::vector<std::unique_ptr<SecretBytes>> secrets;  // each secret in every searchable form
  // Scoped registrations: all forms of one secret in one locked buffer, with their lengths.
  struct Scoped {
    SecretBytes forms;
    std::vector<std::size_t> lengths;
  };
  std::map<std::uint64_t, Scoped> scoped;
  std::uint64_t next_id = 1;
  std::size_t scoped_capacity = kDefaultScopedSecretCapacity;
  Level level = Level::kInfo;
  std::string component = "baro";
  std::function<void(std::string_view)> sink;
  std::mutex write_mu;
};

State& S() {
  static State* s = new State();
  return *s;
}

const char* LevelName(Level l) {
  switch (l) {
    case Level::kDebug:
      return "debug";
    case Level::kInfo:
      return "info";
    case Level::kWarn:
      return "warn";
    case Level::kError:
      return "error";
  }
  return "info";
}

std::string Timestamp() {
  auto now = std::chrono::system_clock::now();
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(ms % 1000));
  return buf;
}

}  // namespace

void RegisterSecret(std::string_view secret) {
  if (secret.size() < 6) return;
  std::unique_lock lock(S().mu);
  for (std::string& form : SecretForms(secret)) {
    bool known = false;
    for (const auto& s : S().secrets) known = known || s->view() == form;
    if (!known) S().secrets.push_back(std::make_unique<SecretBytes>(form));
    SecureZero(form);
  }
}

void ForgetSecret(std::string_view secret) {
  if (secret.size() < 6) return;
  std::unique_lock lock(S().mu);
  for (std::string& form : SecretForms(secret)) {
    std::erase_if(S().secrets, [&](const auto& s) { return s->view() == form; });
    SecureZero(form);
  }
}

SecretRegistration::~SecretRegistration() {
  if (id_ == 0) return;
  std::unique_lock lock(S().mu);
  S().scoped.erase(id_);
}

SecretRegistration::SecretRegistration(SecretRegistration&& other) noexcept : id_(other.id_) {
  other.id_ = 0;
}

SecretRegistration& SecretRegistration::operator=(SecretRegistration&& other) noexcept {
  if (this != &other) {
    SecretRegistration old(std::move(*this));
    id_ = other.id_;
    other.id_ = 0;
  }
  return *this;
}

std::optional<SecretRegistration> RegisterScopedSecret(std::string_view secret) {
  std::vector<std::string> forms;
  if (secret.size() >= 6) forms = SecretForms(secret);
  std::size_t total = 0;
  for (const auto& f : forms) total += f.size();
  State::Scoped entry{total > 0 ? SecretBytes(total) : SecretBytes(), {}};
  std::size_t at = 0;
  for (std::string& f : forms) {
    std::copy(f.begin(), f.end(), entry.forms.data() + at);
    at += f.size();
    entry.lengths.push_back(f.size());
    SecureZero(f);
  }
  std::unique_lock lock(S().mu);
  if (S().scoped.size() >= S().scoped_capacity) return std::nullopt;
  const std::uint64_t id = S().next_id++;
  S().scoped.emplace(id, std::move(entry));
  return SecretRegistration(id);
}

void SetScopedSecretCapacity(std::size_t max_registrations) {
  std::unique_lock lock(S().mu);
  S().scoped_capacity = max_registrations;
}

std::size_t ScopedSecretCount() {
  std::shared_lock lock(S().mu);
  return S().scoped.size();
}

namespace {
void RedactAll(std::string& out, std::string_view needle) {
  if (needle.empty()) return;
  for (auto pos = out.find(needle); pos != std::string::npos; pos = out.find(needle, pos)) {
    out.replace(pos, needle.size(), "[redacted]");
    pos += 10;
  }
}
}  // namespace

std::string Redact(std::string_view text) {
  std::string out(text);
  std::shared_lock lock(S().mu);
  for (const auto& s : S().secrets) RedactAll(out, s->view());
  for (const auto& [id, entry] : S().scoped) {
    const std::string_view all = entry.forms.view();
    std::size_t at = 0;
    for (std::size_t len : entry.lengths) {
      RedactAll(out, all.substr(at, len));
      at += len;
    }
  }
  return out;
}

void SetLevel(Level level) {
  S().level = level;
}
void SetComponent(std::string component) {
  S().component = std::move(component);
}
void SetSink(std::function<void(std::string_view)> sink) {
  std::lock_guard lock(S().write_mu);
  S().sink = std::move(sink);
}

void Write(Level level, std::string_view event, const Fields& fields) {
  if (level < S().level) return;
  boost::json::object line;
  line["ts"] = Timestamp();
  line["level"] = LevelName(level);
  line["component"] = S().component;
  line["event"] = event;
  for (const auto& [k, v] : fields) line[k] = v;
  std::string text = Redact(boost::json::serialize(line));
  std::lock_guard lock(S().write_mu);
  if (S().sink) {
    S().sink(text);
  } else {
    text.push_back('\n');
    std::fwrite(text.data(), 1, text.size(), stderr);
  }
}

}  // namespace baro::log

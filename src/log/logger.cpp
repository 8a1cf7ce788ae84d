#include "log/logger.h"

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <chrono>
#include <cstdio>
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

std::string Redact(std::string_view text) {
  std::string out(text);
  std::shared_lock lock(S().mu);
  for (const auto& s : S().secrets) {
    std::string_view needle = s->view();
    for (auto pos = out.find(needle); pos != std::string::npos; pos = out.find(needle, pos)) {
      out.replace(pos, needle.size(), "[redacted]");
      pos += 10;
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

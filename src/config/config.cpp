#include "config/config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/stat.h>
#include <toml++/toml.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <optional>
#include <sstream>

#include "core/json_util.h"

extern char** environ;

namespace baro::config {

namespace {

std::vector<std::string> SplitList(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    const auto comma = text.find(',');
    std::string_view item = text.substr(0, comma);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (!item.empty() && std::find(out.begin(), out.end(), item) == out.end())
      out.emplace_back(item);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return out;
}

}  // namespace

std::vector<std::string> Config::EgressAddresses() const {
  auto out = SplitList(egress_bind_addresses);
  if (out.empty() && !egress_bind_address.empty()) out.push_back(egress_bind_address);
  return out;
}

std::vector<std::string> Config::AllowListAddresses() const {
  auto out = SplitList(egress_public_address);
  return out.empty() ? EgressAddresses() : out;
}

void Config::Resolve() {
  if (database_url.empty()) database_url = "sqlite://" + data_dir + "/baro.db";
  if (kek_public_key_file.empty()) kek_public_key_file = data_dir + "/keys/kek.pub";
  if (fetcher_dir.empty()) fetcher_dir = data_dir + "-fetcher";
  if (kek_private_key_file.empty()) kek_private_key_file = fetcher_dir + "/kek.key";
  if (fetcher_socket.empty()) fetcher_socket = fetcher_dir + "/fetcher.sock";
  if (public_url.empty()) {
    public_url = std::string(tls_cert_file.empty() ? "http" : "https") + "://" + listen_address +
                 ":" + std::to_string(port);
  }
}

namespace {

const OptionSpec* FindOption(std::string_view key) {
  for (const auto& o : Options()) {
    if (o.key == key) return &o;
  }
  return nullptr;
}

Status ApplyTable(Config& c, const toml::table& table, const std::string& prefix) {
  for (const auto& [k, node] : table) {
    std::string key = prefix.empty() ? std::string(k.str()) : prefix + "." + std::string(k.str());
    if (const auto* sub = node.as_table()) {
      if (auto st = ApplyTable(c, *sub, key); !st) return st;
      continue;
    }
    const OptionSpec* spec = FindOption(key);
    if (spec == nullptr) return MakeError(ErrorCode::kInvalidInput, "unknown config option " + key);
    std::string text;
    if (node.is_string()) {
      text = *node.value<std::string>();
    } else if (node.is_boolean()) {
      text = *node.value<bool>() ? "true" : "false";
    } else if (node.is_integer()) {
      text = std::to_string(*node.value<std::int64_t>());
    } else if (node.is_floating_point()) {
      std::ostringstream ss;
      ss << *node.value<double>();
      text = ss.str();
    } else {
      return MakeError(ErrorCode::kInvalidInput,
                       "config option " + key + ": unsupported value type");
    }
    if (auto st = spec->set(c, text); !st) return st;
  }
  return {};
}

// The line of the first control character TOML 1.0 forbids (all but tab, LF and CR:
// https://toml.io/en/v1.0.0), if any. Checked before parsing: toml++ 3.3.0 asserts on some of them
// (in a table header) instead of reporting a syntax error.
std::optional<int> ControlCharacterLine(std::string_view text) {
  int line = 1;
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '\n') ++line;
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) return line;
  }
  return std::nullopt;
}

// The line of the first table header whose name does not start like a TOML key (a bare key
// character or a quote: https://toml.io/en/v1.0.0#table), if any. toml++ 3.3.0 asserts on one
// (parse_table_header calls parse_key unchecked) instead of reporting a syntax error. Baro's
// options are all scalars, so a line that starts with "[" is always a table header here.
std::optional<int> BadTableHeaderLine(std::string_view text) {
  int line = 0;
  for (std::size_t pos = 0; pos < text.size();) {
    ++line;
    auto end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view l = text.substr(pos, end - pos);
    pos = end + 1;
    auto skip = [&] {
      while (!l.empty() && (l.front() == ' ' || l.front() == '\t')) l.remove_prefix(1);
    };
    skip();
    if (l.empty() || l.front() != '[') continue;
    l.remove_prefix(l.size() > 1 && l[1] == '[' ? 2 : 1);
    skip();
    const char c = l.empty() ? '\0' : l.front();
    const bool key_start = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                           (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '"' || c == '\'';
    if (!key_start) return line;
  }
  return std::nullopt;
}

// The line of the first non-ASCII byte outside a string or a comment, if any. TOML allows non-ASCII
// text only there (bare keys are A-Za-z0-9_-: https://toml.io/en/v1.0.0#keys), and toml++ 3.3.0
// reaches an "unreachable" branch (undefined behaviour) on some such characters elsewhere, e.g.
// U+0392 in a table name.
std::optional<int> NonAsciiOutsideStringsLine(std::string_view t) {
  enum { kNormal, kComment, kBasic, kLiteral, kMultiBasic, kMultiLiteral } state = kNormal;
  int line = 1;
  auto at = [&](std::size_t i, std::string_view s) { return t.substr(i, s.size()) == s; };
  // A string starts only where a key or a value may (line start, after '=', '[', '{', ',' or a
  // key's '.'): a quote inside a bare word (port = 2x"""...) opens nothing, so what follows it is
  // still checked.
  char previous = '\n';  // the last character outside strings and comments that is not a blank
  for (std::size_t i = 0; i < t.size(); ++i) {
    const char c = t[i];
    if (c == '\n') ++line;
    switch (state) {
      case kNormal: {
        if (static_cast<unsigned char>(c) >= 0x80) return line;
        const bool may_open = std::string_view("\n=[{,.").find(previous) != std::string_view::npos;
        if (c != ' ' && c != '\t' && c != '\r') previous = c;
        if ((c == '"' || c == '\'') && !may_open) break;
        if (c == '#')
          state = kComment;
        else if (at(i, "\"\"\""))
          state = kMultiBasic, i += 2;
        else if (c == '"')
          state = kBasic;
        else if (at(i, "\'\'\'"))
          state = kMultiLiteral, i += 2;
        else if (c == '\'')
          state = kLiteral;
        break;
      }
      case kComment:
        if (c == '\n') state = kNormal, previous = '\n';
        break;
      case kBasic:
        if (c == '\\')
          ++i;
        else if (c == '"' || c == '\n')
          state = kNormal, previous = c;
        break;
      case kLiteral:
        if (c == '\'' || c == '\n') state = kNormal, previous = c;
        break;
      case kMultiBasic:
        if (c == '\\')
          ++i;
        else if (at(i, "\"\"\""))
          state = kNormal, i += 2;
        break;
      case kMultiLiteral:
        if (at(i, "\'\'\'")) state = kNormal, i += 2;
        break;
    }
  }
  return std::nullopt;
}

}  // namespace

Result<Config> Load(const std::string& path, const std::map<std::string, std::string>& env) {
  Config c;
  // The data directory decides where the file lives, so it may come from the environment first.
  if (auto it = env.find("BARO_DATA_DIR"); it != env.end()) c.data_dir = it->second;
  if (!path.empty()) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return MakeError(ErrorCode::kInvalidInput, "cannot read config file " + path);
    const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    if (auto bad = ControlCharacterLine(text)) {
      return MakeError(ErrorCode::kInvalidInput, "cannot read config file " + path +
                                                     ": control character (line " +
                                                     std::to_string(*bad) + ")");
    }
    if (auto bad = NonAsciiOutsideStringsLine(text)) {
      return MakeError(ErrorCode::kInvalidInput, "cannot read config file " + path +
                                                     ": non-ASCII character outside a string "
                                                     "(line " +
                                                     std::to_string(*bad) + ")");
    }
    if (auto bad = BadTableHeaderLine(text)) {
      return MakeError(ErrorCode::kInvalidInput, "cannot read config file " + path +
                                                     ": invalid table name (line " +
                                                     std::to_string(*bad) + ")");
    }
    toml::table table;
    try {
      table = toml::parse(text, path);  // toml++ reports syntax errors by exception
    } catch (const toml::parse_error& e) {
      std::ostringstream ss;
      ss << "cannot read config file " << path << ": " << e.description() << " (line "
         << e.source().begin.line << ")";
      return MakeError(ErrorCode::kInvalidInput, ss.str());
    }
    if (auto st = ApplyTable(c, table, ""); !st) return st.error();
  }
  for (const auto& spec : Options()) {
    if (auto it = env.find(std::string(spec.env)); it != env.end()) {
      if (auto st = spec.set(c, it->second); !st) {
        return MakeError(ErrorCode::kInvalidInput,
                         st.error().message + " (from " + std::string(spec.env) + ")");
      }
    }
  }
  if (c.kms != "local" && c.kms != "gcp-kms" && c.kms != "vault-transit") {
    return MakeError(ErrorCode::kInvalidInput,
                     "config option vault.kms: must be local, gcp-kms or vault-transit");
  }
  if (c.log_level != "debug" && c.log_level != "info" && c.log_level != "warn" &&
      c.log_level != "error") {
    return MakeError(ErrorCode::kInvalidInput,
                     "config option log.level: must be debug, info, warn or error");
  }
  for (const auto& address : c.EgressAddresses()) {
    in6_addr any{};
    if (::inet_pton(AF_INET, address.c_str(), &any) != 1 &&
        ::inet_pton(AF_INET6, address.c_str(), &any) != 1) {
      return MakeError(ErrorCode::kInvalidInput,
                       "config option egress.bind_addresses: " + address + " is not an IP address");
    }
  }
  const std::pair<std::int64_t, std::int64_t> ages[] = {
      {c.account_config_refresh_s, c.account_config_max_age_s},
      {c.tiers_refresh_s, c.tiers_max_age_s},
      {c.unwatched_refresh_s, c.unwatched_max_age_s}};
  for (const auto& [refresh, max_age] : ages) {
    if (max_age < refresh) {
      return MakeError(ErrorCode::kInvalidInput,
                       "config options exchanges.*_max_age_s: a max age must be at least its "
                       "refresh interval");
    }
  }
  c.Resolve();
  return c;
}

std::map<std::string, std::string> ProcessEnvironment() {
  std::map<std::string, std::string> env;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    std::string_view kv(*e);
    auto eq = kv.find('=');
    if (eq != std::string_view::npos && kv.substr(0, 5) == "BARO_") {
      env.emplace(std::string(kv.substr(0, eq)), std::string(kv.substr(eq + 1)));
    }
  }
  return env;
}

std::string DefaultFileText() {
  Config defaults;
  std::ostringstream out;
  out << "# Baro configuration. Every option, its environment variable and its meaning:\n"
         "# docs/configuration.md. Values here are the defaults; uncomment to change.\n";
  // One table per section, in the order sections first appear in the option list (TOML forbids
  // opening a table twice).
  std::vector<std::string> sections;
  auto section_of = [](std::string_view key) {
    auto dot = key.find('.');
    return dot == std::string_view::npos ? std::string() : std::string(key.substr(0, dot));
  };
  for (const auto& spec : Options()) {
    const std::string sec = section_of(spec.key);
    if (std::find(sections.begin(), sections.end(), sec) == sections.end()) sections.push_back(sec);
  }
  // Keys outside any table must come before the first table header.
  std::stable_partition(sections.begin(), sections.end(), [](const auto& s) { return s.empty(); });
  for (const auto& section : sections) {
    if (!section.empty()) out << "\n[" << section << "]\n";
    for (const auto& spec : Options()) {
      std::string_view key = spec.key;
      if (section_of(key) != section) continue;
      auto dot = key.find('.');
      std::string name(dot == std::string_view::npos ? key : key.substr(dot + 1));
      out << "# " << spec.description << "\n# " << name << " = ";
      std::string value = spec.get(defaults);
      bool numeric = json::ParseNumber(value).has_value();
      out << (numeric ? value : "\"" + value + "\"") << "\n";
    }
  }
  return out.str();
}

std::string OptionsMarkdown() {
  Config defaults;
  std::ostringstream out;
  out << "| Option (TOML) | Environment variable | Default | Meaning |\n|---|---|---|---|\n";
  for (const auto& spec : Options()) {
    std::string value = spec.get(defaults);
    out << "| `" << spec.key << "` | `" << spec.env << "` | "
        << (value.empty() ? "(empty)" : "`" + value + "`") << " | " << spec.description << " |\n";
  }
  return out.str();
}

Result<SecretBytes> ReadSecret(const std::string& file, std::string_view env_name,
                               const std::map<std::string, std::string>& env) {
  if (!file.empty()) {
    // Like the private key files: a secret file that its group or others can read is refused.
    struct stat st {};
    if (::stat(file.c_str(), &st) != 0) {
      return MakeError(ErrorCode::kInvalidInput, "cannot read secret file " + file);
    }
    if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
      return MakeError(ErrorCode::kForbidden,
                       "secret file " + file + " is accessible to group or others (chmod 600)");
    }
    std::ifstream in(file);
    if (!in) return MakeError(ErrorCode::kInvalidInput, "cannot read secret file " + file);
    std::string line;
    std::getline(in, line);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    SecretBytes out(line);
    SecureZero(line);
    return out;
  }
  if (auto it = env.find(std::string(env_name)); it != env.end()) return SecretBytes(it->second);
  return SecretBytes();
}

}  // namespace baro::config

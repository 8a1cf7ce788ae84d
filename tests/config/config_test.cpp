#include "config/config.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "support/temp_dir.h"

namespace baro::config {
namespace {

TEST(Config, DefaultsResolvePathsUnderDataDir) {
  auto c = Load("", {{"BARO_DATA_DIR", "/srv/baro"}});
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->database_url, "sqlite:///srv/baro/baro.db");
  EXPECT_EQ(c->kek_public_key_file, "/srv/baro/keys/kek.pub");
  // The fetcher's files live outside the data directory, in a directory of their own.
  EXPECT_EQ(c->fetcher_dir, "/srv/baro-fetcher");
  EXPECT_EQ(c->kek_private_key_file, "/srv/baro-fetcher/kek.key");
  EXPECT_EQ(c->fetcher_socket, "/srv/baro-fetcher/fetcher.sock");
  EXPECT_EQ(c->check_interval_s, 150);
  EXPECT_EQ(c->link_token_ttl_s, 900);
}

TEST(Config, FileThenEnvironmentOverride) {
  testing::TempDir dir;
  testing::WriteFile(dir.File("baro.toml"),
                     "[worker]\ncheck_interval_s = 5\ncheck_jitter = 0.1\n"
                     "[exchanges]\nbinance_futures_api = \"http://127.0.0.1:9\"\n");
  auto c = Load(dir.File("baro.toml"), {{"BARO_WORKER_CHECK_INTERVAL_S", "7"}});
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->check_interval_s, 7);
  EXPECT_DOUBLE_EQ(c->check_jitter, 0.1);
  EXPECT_EQ(c->binance_futures_api, "http://127.0.0.1:9");
}

// TOML 1.0 allows no control character but tab, LF and CR outside escapes, non-ASCII text only in
// strings and comments, and a table name starts like a key (https://toml.io/en/v1.0.0); such a
// file is refused with the line, never handed to the TOML parser (toml++ 3.3.0 asserts on a bad
// table header and reaches an unreachable branch on some non-ASCII keys). Found by
// fuzz/config/config_load_fuzz.
TEST(Config, ControlCharactersNonAsciiKeysAndBadTableNamesAreRefusedWithTheirLine) {
  testing::TempDir dir;
  testing::WriteFile(
      dir.File("ctl.toml"),
      std::string("[server]\nport = 8080\n\n[\x03\x00rker]\ncheck_interval_s = 5\n", 52));
  auto header = Load(dir.File("ctl.toml"), {});
  ASSERT_FALSE(header.ok());
  EXPECT_EQ(header.error().code, ErrorCode::kInvalidInput);
  EXPECT_NE(header.error().message.find("line 4"), std::string::npos) << header.error().message;

  // A table header whose name starts with neither a key character nor a quote.
  testing::WriteFile(dir.File("star.toml"), "[server]\nport = 8080\n\n  [ *worker]\n");
  auto star = Load(dir.File("star.toml"), {});
  ASSERT_FALSE(star.ok());
  EXPECT_NE(star.error().message.find("line 4"), std::string::npos) << star.error().message;
  testing::WriteFile(dir.File("quoted.toml"), "[ \"worker\" ]\ncheck_interval_s = 6\n");
  auto quoted = Load(dir.File("quoted.toml"), {});
  ASSERT_TRUE(quoted.ok()) << quoted.error().message;
  EXPECT_EQ(quoted->check_interval_s, 6);

  // Non-ASCII text is fine in strings and comments only (a Greek capital beta in a table name).
  testing::WriteFile(dir.File("beta.toml"), "[s\xce\x92rver]\nport = 1\n");
  auto beta = Load(dir.File("beta.toml"), {});
  ASSERT_FALSE(beta.ok());
  EXPECT_NE(beta.error().message.find("line 1"), std::string::npos) << beta.error().message;
  testing::WriteFile(dir.File("utf8.toml"),
                     "# \xce\x92"
                     "aro \xe2\x80\x94 config\n[telegram]\nbot_username = "
                     "\"b\xce\x92t\" # \xce\x92\n");
  auto utf8 = Load(dir.File("utf8.toml"), {});
  ASSERT_TRUE(utf8.ok()) << utf8.error().message;
  EXPECT_EQ(utf8->telegram_bot_username, "b\xce\x92t");

  // Quotes inside a bare word open no string: the Greek capital upsilon after them is outside
  // any string (fuzz/config/config_load_fuzz found toml++ reaching its unreachable branch here).
  testing::WriteFile(dir.File("bare.toml"),
                     "listen = \"254.0.0.1\"\nport = 2BARO_VAUL\"\"\"T_GCP_\xce\xabOKENo\"\n");
  auto bare = Load(dir.File("bare.toml"), {});
  ASSERT_FALSE(bare.ok());
  EXPECT_NE(bare.error().message.find("non-ASCII character outside a string (line 2)"),
            std::string::npos)
      << bare.error().message;

  testing::WriteFile(dir.File("tab.toml"), "[worker]\r\ncheck_interval_s =\t5 # ok\r\n");
  auto tab = Load(dir.File("tab.toml"), {});
  ASSERT_TRUE(tab.ok()) << tab.error().message;
  EXPECT_EQ(tab->check_interval_s, 5);

  EXPECT_FALSE(Load(dir.File("no-such-file.toml"), {}).ok());
}

TEST(Config, BadInputNamesTheOption) {
  testing::TempDir dir;
  testing::WriteFile(dir.File("a.toml"), "[worker]\nno_such_thing = 1\n");
  auto unknown = Load(dir.File("a.toml"), {});
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.error().message.find("worker.no_such_thing"), std::string::npos);

  auto bad_number = Load("", {{"BARO_WORKER_CHECK_INTERVAL_S", "soon"}});
  ASSERT_FALSE(bad_number.ok());
  EXPECT_NE(bad_number.error().message.find("worker.check_interval_s"), std::string::npos);

  auto too_small = Load("", {{"BARO_WORKER_CHECK_INTERVAL_S", "0"}});
  EXPECT_FALSE(too_small.ok());

  testing::WriteFile(dir.File("b.toml"), "[worker\n");
  auto syntax = Load(dir.File("b.toml"), {});
  ASSERT_FALSE(syntax.ok());
  EXPECT_NE(syntax.error().message.find("line 1"), std::string::npos);
}

TEST(Config, DefaultFileRoundTrips) {
  testing::TempDir dir;
  // Uncomment every option line of the generated file: it must load and give the defaults.
  std::string text = DefaultFileText();
  std::string uncommented;
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto nl = text.find('\n', pos);
    std::string line = text.substr(pos, nl - pos);
    if (line.rfind("# ", 0) == 0 && line.find(" = ") != std::string::npos) line = line.substr(2);
    uncommented += line + "\n";
    pos = nl == std::string::npos ? text.size() : nl + 1;
  }
  testing::WriteFile(dir.File("c.toml"), uncommented);
  auto c = Load(dir.File("c.toml"), {});
  ASSERT_TRUE(c.ok()) << c.error().message;
  Config defaults;
  defaults.Resolve();
  for (const auto& spec : Options()) EXPECT_EQ(spec.get(*c), spec.get(defaults)) << spec.key;
}

TEST(Config, EveryOptionIsDocumented) {
  std::string docs = testing::ReadFile(std::string(BARO_SOURCE_DIR) + "/docs/configuration.md");
  EXPECT_NE(docs.find(OptionsMarkdown()), std::string::npos)
      << "docs/configuration.md is out of date; regenerate the table with `baro config --docs`";
}

TEST(Config, SecretsFromFileOrEnvironment) {
  testing::TempDir dir;
  testing::WriteFile(dir.File("token"), "123456:ABC-secret\n");
  ASSERT_EQ(::chmod(dir.File("token").c_str(), 0600), 0);
  auto from_file = ReadSecret(dir.File("token"), "X", {});
  ASSERT_TRUE(from_file.ok());
  EXPECT_EQ(from_file->view(), "123456:ABC-secret");
  auto from_env = ReadSecret("", "BARO_TELEGRAM_BOT_TOKEN", {{"BARO_TELEGRAM_BOT_TOKEN", "t0k"}});
  EXPECT_EQ(from_env->view(), "t0k");
  EXPECT_FALSE(ReadSecret(dir.File("missing"), "X", {}).ok());
}

}  // namespace
}  // namespace baro::config

// The process split, end to end with the real binary: the storing side (API, worker, notifier)
// never makes, reads or needs the private key; it seals with the public key and the fetcher,
// which alone holds the private key, opens. Started as root, `serve` runs the fetcher and the rest
// as two users, and the API's user cannot read the private key file; started as one user it says
// plainly that the split is not enforced. With gcp-kms, one Google identity for both sides is
// refused unless the operator accepts it.
#include <fcntl.h>
#include <grp.h>
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/json/serialize.hpp>
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include "app/api_session.h"
#include "fakes/exchanges/fake_binance.h"
#include "fakes/market/fake_market.h"
#include "support/child.h"
#include "support/secret_encodings.h"
#include "support/temp_dir.h"

namespace baro {
namespace {

using namespace std::chrono_literals;
using testing::ApiSession;
using testing::WaitUntil;

// Users made for the root-only test (useradd), left in place for the next run.
constexpr char kFetcherUser[] = "baro-test-fetcher";
constexpr char kApiUser[] = "baro-test-api";

struct FileInfo {
  bool exists = false;
  uid_t uid = 0;
  mode_t mode = 0;
};

FileInfo Stat(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return {};
  return {true, st.st_uid, static_cast<mode_t>(st.st_mode & 07777)};
}

uid_t IdOf(const std::string& flag, const std::string& user) {
  auto [code, out] = testing::RunToEnd({"/usr/bin/id", flag, user}, {});
  return code == 0 ? static_cast<uid_t>(std::stoul(out)) : static_cast<uid_t>(-1);
}
uid_t UidOf(const std::string& user) {
  return IdOf("-u", user);
}

// The real uid of a process, from /proc/<pid>/status ("Uid:\treal\teffective\t...").
uid_t ProcessUid(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("Uid:", 0) == 0) return static_cast<uid_t>(std::stoul(line.substr(4)));
  }
  return static_cast<uid_t>(-1);
}

// The pid of the process whose command line holds `word` as one argument, or -1.
pid_t ProcessWithArgument(const std::string& word, const std::string& also) {
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    const std::string name = entry.path().filename();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream in(entry.path() / "cmdline");
    std::string cmdline((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::vector<std::string> args;
    for (std::size_t at = 0; at < cmdline.size();) {
      const std::size_t end = cmdline.find('\0', at);
      args.push_back(cmdline.substr(at, end - at));
      at = end == std::string::npos ? cmdline.size() : end + 1;
    }
    bool has_word = false, has_also = false;
    for (const auto& a : args) {
      has_word |= a == word;
      has_also |= a == also;
    }
    if (has_word && has_also) return static_cast<pid_t>(std::stol(name));
  }
  return -1;
}

// Whether a process running as `uid` (with that user's group only) can open `path` for reading.
bool CanOpenAs(uid_t uid, gid_t gid, const std::string& path) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    if (::setgroups(0, nullptr) != 0 || ::setresgid(gid, gid, gid) != 0 ||
        ::setresuid(uid, uid, uid) != 0) {
      ::_exit(2);
    }
    const int fd = ::open(path.c_str(), O_RDONLY);
    ::_exit(fd >= 0 ? 0 : (errno == EACCES ? 1 : 3));
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) != 2 && WEXITSTATUS(status) != 3)
      << "probe failed, status " << status;
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

// The pid of this test's own child process that runs `baro <role>`, or -1.
pid_t OwnChild(const std::string& role) {
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    const std::string name = entry.path().filename();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream stat(entry.path() / "stat");
    std::string line;
    std::getline(stat, line);
    const auto close = line.rfind(')');
    if (close == std::string::npos) continue;
    std::istringstream rest(line.substr(close + 2));
    std::string state;
    pid_t ppid = 0;
    rest >> state >> ppid;
    if (ppid != ::getpid()) continue;
    std::ifstream in(entry.path() / "cmdline");
    std::string cmdline((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (cmdline.find(std::string(1, '\0') + role + std::string(1, '\0')) != std::string::npos) {
      return static_cast<pid_t>(std::stol(name));
    }
  }
  return -1;
}

// Copies the regular files under `from` to `to` (sockets and the like are skipped).
void CopyFiles(const std::string& from, const std::string& to) {
  for (const auto& entry : std::filesystem::recursive_directory_iterator(from)) {
    const auto target = std::filesystem::path(to) / std::filesystem::relative(entry.path(), from);
    if (entry.is_directory()) std::filesystem::create_directories(target);
    if (!entry.is_regular_file()) continue;
    std::filesystem::create_directories(target.parent_path());
    std::filesystem::copy_file(entry.path(), target,
                               std::filesystem::copy_options::overwrite_existing);
  }
}

// Scans every regular file under each of `roots` for any encoding of the secrets; returns the
// size of each file scanned, by path.
std::map<std::string, std::uintmax_t> ScanFiles(const std::vector<std::string>& roots,
                                                const std::vector<std::string>& secrets) {
  std::map<std::string, std::uintmax_t> sizes;
  for (const auto& root : roots) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
      if (!entry.is_regular_file()) continue;
      const std::string text = testing::ReadFile(entry.path().string());
      sizes[entry.path().string()] = text.size();
      for (const auto& secret : secrets) {
        const std::string found = testing::FindEncoding(text, testing::SecretEncodings(secret));
        EXPECT_TRUE(found.empty()) << entry.path() << " holds the secret as " << found;
      }
    }
  }
  return sizes;
}

class ProcessSplitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(market_.Start());
    ASSERT_TRUE(binance_.Start());
    binance_.SetMark("BTCUSDT", 100000);
    binance_.AddKey(kKey, kSecret,
                    R"({"enableReading":true,"enableFutures":true,"ipRestrict":true})");
    // Everything below the temporary directory must be reachable by the test users.
    ::chmod(dir_.path().c_str(), 0755);
    env_ = {{"BARO_DATA_DIR", dir_.File("data")},
            {"BARO_SERVER_PORT", "0"},
            {"BARO_TELEGRAM_BOT_TOKEN", ""},
            {"BARO_EXCHANGES_HYPERLIQUID_API", market_.BaseUrl()},
            {"BARO_EXCHANGES_BINANCE_FUTURES_API", binance_.BaseUrl()},
            {"BARO_EXCHANGES_BINANCE_SPOT_API", binance_.BaseUrl()}};
  }

  void TearDown() override {
    for (auto& c : children_) c->Stop();
    if (HasFailure()) {
      for (const auto& log : logs_)
        std::cerr << "--- " << log << " ---\n" << testing::ReadFile(log);
    }
  }

  // Starts `baro <args>` and waits for `ready` on its standard output; returns that line.
  std::string Start(std::vector<std::string> args, const std::string& ready,
                    const std::string& log_name) {
    args.insert(args.begin(), BARO_BINARY);
    logs_.push_back(dir_.File(log_name));
    children_.push_back(std::make_unique<testing::Child>(args, env_, logs_.back()));
    auto line = children_.back()->WaitForLine(ready, 30s);
    EXPECT_TRUE(line.has_value()) << testing::ReadFile(logs_.back());
    return line.value_or("");
  }

  static std::string UrlIn(const std::string& line) {
    const auto at = line.find("http://");
    return at == std::string::npos ? "" : line.substr(at);
  }

  // Signs up, becomes premium and connects the Binance key: the API seals it with the public key
  // and the fetcher opens it to check the key's permissions with the venue (which verifies the
  // signature, so the fetcher must have recovered the exact secret).
  void ConnectKey(const std::string& url, const std::string& email) {
    ApiSession api(url);
    int status = 0;
    api.Call("POST", "/api/v1/auth/signup",
             R"({"email":")" + email + R"(","password":"a long passphrase"})", &status);
    ASSERT_EQ(status, 201);
    ASSERT_EQ(
        testing::RunToEnd({BARO_BINARY, "admin", "grant-premium", "--email", email}, env_).first,
        0);
    auto created = api.Call("POST", "/api/v1/connections",
                            R"({"venue":"binance","label":"split","api_key":")" +
                                std::string(kKey) + R"(","api_secret":")" + kSecret + R"("})",
                            &status);
    EXPECT_EQ(status, 201) << boost::json::serialize(created);
  }

  static boost::json::value KeySplit(const std::string& url) {
    ApiSession api(url);
    int status = 0;
    auto ready = api.Call("GET", "/readyz", "", &status);
    EXPECT_EQ(status, 200);
    const auto* details = ready.is_object() ? ready.as_object().if_contains("details") : nullptr;
    if (details == nullptr || !details->is_object()) return nullptr;
    const auto* split = details->as_object().if_contains("key_split");
    return split ? *split : nullptr;
  }

  static constexpr char kKey[] = "splitKey7Q2mW9xT4vR8sLp3ZdF6hJ1kN5";
  static constexpr char kSecret[] = "splitSecret5Hs8Kq2Lw7Pz4Rv9Tx1Yc6Nb";
  testing::TempDir dir_;
  fakes::FakeMarket market_;
  fakes::FakeBinance binance_;
  std::map<std::string, std::string> env_;
  std::vector<std::unique_ptr<testing::Child>> children_;
  std::vector<std::string> logs_;
};

// `baro api` starts and seals a key with no private key anywhere it could read: the fetcher
// loaded it, then the file was moved away; the key is connected all the same.
TEST_F(ProcessSplitTest, ApiStartsWithoutThePrivateKeyAndConnectsAKey) {
  auto [init_code, init_out] = testing::RunToEnd({BARO_BINARY, "keys", "init"}, env_);
  ASSERT_EQ(init_code, 0) << init_out;
  const std::string private_key = dir_.File("data-fetcher/kek.key");
  ASSERT_TRUE(Stat(private_key).exists) << init_out;
  logs_.push_back(dir_.File("fetcher.log"));
  children_.push_back(std::make_unique<testing::Child>(
      std::vector<std::string>{BARO_BINARY, "fetcher"}, env_, logs_.back()));
  ASSERT_TRUE(WaitUntil([&] { return Stat(dir_.File("data-fetcher/fetcher.sock")).exists; }, 20s));
  std::filesystem::rename(private_key, dir_.File("kek.key.elsewhere"));

  const std::string url = UrlIn(Start({"api"}, "Baro API is running at ", "api.log"));
  ASSERT_FALSE(url.empty());
  ConnectKey(url, "api@example.com");
  EXPECT_FALSE(Stat(private_key).exists);  // nothing made a new one
}

// As one user (serve.split = off, whatever uid the tests run as), serve says so at start-up and in
// /readyz; the private key is made by the fetcher outside the data directory, never inside it.
TEST_F(ProcessSplitTest, ServeAsOneUserSaysTheSplitIsNotEnforced) {
  env_["BARO_SERVE_SPLIT"] = "off";
  const std::string url = UrlIn(Start({"serve"}, "Baro is running at ", "serve.log"));
  ASSERT_FALSE(url.empty());
  const auto split = KeySplit(url);
  ASSERT_TRUE(split.is_object()) << "no details.key_split in /readyz";
  EXPECT_FALSE(split.as_object().at("enforced").as_bool());
  EXPECT_NE(std::string(split.as_object().at("detail").as_string()).find("not enforced"),
            std::string::npos);
  EXPECT_NE(testing::ReadFile(dir_.File("serve.log")).find("key_split_not_enforced"),
            std::string::npos);

  const auto private_key = Stat(dir_.File("data-fetcher/kek.key"));
  ASSERT_TRUE(private_key.exists);
  EXPECT_EQ(private_key.mode, 0600);
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir_.File("data"))) {
    EXPECT_NE(entry.path().filename(), "kek.key") << entry.path();
  }
  ConnectKey(url, "one@example.com");
}

// Started as root, the fetcher runs as serve.fetcher_user and the API side as serve.api_user;
// the private key belongs to the fetcher's user alone and the API's user cannot open it.
TEST_F(ProcessSplitTest, RootServeRunsTheFetcherAndTheApiAsTwoUsers) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root (CI runs the tests as root)";
  for (const char* user : {kFetcherUser, kApiUser}) {
    if (UidOf(user) == static_cast<uid_t>(-1)) {
      ASSERT_EQ(testing::RunToEnd({"/usr/sbin/useradd", "--system", "--no-create-home", "--shell",
                                   "/usr/sbin/nologin", user},
                                  {})
                    .first,
                0);
    }
  }
  const uid_t fetcher_uid = UidOf(kFetcherUser), api_uid = UidOf(kApiUser);
  env_["BARO_SERVE_SPLIT"] = "required";
  env_["BARO_SERVE_FETCHER_USER"] = kFetcherUser;
  env_["BARO_SERVE_API_USER"] = kApiUser;
  const std::string url = UrlIn(Start({"serve"}, "Baro is running at ", "serve.log"));
  ASSERT_FALSE(url.empty());

  const pid_t fetcher = ProcessWithArgument("fetcher", kFetcherUser);
  const pid_t api = ProcessWithArgument("serve-parts", kApiUser);
  ASSERT_GT(fetcher, 0);
  ASSERT_GT(api, 0);
  EXPECT_EQ(ProcessUid(fetcher), fetcher_uid);
  EXPECT_EQ(ProcessUid(api), api_uid);

  const std::string private_key = dir_.File("data-fetcher/kek.key");
  const auto key = Stat(private_key);
  ASSERT_TRUE(key.exists);
  EXPECT_EQ(key.uid, fetcher_uid);
  EXPECT_EQ(key.mode, 0600);
  struct stat api_st {};
  ASSERT_EQ(::stat(dir_.File("data").c_str(), &api_st), 0);
  EXPECT_EQ(api_st.st_uid, api_uid);
  EXPECT_FALSE(CanOpenAs(api_uid, api_st.st_gid, private_key));
  // The probe itself can open what its user may: the fetcher's user reads the key.
  EXPECT_TRUE(CanOpenAs(fetcher_uid, IdOf("-g", kFetcherUser), private_key));

  const auto split = KeySplit(url);
  ASSERT_TRUE(split.is_object());
  EXPECT_TRUE(split.as_object().at("enforced").as_bool()) << boost::json::serialize(split);
  ConnectKey(url, "root@example.com");
}

// gcp-kms with no credential files: both sides would use the metadata server's one identity.
TEST_F(ProcessSplitTest, ServeRefusesOneGoogleIdentityForBothSides) {
  env_["BARO_VAULT_KMS"] = "gcp-kms";
  env_["BARO_VAULT_GCP_KEY_NAME"] = "projects/p/locations/global/keyRings/r/cryptoKeys/k";
  env_["BARO_SERVE_SPLIT"] = "off";
  {
    testing::Child refused({BARO_BINARY, "serve"}, env_, dir_.File("refused.log"));
    EXPECT_FALSE(refused.WaitForLine("Baro is running at ", 20s).has_value());  // exits: EOF
    EXPECT_NE(refused.Stop(), 0);
  }
  EXPECT_NE(testing::ReadFile(dir_.File("refused.log")).find("one Google identity"),
            std::string::npos)
      << testing::ReadFile(dir_.File("refused.log"));
  env_["BARO_VAULT_GCP_ALLOW_SHARED_IDENTITY"] = "true";
  const std::string url = UrlIn(Start({"serve"}, "Baro is running at ", "allowed.log"));
  EXPECT_FALSE(url.empty()) << "the operator's opt-in is honoured";
}

// The scan's encodings, checked by hand and against OpenSSL's base64 of longer streams that hold
// the secret at each alignment.
TEST(SecretEncodings, FindTheSecretInEveryEncodingAndAlignment) {
  const auto encodings = testing::SecretEncodings("abcdefgh");
  // Hand-computed: hex of "abcdefgh"; base64 of "abcdef", "bcdefg", "cdefgh" (RFC 4648 §4).
  for (const char* expected :
       {"6162636465666768", "YWJjZGVm", "YmNkZWZn", "Y2RlZmdo", "%61%62%63%64%65%66%67%68"}) {
    EXPECT_NE(std::find(encodings.begin(), encodings.end(), expected), encodings.end()) << expected;
  }
  for (const std::string prefix : {"", "x", "xy", "xyz"}) {
    const std::string stream = prefix + "abcdefgh" + "tail";
    std::string b64(4 * ((stream.size() + 2) / 3) + 1, '\0');
    const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(b64.data()),
                                  reinterpret_cast<const unsigned char*>(stream.data()),
                                  static_cast<int>(stream.size()));
    b64.resize(static_cast<std::size_t>(n));
    EXPECT_FALSE(testing::FindEncoding(b64, encodings).empty()) << prefix << ": " << b64;
  }
  EXPECT_TRUE(testing::FindEncoding("nothing here", encodings).empty());
}

// A connected key is in no file Baro writes, in any encoding: the data directory with its
// database and WAL copied while serve runs, the same after kill -9, the fetcher's directory and
// the log.
TEST_F(ProcessSplitTest, AConnectedKeyIsInNoFileWhileRunningOrAfterKill9) {
  env_["BARO_SERVE_SPLIT"] = "off";
  const std::string url = UrlIn(Start({"serve"}, "Baro is running at ", "serve.log"));
  ASSERT_FALSE(url.empty());
  ConnectKey(url, "scan@example.com");

  CopyFiles(dir_.File("data"), dir_.File("running/data"));
  CopyFiles(dir_.File("data-fetcher"), dir_.File("running/data-fetcher"));
  const pid_t serve = OwnChild("serve");
  ASSERT_GT(serve, 0);
  ASSERT_EQ(::kill(serve, SIGKILL), 0);
  int status = 0;
  ASSERT_EQ(::waitpid(serve, &status, 0), serve);  // reaped here; Child::Stop finds it gone
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);

  const std::vector<std::string> secrets = {kKey, kSecret};
  auto sizes =
      ScanFiles({dir_.File("running"), dir_.File("data"), dir_.File("data-fetcher")}, secrets);
  auto log_sizes = ScanFiles({dir_.path().string()}, secrets);  // the logs, and all the above
  for (const std::string file : {"running/data/baro.db", "running/data/baro.db-wal", "data/baro.db",
                                 "data-fetcher/kek.key"}) {
    ASSERT_TRUE(sizes.count(dir_.File(file))) << file << " was not scanned";
    EXPECT_GT(sizes[dir_.File(file)], 0u) << file << " is empty: the scan proves nothing";
  }
  EXPECT_GT(log_sizes[dir_.File("serve.log")], 0u);
}

}  // namespace
}  // namespace baro

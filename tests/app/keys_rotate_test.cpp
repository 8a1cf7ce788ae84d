// `baro keys init` and `baro keys rotate` as an operator runs them: a sealed key stored before the
// rotation opens with the new private key afterwards and no longer with the old one, and the secret
// itself was never needed. The rotation survives what happens to real deployments: a kill -9 at any
// step followed by a re-run, a connection deleted or replaced while it runs, a row that does not
// open, and `baro serve` sealing new keys throughout. At every moment each stored key opens with
// the key files on disk (the ring the fetcher reads), and no key file is ever removed.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/json/serialize.hpp>
#include <fstream>

#include "app/api_session.h"
#include "app/e2e_setup.h"
#include "store/store.h"
#include "support/child.h"
#include "support/temp_dir.h"
#include "vault/envelope.h"
#include "vault/local_kek.h"
#include "vault/opener.h"
#include "vault/rotation_files.h"

namespace baro {
namespace {

using namespace std::chrono_literals;

TEST(KeysCommands, RotateRewrapsEveryStoredDataKey) {
  testing::TempDir dir;
  const std::map<std::string, std::string> env = {{"BARO_DATA_DIR", dir.File("data")}};
  std::filesystem::create_directories(dir.File("data/keys"));
  auto [init_code, init_out] = testing::RunToEnd({BARO_BINARY, "keys", "init"}, env);
  ASSERT_EQ(init_code, 0) << init_out;
  EXPECT_NE(testing::RunToEnd({BARO_BINARY, "keys", "init"}, env).first, 0);  // never overwrites

  const vault::LocalKeyOptions keys{dir.File("data/keys/kek.pub"),
                                    dir.File("data-fetcher/kek.key")};
  auto store = store::OpenStore("sqlite://" + dir.File("data/baro.db"));
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE((*store)->Migrate().ok());
  auto user = (*store)->users().Create("ops@example.com", "h", 0);
  store::Connection c;
  c.user_id = user->id;
  c.venue = Venue::kBinance;
  c.label = "k";
  auto conn = (*store)->connections().Create(c, 0);
  ASSERT_TRUE(conn.ok());
  conn->key_generation = 1;  // the first key stored in the row
  const vault::SecretContext ctx{std::to_string(user->id), std::to_string(conn->id),
                                 Venue::kBinance, vault::SecretField::kApiSecret, 1};
  auto wrapper = vault::LocalKeyWrapper::Load(keys);
  ASSERT_TRUE(wrapper.ok());
  auto sealed = vault::Seal(SecretBytes("the-api-secret-value"), ctx, **wrapper);
  ASSERT_TRUE(sealed.ok());
  conn->sealed_api_secret = sealed->ToText();
  ASSERT_TRUE((*store)->connections().ReplaceSealed(*conn).ok());

  auto [code, out] = testing::RunToEnd({BARO_BINARY, "keys", "rotate"}, env);
  ASSERT_EQ(code, 0) << out;
  EXPECT_NE(out.find("Rewrapped 1 data keys"), std::string::npos) << out;

  auto rotated = (*store)->connections().GetById(conn->id);
  ASSERT_TRUE(rotated.ok());
  EXPECT_NE(rotated->sealed_api_secret, conn->sealed_api_secret);
  auto fresh = vault::LoadLocalPrivateKey(keys.private_key_file);
  ASSERT_TRUE(fresh.ok());
  vault::LocalKeyUnwrapper fresh_only(std::move(*fresh));
  auto opened = vault::OpenText(rotated->sealed_api_secret, ctx, fresh_only);
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  EXPECT_EQ(opened->view(), "the-api-secret-value");
  auto old = vault::LoadLocalPrivateKey(keys.private_key_file + ".old");
  ASSERT_TRUE(old.ok());
  vault::LocalKeyUnwrapper old_only(std::move(*old));
  EXPECT_FALSE(vault::OpenText(rotated->sealed_api_secret, ctx, old_only).ok());
}

// A data directory with a key pair and three Binance connections, each with a sealed API key and
// secret under the current key.
class KeysRotate : public ::testing::Test {
 public:
  struct Stored {
    store::Id id = 0;
    std::string api_key, api_secret;
    std::int64_t key_generation = 1;
  };

  void SetUp() override {
    std::filesystem::create_directories(dir_.File("data/keys"));
    auto [code, out] = testing::RunToEnd({BARO_BINARY, "keys", "init"}, env_);
    ASSERT_EQ(code, 0) << out;
    auto s = store::OpenStore("sqlite://" + dir_.File("data/baro.db"));
    ASSERT_TRUE(s.ok());
    store_ = std::move(*s);
    ASSERT_TRUE(store_->Migrate().ok());
    auto user = store_->users().Create("ops@example.com", "h", 0);
    ASSERT_TRUE(user.ok());
    user_id_ = user->id;
    original_id_ = KeyIdOf(keys_.private_key_file);
    for (int i = 0; i < 3; ++i) Add("key-" + std::to_string(i), "secret-" + std::to_string(i));
  }

  static std::string KeyIdOf(const std::string& private_file) {
    auto key = vault::LoadLocalPrivateKey(private_file);
    EXPECT_TRUE(key.ok()) << private_file;
    return key ? vault::LocalKeyId(vault::PublicKeyOf(*key)) : "";
  }

  vault::SecretContext Ctx(store::Id id, vault::SecretField field,
                           std::int64_t key_generation) const {
    return {std::to_string(user_id_), std::to_string(id), Venue::kBinance, field, key_generation};
  }

  // Seals under the public key file, as the API does.
  std::string SealNow(const std::string& value, const vault::SecretContext& ctx) {
    auto wrapper = vault::LocalKeyWrapper::Load(keys_);
    EXPECT_TRUE(wrapper.ok());
    auto sealed = vault::Seal(SecretBytes(value), ctx, **wrapper);
    EXPECT_TRUE(sealed.ok());
    return sealed->ToText();
  }

  void Add(const std::string& key, const std::string& secret) {
    store::Connection c;
    c.user_id = user_id_;
    c.venue = Venue::kBinance;
    c.label = key;
    auto conn = store_->connections().Create(c, 0);
    ASSERT_TRUE(conn.ok());
    conn->key_generation = 1;
    conn->sealed_api_key = SealNow(key, Ctx(conn->id, vault::SecretField::kApiKey, 1));
    conn->sealed_api_secret = SealNow(secret, Ctx(conn->id, vault::SecretField::kApiSecret, 1));
    ASSERT_TRUE(store_->connections().ReplaceSealed(*conn).ok());
    stored_.push_back({conn->id, key, secret, 1});
  }

  // Every stored connection opens with `unwrapper` to its own key and secret.
  void ExpectAllOpen(vault::KeyUnwrapper& unwrapper, const std::string& when) {
    for (const Stored& s : stored_) {
      auto row = store_->connections().GetById(s.id);
      ASSERT_TRUE(row.ok()) << when << ": connection " << s.id;
      // A rotation keeps the row's key generation.
      EXPECT_EQ(row->key_generation, s.key_generation) << when << ": connection " << s.id;
      auto key = vault::OpenText(
          row->sealed_api_key, Ctx(s.id, vault::SecretField::kApiKey, s.key_generation), unwrapper);
      auto secret =
          vault::OpenText(row->sealed_api_secret,
                          Ctx(s.id, vault::SecretField::kApiSecret, s.key_generation), unwrapper);
      ASSERT_TRUE(key.ok()) << when << ": connection " << s.id << ": " << key.error().message;
      ASSERT_TRUE(secret.ok()) << when << ": connection " << s.id << ": " << secret.error().message;
      EXPECT_EQ(key->view(), s.api_key) << when;
      EXPECT_EQ(secret->view(), s.api_secret) << when;
    }
  }

  // What the fetcher holds: the key ring read from the files on disk.
  void ExpectAllOpenWithRing(const std::string& when) {
    auto ring = vault::LocalKeyUnwrapper::Load(keys_);
    ASSERT_TRUE(ring.ok()) << when << ": " << ring.error().message;
    ExpectAllOpen(**ring, when);
  }

  // The private key file alone, as after the operator deleted "*.old".
  void ExpectAllOpenWithCurrentKeyOnly(const std::string& when) {
    auto key = vault::LoadLocalPrivateKey(keys_.private_key_file);
    ASSERT_TRUE(key.ok()) << when;
    vault::LocalKeyUnwrapper only(std::move(*key));
    EXPECT_NE(only.key_id(), original_id_) << when;
    ExpectAllOpen(only, when);
  }

  std::pair<int, std::string> Rotate(std::map<std::string, std::string> extra = {}) {
    auto env = env_;
    env.insert(extra.begin(), extra.end());
    return testing::RunToEnd({BARO_BINARY, "keys", "rotate"}, env);
  }

  testing::TempDir dir_;
  std::map<std::string, std::string> env_{{"BARO_DATA_DIR", dir_.File("data")}};
  vault::LocalKeyOptions keys_{dir_.File("data/keys/kek.pub"), dir_.File("data-fetcher/kek.key")};
  std::unique_ptr<store::Store> store_;
  store::Id user_id_ = 0;
  std::string original_id_;
  std::vector<Stored> stored_;
};

// kill -9 at each step of a rotation; every key still opens with the files on disk, and a re-run
// finishes the rotation under one new key.
TEST(KeysRotateCrash, KilledAtEachStepThenRerunFinishes) {
  for (const std::string step : {"new-key", "row:1", "row:2", "row:3", "verified", "old-private",
                                 "old-public", "public", "private"}) {
    SCOPED_TRACE("killed at " + step);
    struct Case : KeysRotate {
      void TestBody() override {}
    } t;
    t.SetUp();
    ASSERT_FALSE(t.HasFatalFailure());
    auto [killed, killed_out] = t.Rotate({{"BARO_TEST_ROTATE_CRASH_AT", step}});
    EXPECT_EQ(killed, -1) << "the rotation was not killed at " << step << ": " << killed_out;
    t.ExpectAllOpenWithRing("after the kill");
    // The original key is still on disk, under its own name or as *.old.
    const std::string kept = std::filesystem::exists(t.keys_.private_key_file + ".old")
                                 ? t.keys_.private_key_file + ".old"
                                 : t.keys_.private_key_file;
    EXPECT_EQ(t.KeyIdOf(kept), t.original_id_);

    auto [code, out] = t.Rotate();
    ASSERT_EQ(code, 0) << out;
    t.ExpectAllOpenWithCurrentKeyOnly("after the re-run");
    EXPECT_EQ(t.KeyIdOf(t.keys_.private_key_file + ".old"), t.original_id_);
    EXPECT_FALSE(std::filesystem::exists(t.keys_.private_key_file + ".new"));
    auto [check, check_out] = t.Rotate();
    EXPECT_EQ(check, 0) << check_out;
    EXPECT_NE(check_out.find("No row needs"), std::string::npos) << check_out;
  }
}

// Run as root (as the CI does), the rotation leaves the new private key to the owner of the one it
// replaced, with its mode, and the new public key to the old public key's owner: the fetcher's
// user can read its key after the switch. The uids need not exist; root gives files to any.
TEST_F(KeysRotate, AsRootNewKeyFilesKeepTheirOwners) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root";
  constexpr uid_t kFetcher = 4242, kStoring = 4343;
  ASSERT_EQ(::chown(keys_.private_key_file.c_str(), kFetcher, kFetcher), 0);
  ASSERT_EQ(::chmod(keys_.private_key_file.c_str(), 0400), 0);
  ASSERT_EQ(::chown(keys_.public_key_file.c_str(), kStoring, kStoring), 0);

  auto [code, out] = Rotate();
  ASSERT_EQ(code, 0) << out;
  ASSERT_NE(KeyIdOf(keys_.private_key_file), original_id_);
  struct stat st {};
  ASSERT_EQ(::stat(keys_.private_key_file.c_str(), &st), 0);
  EXPECT_EQ(st.st_uid, kFetcher);
  EXPECT_EQ(st.st_gid, kFetcher);
  EXPECT_EQ(st.st_mode & 07777, 0400u);
  ASSERT_EQ(::stat(keys_.public_key_file.c_str(), &st), 0);
  EXPECT_EQ(st.st_uid, kStoring);
  EXPECT_EQ(st.st_mode & 07777, 0644u);
  ExpectAllOpenWithCurrentKeyOnly("after the rotation");
}

// Starts `baro keys rotate` with `env` added, its output to `log`; returns its pid.
pid_t Spawn(const std::map<std::string, std::string>& env, const std::string& log) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    for (const auto& [k, v] : env) ::setenv(k.c_str(), v.c_str(), 1);
    std::freopen(log.c_str(), "w", stdout);
    std::freopen(log.c_str(), "a", stderr);
    ::execl(BARO_BINARY, BARO_BINARY, "keys", "rotate", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  return pid;
}

TEST_F(KeysRotate, ConnectionDeletedOrReplacedDuringRotation) {
  auto env = env_;
  env["BARO_TEST_ROTATE_STOP_AT"] = "row:1";
  const pid_t pid = Spawn(env, dir_.File("rotate.log"));
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, WUNTRACED), pid);
  ASSERT_TRUE(WIFSTOPPED(status)) << testing::ReadFile(dir_.File("rotate.log"));

  // While it is stopped after its first row: the owner deletes the second connection and enters a
  // new key for the third (sealed under the key the API holds).
  ASSERT_TRUE(store_->connections().Delete(user_id_, stored_[1].id).ok());
  stored_.erase(stored_.begin() + 1);
  auto third = store_->connections().GetById(stored_[1].id);
  ASSERT_TRUE(third.ok());
  stored_[1].api_key = "key-replaced";
  stored_[1].api_secret = "secret-replaced";
  third->key_generation += 1;
  stored_[1].key_generation = third->key_generation;
  third->sealed_api_key = SealNow(
      stored_[1].api_key, Ctx(third->id, vault::SecretField::kApiKey, third->key_generation));
  third->sealed_api_secret = SealNow(
      stored_[1].api_secret, Ctx(third->id, vault::SecretField::kApiSecret, third->key_generation));
  ASSERT_TRUE(store_->connections().ReplaceSealed(*third).ok());

  ASSERT_EQ(::kill(pid, SIGCONT), 0);
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << testing::ReadFile(dir_.File("rotate.log"));
  ExpectAllOpenWithCurrentKeyOnly("after the rotation");
}

TEST_F(KeysRotate, UnreadableRowSwitchesNothingAndLosesNothing) {
  // The second connection's secret was sealed for another row: it cannot be unwrapped.
  auto bad = store_->connections().GetById(stored_[1].id);
  ASSERT_TRUE(bad.ok());
  bad->key_generation += 1;
  bad->sealed_api_secret =
      SealNow("x", Ctx(stored_[0].id, vault::SecretField::kApiSecret, bad->key_generation));
  ASSERT_TRUE(store_->connections().ReplaceSealed(*bad).ok());
  const Stored unreadable = stored_[1];
  stored_.erase(stored_.begin() + 1);

  auto [code, out] = Rotate();
  EXPECT_EQ(code, 1) << out;
  EXPECT_EQ(KeyIdOf(keys_.private_key_file), original_id_);  // nothing switched
  EXPECT_TRUE(std::filesystem::exists(keys_.private_key_file + ".new"));
  ExpectAllOpenWithRing("after the failed rotation");

  // A re-run fails the same way and keeps both keys.
  EXPECT_EQ(Rotate().first, 1);
  ExpectAllOpenWithRing("after a second failed rotation");

  // Once the unreadable connection is gone, a re-run finishes.
  ASSERT_TRUE(store_->connections().Delete(user_id_, unreadable.id).ok());
  auto [done, done_out] = Rotate();
  ASSERT_EQ(done, 0) << done_out;
  ExpectAllOpenWithCurrentKeyOnly("after the finished rotation");
}

// Key ids of the sealed fields of one connection row, read from the database.
std::vector<std::string> KeyIdsOf(store::Store& store, store::Id id) {
  std::vector<std::string> out;
  auto row = store.connections().GetById(id);
  EXPECT_TRUE(row.ok());
  if (!row) return out;
  for (const std::string* text : {&row->sealed_api_key, &row->sealed_api_secret}) {
    auto sealed = vault::SealedSecret::FromText(*text);
    EXPECT_TRUE(sealed.ok());
    if (sealed) out.push_back(sealed->data_key.key_id);
  }
  return out;
}

// `baro serve` runs throughout: keys connected after the rotation are sealed under the new key, and
// a key connected before it keeps working through the fetcher.
TEST(KeysRotateServe, RunningServePicksUpTheNewKey) {
  constexpr char kBotToken[] = "4242:rotate-test-bot-token";
  testing::TempDir dir;
  testing::E2eFakes fakes(kBotToken);
  ASSERT_TRUE(fakes.Start());
  auto& binance = fakes.binance;
  binance.SetMark("BTCUSDT", 100000);
  std::map<std::string, std::string> env = fakes.Environment(dir.File("data"));
  const std::string key1 = "rotKeyA7Q2mW9xT4vR8sLp3ZdF6hJ1kN5c",
                    secret1 = "rotSecretA5Hs8Kq2Lw7Pz4Rv9";
  const std::string key2 = "rotKeyB7Q2mW9xT4vR8sLp3ZdF6hJ1kN5c",
                    secret2 = "rotSecretB5Hs8Kq2Lw7Pz4Rv9";
  for (const auto& [k, s] : {std::pair{key1, secret1}, std::pair{key2, secret2}}) {
    binance.AddKey(k, s, R"({"enableReading":true,"enableFutures":true,"ipRestrict":true})");
    binance.SetPositions(k, "[]", "[]");
  }

  auto serve = std::make_unique<testing::Child>(std::vector<std::string>{BARO_BINARY, "serve"}, env,
                                                dir.File("serve.log"));
  auto line = serve->WaitForLine("Baro is running at ", 30s);
  ASSERT_TRUE(line.has_value()) << testing::ReadFile(dir.File("serve.log"));
  testing::ApiSession api(line->substr(line->find("http://")));
  int status = 0;
  ASSERT_TRUE(testing::SignUp(api, "rot@example.com"));
  ASSERT_TRUE(testing::GrantPremium("rot@example.com", env));
  auto connect = [&](const std::string& key, const std::string& secret) -> store::Id {
    auto created = api.Call(
        "POST", "/api/v1/connections",
        R"({"venue":"binance","api_key":")" + key + R"(","api_secret":")" + secret + R"("})",
        &status);
    EXPECT_EQ(status, 201) << boost::json::serialize(created);
    return status == 201 ? created.as_object().at("connection").as_object().at("id").as_int64() : 0;
  };
  const store::Id first = connect(key1, secret1);
  ASSERT_NE(first, 0);
  auto last_success = [&] {
    const auto listed = api.Call("GET", "/api/v1/connections");
    for (const auto& c : listed.as_object().at("connections").as_array()) {
      if (c.as_object().at("id").as_int64() == first) {
        return c.as_object().at("last_success_at").as_int64();
      }
    }
    return std::int64_t{-1};
  };
  ASSERT_TRUE(testing::WaitUntil([&] { return last_success() > 0; }, 20s));

  auto [code, out] = testing::RunToEnd({BARO_BINARY, "keys", "rotate"}, env);
  ASSERT_EQ(code, 0) << out;
  const std::string new_id = KeysRotate::KeyIdOf(dir.File("data-fetcher/kek.key"));

  // The API seals the next key under the new public key, and the fetcher opens it.
  const store::Id second = connect(key2, secret2);
  ASSERT_NE(second, 0);
  auto store = store::OpenStore("sqlite://" + dir.File("data/baro.db"));
  ASSERT_TRUE(store.ok());
  for (store::Id id : {first, second}) {
    for (const std::string& key_id : KeyIdsOf(**store, id)) {
      EXPECT_EQ(key_id, new_id) << "connection " << id;
    }
  }
  // The fetcher keeps reading the first connection, now under the new key.
  const std::int64_t before = last_success();
  EXPECT_TRUE(testing::WaitUntil([&] { return last_success() > before; }, 20s))
      << testing::ReadFile(dir.File("serve.log"));

  // The operator follows the instructions: run it again, then delete the old pair.
  auto [check, check_out] = testing::RunToEnd({BARO_BINARY, "keys", "rotate"}, env);
  ASSERT_EQ(check, 0) << check_out;
  EXPECT_NE(check_out.find("No row needs"), std::string::npos) << check_out;
  std::filesystem::remove(dir.File("data/keys/kek.key.old"));
  std::filesystem::remove(dir.File("data/keys/kek.pub.old"));
  const std::int64_t after_delete = last_success();
  EXPECT_TRUE(testing::WaitUntil([&] { return last_success() > after_delete; }, 20s));
  serve->Stop();
}

}  // namespace
}  // namespace baro

// What a refused key and a deleted connection leave in the data directory while `baro serve` runs:
// nothing. The database file and its write-ahead log are copied as they are on disk while the
// service runs (after one more ordinary write, so the log is live and not empty), and scanned for
// the secret in every encoding built here (independently of the product's redactor) and for the
// sealed ciphertext itself.
#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>
#include <filesystem>

#include "app/api_session.h"
#include "app/e2e_setup.h"
#include "store/store.h"
#include "support/child.h"
#include "support/temp_dir.h"
#include "vault/sealed_secret.h"

namespace baro {
namespace {

using namespace std::chrono_literals;

std::string Base64(std::string_view in) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  for (std::size_t i = 0; i < in.size(); i += 3) {
    std::uint32_t group = static_cast<unsigned char>(in[i]) << 16;
    if (i + 1 < in.size()) group |= static_cast<unsigned char>(in[i + 1]) << 8;
    if (i + 2 < in.size()) group |= static_cast<unsigned char>(in[i + 2]);
    out += kAlphabet[(group >> 18) & 63];
    out += kAlphabet[(group >> 12) & 63];
    out += i + 1 < in.size() ? kAlphabet[(group >> 6) & 63] : '=';
    out += i + 2 < in.size() ? kAlphabet[group & 63] : '=';
  }
  return out;
}

std::string Hex(std::string_view in, const char* digits) {
  std::string out;
  for (unsigned char c : in) {
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return out;
}

// Plain; hex in both cases; every byte percent-encoded; and base64 at each of the three offsets the
// value can start at inside a longer base64 stream (only the groups it fills alone, which do not
// depend on its neighbours).
std::vector<std::string> Encodings(const std::string& s) {
  std::vector<std::string> out = {s, Hex(s, "0123456789abcdef"), Hex(s, "0123456789ABCDEF")};
  std::string percent;
  for (unsigned char c : s)
    percent += "%" + Hex(std::string(1, static_cast<char>(c)), "0123456789ABCDEF");
  out.push_back(percent);
  for (std::size_t offset = 0; offset < 3; ++offset) {
    const std::string encoded = Base64(std::string(offset, 'x') + s);
    const std::size_t first_group = offset == 0 ? 0 : 1;
    const std::size_t full_groups = (offset + s.size()) / 3;
    if (full_groups <= first_group + 1) continue;
    out.push_back(encoded.substr(first_group * 4, (full_groups - first_group) * 4));
  }
  return out;
}

std::size_t Hits(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = haystack.find(needle); at != std::string::npos;
       at = haystack.find(needle, at + 1)) {
    ++n;
  }
  return n;
}

TEST(KeyRemnants, RefusedAndDeletedKeysLeaveNothingInTheDatabaseFiles) {
  constexpr char kBotToken[] = "4242:remnants-bot-token";
  testing::TempDir dir;
  testing::E2eFakes fakes(kBotToken);
  ASSERT_TRUE(fakes.Start());
  auto& binance = fakes.binance;
  binance.SetMark("BTCUSDT", 100000);
  const std::map<std::string, std::string> env = fakes.Environment(dir.File("data"));
  const std::string key = "remKeyQ2mW9xT4vR8sLp3ZdF6hJ1kN5cY0aE";
  const std::string secret = "remSecret5Hs8Kq2Lw7Pz4Rv9Tx1Yc6Nb3Md0Gf";
  const std::string risky_key = "remRiskyKeyWithdrawals0123456789ABCD";
  const std::string risky_secret = "remRiskySecretWithdrawals0123456789AB";
  binance.AddKey(key, secret, R"({"enableReading":true,"enableFutures":true,"ipRestrict":true})");
  binance.AddKey(risky_key, risky_secret,
                 R"({"enableReading":true,"enableFutures":true,"enableWithdrawals":true})");

  testing::Child serve({BARO_BINARY, "serve"}, env, dir.File("serve.log"));
  auto line = serve.WaitForLine("Baro is running at ", 30s);
  ASSERT_TRUE(line.has_value()) << testing::ReadFile(dir.File("serve.log"));
  testing::ApiSession api(line->substr(line->find("http://")));
  int status = 0;
  ASSERT_TRUE(testing::SignUp(api, "rem@example.com"));
  ASSERT_TRUE(testing::GrantPremium("rem@example.com", env));

  api.Call("POST", "/api/v1/connections",
           R"({"venue":"binance","api_key":")" + risky_key + R"(","api_secret":")" + risky_secret +
               R"("})",
           &status);
  ASSERT_EQ(status, 422);
  auto created =
      api.Call("POST", "/api/v1/connections",
               R"({"venue":"binance","api_key":")" + key + R"(","api_secret":")" + secret + R"("})",
               &status);
  ASSERT_EQ(status, 201) << boost::json::serialize(created);
  const std::int64_t id = created.as_object().at("connection").as_object().at("id").as_int64();

  // The stored ciphertext, as the database holds it, before the connection is deleted.
  std::vector<std::string> sealed_texts;
  {
    auto store = store::OpenStore("sqlite://" + dir.File("data/baro.db"));
    ASSERT_TRUE(store.ok());
    auto row = (*store)->connections().GetById(id);
    ASSERT_TRUE(row.ok());
    sealed_texts = {row->sealed_api_key, row->sealed_api_secret};
  }
  auto deleted = api.Call("DELETE", "/api/v1/connections/" + std::to_string(id), "", &status);
  ASSERT_EQ(status, 200) << boost::json::serialize(deleted);
  EXPECT_TRUE(deleted.as_object().at("key_destroyed").as_bool());
  // One more ordinary write, so that the log holds frames again.
  api.Call("PATCH", "/api/v1/me/settings", R"({"locale":"ko"})", &status);
  ASSERT_EQ(status, 200);

  // Copied while the service runs.
  const std::vector<std::string> files = {dir.File("data/baro.db"), dir.File("data/baro.db-wal")};
  std::vector<std::string> copies;
  for (const auto& f : files) copies.push_back(testing::ReadFile(f));

  std::vector<std::string> needles;
  for (const std::string& s : {key, secret, risky_key, risky_secret}) {
    for (auto& form : Encodings(s)) needles.push_back(std::move(form));
  }
  for (const auto& text : sealed_texts) {
    ASSERT_FALSE(text.empty());
    needles.push_back(text);
    auto sealed = vault::SealedSecret::FromText(text);
    ASSERT_TRUE(sealed.ok());
    needles.push_back(sealed->ciphertext);
    needles.push_back(sealed->data_key.bytes);
  }
  // Any sealed secret at all (the refused key's too): the format's magic and version, in binary and
  // as the base64 text the column holds.
  needles.push_back(std::string("BARO\x01", 5));
  needles.push_back(Base64(std::string("BARO\x01\x01", 6)));

  for (std::size_t i = 0; i < files.size(); ++i) {
    EXPECT_FALSE(copies[i].empty()) << files[i] << " is empty: the scan would prove nothing";
    for (std::size_t n = 0; n < needles.size(); ++n) {
      EXPECT_EQ(Hits(copies[i], needles[n]), 0u) << files[i] << " holds needle " << n;
    }
  }
  serve.Stop();
}

}  // namespace
}  // namespace baro

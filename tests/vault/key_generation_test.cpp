// A connection's key generation is part of the associated data its sealed fields are bound to
// (vault/secret_context.h) and goes up by one each time the key is replaced
// (store::ConnectionRepository::ReplaceSealed). A sealed key copied back into the row after a
// replacement (from a backup, an old dump, an earlier image of the row) no longer opens: the row
// now says a later generation. Both storage back-ends.
#include <gtest/gtest.h>

#include "store/backend_fixture.h"
#include "vault/envelope.h"
#include "vault/local_kek.h"
#include "vault/opener.h"

namespace baro::vault {
namespace {

class KeyGeneration : public store::BackendTest {
 protected:
  void SetUp() override {
    store::BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    ASSERT_TRUE(InitLocalKeys(keys_).ok());
    auto wrapper = LocalKeyWrapper::Load(keys_);
    auto unwrapper = LocalKeyUnwrapper::Load(keys_);
    ASSERT_TRUE(wrapper.ok() && unwrapper.ok());
    wrapper_ = std::move(*wrapper);
    unwrapper_ = std::move(*unwrapper);
  }

  // The context the fetcher opens a row's field with: the row's ids, venue and generation.
  static SecretContext ContextOf(const store::Connection& row, SecretField field) {
    return {std::to_string(row.user_id), std::to_string(row.id), row.venue, field,
            row.key_generation};
  }

  // What the API does to store a new key for `row`: seal it for the next generation, then write
  // it with that generation.
  void Replace(store::Connection row, const std::string& secret) {
    row.key_generation += 1;
    auto sealed = Seal(SecretBytes(secret), ContextOf(row, SecretField::kApiSecret), *wrapper_);
    ASSERT_TRUE(sealed.ok()) << sealed.error().message;
    row.sealed_api_secret = sealed->ToText();
    auto st = store_->connections().ReplaceSealed(row);
    ASSERT_TRUE(st.ok()) << st.error().message;
  }

  store::Connection Row(store::Id id) {
    auto row = store_->connections().GetById(id);
    EXPECT_TRUE(row.ok());
    return row ? *row : store::Connection{};
  }

  LocalKeyOptions keys_{dir_.File("kek.pub"), dir_.File("kek.key")};
  std::unique_ptr<KeyWrapper> wrapper_;
  std::unique_ptr<KeyUnwrapper> unwrapper_;
};

TEST_P(KeyGeneration, AnOlderSealedKeyRestoredAfterAReplacementDoesNotOpen) {
  store::Connection c;
  c.user_id = user_;
  c.venue = Venue::kBybit;
  c.label = "k";
  auto created = store_->connections().Create(c, 0);
  ASSERT_TRUE(created.ok()) << created.error().message;
  EXPECT_EQ(created->key_generation, 0);  // nothing sealed yet

  Replace(*created, "first-secret");
  const store::Connection first = Row(created->id);
  EXPECT_EQ(first.key_generation, 1);
  auto opened =
      OpenText(first.sealed_api_secret, ContextOf(first, SecretField::kApiSecret), *unwrapper_);
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  EXPECT_EQ(opened->view(), "first-secret");

  Replace(first, "second-secret");
  const store::Connection second = Row(created->id);
  EXPECT_EQ(second.key_generation, 2);
  opened =
      OpenText(second.sealed_api_secret, ContextOf(second, SecretField::kApiSecret), *unwrapper_);
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  EXPECT_EQ(opened->view(), "second-secret");

  // The first sealed secret copied back into the row: only the sealed columns change, as a
  // restore of those columns would do.
  store::Connection restored = second;
  restored.sealed_api_secret = first.sealed_api_secret;
  ASSERT_TRUE(store_->connections().RewriteSealed(restored, second).ok());
  const store::Connection now = Row(created->id);
  EXPECT_EQ(now.sealed_api_secret, first.sealed_api_secret);
  EXPECT_EQ(now.key_generation, 2);
  auto reopened =
      OpenText(now.sealed_api_secret, ContextOf(now, SecretField::kApiSecret), *unwrapper_);
  EXPECT_FALSE(reopened.ok()) << "a key sealed for generation 1 opened in generation 2";
}

TEST_P(KeyGeneration, AReplacementMustNameTheNextGeneration) {
  store::Connection c;
  c.user_id = user_;
  c.venue = Venue::kOkx;
  c.label = "k";
  auto created = store_->connections().Create(c, 0);
  ASSERT_TRUE(created.ok());
  Replace(*created, "first-secret");
  // Two writers that both read generation 1: the first one's replacement wins, the second one's
  // (sealed for the same generation 2) is refused instead of silently replacing it.
  store::Connection stale = Row(created->id);
  Replace(stale, "winner");
  stale.key_generation += 1;
  stale.sealed_api_secret = "sealed-for-a-generation-already-taken";
  EXPECT_FALSE(store_->connections().ReplaceSealed(stale).ok());
  // Writing the same generation again, or skipping one, is refused as well.
  store::Connection same = Row(created->id);
  EXPECT_FALSE(store_->connections().ReplaceSealed(same).ok());
  same.key_generation += 2;
  EXPECT_FALSE(store_->connections().ReplaceSealed(same).ok());
  EXPECT_EQ(Row(created->id).key_generation, 2);
}

// The encoding, built by hand from its description in vault/secret_context.h: generation 0 is the
// encoding rows sealed before generations existed were bound to; any other generation follows it
// as 8 big-endian bytes.
TEST(KeyGenerationEncoding, ZeroIsTheEarlierEncodingOthersAppendEightBytes) {
  auto field = [](std::string_view s) {
    std::string out = {0, 0, 0, static_cast<char>(s.size())};
    return out + std::string(s);
  };
  const std::string earlier = std::string("baro.sealed-secret") + '\x01' + field("u9") +
                              field("c42") + field("bybit") + field("api_key");
  SecretContext ctx{"u9", "c42", Venue::kBybit, SecretField::kApiKey, 0};
  EXPECT_EQ(AssociatedData(ctx, 1), earlier);
  ctx.key_generation = 258;
  EXPECT_EQ(AssociatedData(ctx, 1), earlier + std::string("\0\0\0\0\0\0\x01\x02", 8));
  ctx.key_generation = 1;
  EXPECT_EQ(AssociatedData(ctx, 1), earlier + std::string("\0\0\0\0\0\0\0\x01", 8));
}

INSTANTIATE_TEST_SUITE_P(Backends, KeyGeneration, ::testing::Values("sqlite", "postgresql"));

}  // namespace
}  // namespace baro::vault

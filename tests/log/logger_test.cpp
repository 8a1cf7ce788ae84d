#include "log/logger.h"

#include <gtest/gtest.h>

#include "log/secret_forms.h"

namespace baro::log {
namespace {

class LoggerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SetSink([this](std::string_view line) { lines_.emplace_back(line); });
  }
  void TearDown() override { SetSink(nullptr); }
  std::vector<std::string> lines_;
};

TEST_F(LoggerTest, WritesOneJsonObjectPerEvent) {
  Info("user.created", {{"user_id", "42"}});
  ASSERT_EQ(lines_.size(), 1u);
  EXPECT_NE(lines_[0].find(R"("event":"user.created")"), std::string::npos);
  EXPECT_NE(lines_[0].find(R"("user_id":"42")"), std::string::npos);
  EXPECT_NE(lines_[0].find(R"("level":"info")"), std::string::npos);
}

TEST_F(LoggerTest, RegisteredSecretNeverPrintedInAnyForm) {
  const std::string secret = "s3cr3t-Api-Key-0123456789";
  RegisterSecret(secret);
  for (const std::string& form : SecretForms(secret)) {
    Error("exchange.failed", {{"message", "peer said: bad key " + form + " (check it)"}});
  }
  Warn(secret);  // even as the event name
  ASSERT_EQ(lines_.size(), SecretForms(secret).size() + 1);
  for (const auto& line : lines_) {
    for (const std::string& form : SecretForms(secret)) {
      EXPECT_EQ(line.find(form), std::string::npos) << line;
    }
    EXPECT_NE(line.find("[redacted]"), std::string::npos) << line;
  }
  ForgetSecret(secret);
  EXPECT_EQ(Redact("x " + secret), "x " + secret);
}

TEST_F(LoggerTest, ShortValuesAreNotTreatedAsSecrets) {
  RegisterSecret("abc");
  EXPECT_EQ(Redact("abc"), "abc");
}

TEST_F(LoggerTest, LevelFilters) {
  SetLevel(Level::kWarn);
  Info("hidden");
  Warn("shown");
  SetLevel(Level::kInfo);
  ASSERT_EQ(lines_.size(), 1u);
  EXPECT_NE(lines_[0].find("shown"), std::string::npos);
}

// A request's keys are redacted while it is handled and forgotten with its handle, whatever way
// the request ends.
TEST_F(LoggerTest, ScopedRegistrationLastsAsLongAsItsHandle) {
  const std::string secret = "scoped-Api-Secret-0123456789";
  {
    auto outer = RegisterScopedSecret(secret);
    ASSERT_TRUE(outer.has_value());
    EXPECT_EQ(Redact("x " + secret), "x [redacted]");
    SecretRegistration moved = std::move(*outer);
    outer.reset();  // the moved-from handle forgets nothing
    EXPECT_EQ(Redact("x " + secret), "x [redacted]");
    {
      auto again = RegisterScopedSecret(secret);  // the same value in a second request
      ASSERT_TRUE(again.has_value());
    }
    EXPECT_EQ(Redact("x " + secret), "x [redacted]");  // still registered by the first
  }
  EXPECT_EQ(Redact("x " + secret), "x " + secret);
  EXPECT_EQ(ScopedSecretCount(), 0u);
}

TEST_F(LoggerTest, ScopedRegistryRefusesBeyondItsCapacity) {
  SetScopedSecretCapacity(2);
  {
    auto a = RegisterScopedSecret("first-secret-value");
    auto b = RegisterScopedSecret("second-secret-value");
    ASSERT_TRUE(a.has_value());
    ASSERT_TRUE(b.has_value());
    EXPECT_EQ(ScopedSecretCount(), 2u);
    auto c = RegisterScopedSecret("third-secret-value");
    EXPECT_FALSE(c.has_value());
    EXPECT_EQ(Redact("third-secret-value"), "third-secret-value");
    a.reset();
    auto d = RegisterScopedSecret("third-secret-value");
    EXPECT_TRUE(d.has_value());
    // Process-lifetime secrets (the bot token) are not scoped and not counted.
    RegisterSecret("process-lifetime-token");
    EXPECT_EQ(ScopedSecretCount(), 2u);
    EXPECT_EQ(Redact("process-lifetime-token"), "[redacted]");
    ForgetSecret("process-lifetime-token");
  }
  EXPECT_EQ(ScopedSecretCount(), 0u);
  SetScopedSecretCapacity(kDefaultScopedSecretCapacity);
}

}  // namespace
}  // namespace baro::log

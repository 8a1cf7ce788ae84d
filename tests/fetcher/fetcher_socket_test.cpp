#include <gtest/gtest.h>
#include <sys/stat.h>

#include "fetcher/fetcher_client.h"
#include "fetcher/fetcher_server.h"
#include "support/temp_dir.h"

namespace baro::fetcher {
namespace {

using namespace std::chrono_literals;

class FetcherSocketTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<FetcherServer>(
        dir_.File("f.sock"),
        [this](std::string_view op, const boost::json::object& req) -> Result<boost::json::value> {
          calls_.emplace_back(op);
          if (op == "health") return boost::json::value(boost::json::object{{"status", "ok"}});
          if (req.contains("fail")) {
            Error e = MakeError(ErrorCode::kRateLimited, "slow down");
            e.retry_after_ms = 1234;
            return e;
          }
          return boost::json::value(boost::json::object{{"positions", boost::json::array()}});
        });
    ASSERT_TRUE(server_->Start().ok());
  }
  testing::TempDir dir_;
  std::unique_ptr<FetcherServer> server_;
  std::vector<std::string> calls_;
};

TEST_F(FetcherSocketTest, SocketIsOwnerOnly) {
  struct stat st {};
  ASSERT_EQ(::stat(dir_.File("f.sock").c_str(), &st), 0);
  EXPECT_TRUE(S_ISSOCK(st.st_mode));
  EXPECT_EQ(st.st_mode & 0777, 0600);
}

TEST_F(FetcherSocketTest, AnswersKnownOperations) {
  FetcherClient client(dir_.File("f.sock"), 2000ms);
  auto health = client.Call("health");
  ASSERT_TRUE(health.ok()) << health.error().message;
  EXPECT_EQ(health->as_object().at("status").as_string(), "ok");
  auto positions = client.Call("read_positions", {{"connection", boost::json::object{}}});
  ASSERT_TRUE(positions.ok());
  EXPECT_TRUE(positions->as_object().at("positions").is_array());
}

TEST_F(FetcherSocketTest, RefusesAnythingElseWithoutCallingTheHandler) {
  FetcherClient client(dir_.File("f.sock"), 2000ms);
  for (const char* op : {"decrypt", "place_order", "open_secret", ""}) {
    auto r = client.Call(op);
    ASSERT_FALSE(r.ok()) << op;
    EXPECT_EQ(r.error().code, ErrorCode::kForbidden) << op;
  }
  EXPECT_TRUE(calls_.empty());
}

TEST_F(FetcherSocketTest, ErrorsTravelAsValues) {
  FetcherClient client(dir_.File("f.sock"), 2000ms);
  auto r = client.Call("read_account", {{"fail", true}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kRateLimited);
  EXPECT_EQ(r.error().retry_after_ms, 1234);
}

TEST_F(FetcherSocketTest, UnreachableFetcherIsUnavailable) {
  server_->Stop();
  FetcherClient client(dir_.File("f.sock"), 500ms);
  auto r = client.Call("health");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kUnavailable);
}

}  // namespace
}  // namespace baro::fetcher

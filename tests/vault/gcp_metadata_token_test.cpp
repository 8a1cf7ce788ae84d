// Tokens from the metadata server, against a loopback stand-in that follows the documented
// interface (cloud.google.com/compute/docs/access/authenticate-workloads "Applications": GET
// /computeMetadata/v1/instance/service-accounts/default/token with "Metadata-Flavor: Google"; 403
// without that header; {"access_token","expires_in","token_type":"Bearer"}).
#include <gtest/gtest.h>

#include <atomic>

#include "net/http_server.h"
#include "vault/backends.h"
#include "vault/gcp_metadata_token_source.h"

namespace baro::vault {
namespace {

class MetadataServer {
 public:
  MetadataServer()
      : server_({}, [this](const net::HttpRequest& r) {
          if (r.Header("Metadata-Flavor").value_or("") != "Google") {
            return net::HttpResponse::Text(403, "Missing Metadata-Flavor:Google header.");
          }
          if (r.Path() != "/computeMetadata/v1/instance/service-accounts/default/token") {
            return net::HttpResponse::Text(404, "Not Found");
          }
          ++served_;
          return net::HttpResponse::Json(200, R"({"access_token":"ya29.meta-token-)" +
                                                  std::to_string(served_.load()) +
                                                  R"(","expires_in":3599,"token_type":"Bearer"})");
        }) {
    EXPECT_TRUE(server_.Start().ok());
  }
  std::string url() const { return server_.BaseUrl(); }
  int served() const { return served_; }

 private:
  std::atomic<int> served_{0};
  net::HttpServer server_;
};

TEST(MetadataTokenSource, FetchesOnceAndRefreshesBeforeExpiry) {
  MetadataServer metadata;
  ManualClock clock(0);
  MetadataTokenSource source({.metadata_url = metadata.url()}, clock);
  auto first = source.Token();
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(first->view(), "ya29.meta-token-1");
  EXPECT_EQ(source.Token()->view(), "ya29.meta-token-1");  // cached
  clock.Advance((3599 - 300) * 1000LL);                    // inside the refresh margin
  EXPECT_EQ(source.Token()->view(), "ya29.meta-token-2");
  EXPECT_EQ(metadata.served(), 2);
}

TEST(MetadataTokenSource, RefusalsAreErrorsAndTheBackendUsesIt) {
  MetadataServer metadata;
  MetadataTokenSource wrong_account({.metadata_url = metadata.url(), .service_account = "other"});
  EXPECT_EQ(wrong_account.Token().error().code, ErrorCode::kForbidden);
  MetadataTokenSource unreachable({.metadata_url = "http://127.0.0.1:1"});
  EXPECT_EQ(unreachable.Token().error().code, ErrorCode::kUnavailable);
  // With no key file, the gcp-kms back-end takes its tokens from the metadata server.
  VaultOptions o;
  o.backend = KekBackend::kGcpKms;
  o.gcp_kms.key_name = "projects/p/locations/global/keyRings/r/cryptoKeys/k";
  o.gcp_metadata.metadata_url = metadata.url();
  EXPECT_TRUE(MakeKeyWrapper(o).ok());
}

}  // namespace
}  // namespace baro::vault

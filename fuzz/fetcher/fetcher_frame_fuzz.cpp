// The fetcher's socket protocol on arbitrary bytes: the input is what a caller writes on the Unix
// socket (4-byte big-endian lengths and payloads, see src/fetcher/frame.h). Every frame read is
// handled as the fetcher handles it (JSON, a known "op", FetcherService::Handle with a real local
// key unwrapper and venues on a closed loopback port), and the answer must come back whole through
// WriteFrame/ReadFrame.
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cstdint>
#include <cstdlib>
#include <memory>

#include "fetcher/fetcher_protocol.h"
#include "fetcher/fetcher_service.h"
#include "fetcher/frame.h"
#include "fuzz_input.h"
#include "vault/local_kek.h"

namespace {

baro::fetcher::FetcherService& Service() {
  static auto* service = [] {
    baro::exchanges::VenueEndpoints closed;  // port 9 (discard) is closed on loopback
    for (auto* url :
         {&closed.hyperliquid, &closed.binance_futures, &closed.binance_spot, &closed.bybit,
          &closed.okx, &closed.bitget, &closed.gate, &closed.kucoin_futures, &closed.kucoin_spot})
      *url = "http://127.0.0.1:9";
    baro::net::HttpClientOptions http;
    http.connect_timeout = std::chrono::milliseconds(200);
    http.request_timeout = std::chrono::milliseconds(500);
    auto unwrapper = std::make_shared<baro::vault::LocalKeyUnwrapper>(
        baro::SecretBytes(std::string_view("fuzz-private-key-of-32-bytes-xx!")));
    return new baro::fetcher::FetcherService(unwrapper, closed, http);
  }();
  return *service;
}

void SetReceiveTimeout(int fd) {
  timeval tv{1, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 64 * 1024) return 0;  // stays inside the socket buffer: one writer, no reader thread
  int fds[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) std::abort();
  const int caller = fds[0], fetcher = fds[1];
  SetReceiveTimeout(caller);
  SetReceiveTimeout(fetcher);
  if (::write(caller, data, size) != static_cast<ssize_t>(size)) std::abort();
  ::shutdown(caller, SHUT_WR);

  for (int frames = 0; frames < 8; ++frames) {
    auto frame = baro::fetcher::ReadFrame(fetcher);
    if (!frame) break;
    if (frame->size() > baro::fetcher::kMaxFrameBytes) std::abort();
    boost::system::error_code ec;
    auto request = boost::json::parse(*frame, ec);
    std::string answer = "{\"ok\":false}";
    if (!ec && request.is_object()) {
      const auto* op = request.as_object().if_contains("op");
      if (op && op->is_string() && baro::fetcher::IsKnownOperation(op->get_string())) {
        auto result = Service().Handle(op->get_string(), request.as_object());
        if (result) answer = boost::json::serialize(*result);
      }
    }
    if (!baro::fetcher::WriteFrame(fetcher, answer)) std::abort();
    auto echoed = baro::fetcher::ReadFrame(caller);
    if (!echoed || *echoed != answer) std::abort();
  }
  ::close(caller);
  ::close(fetcher);
  return 0;
}

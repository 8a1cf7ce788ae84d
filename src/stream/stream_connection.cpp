#include "stream/stream_connection.h"

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <random>
#include <span>

#include "log/logger.h"
#include "metrics/loop_guard.h"
#include "metrics/metrics.h"
#include "stream/request_pacer.h"

namespace baro::stream {
namespace asio = boost::asio;
using namespace boost::asio::experimental::awaitable_operators;
using boost::system::error_code;

namespace {

std::string Name(Venue v) {
  return std::string(ToString(v));
}

metrics::Series& Frames(Venue v, const char* kind) {
  return metrics::Default()
      .Counter("baro_stream_frames_total",
               "Stream frames received, by venue and kind (marks, control, error, malformed).",
               {"venue", "kind"})
      .With({Name(v), kind});
}

metrics::Series& Connects(Venue v, const char* outcome) {
  return metrics::Default()
      .Counter("baro_stream_connects_total", "Stream connection attempts, by venue and outcome.",
               {"venue", "outcome"})
      .With({Name(v), outcome});
}

metrics::Series& OpenConnections(Venue v) {
  return metrics::Default()
      .Gauge("baro_stream_connections", "Open stream connections, by venue.", {"venue"})
      .With({Name(v)});
}

metrics::Series& SilentCloses(Venue v) {
  return metrics::Default()
      .Counter("baro_stream_silent_closes_total",
               "Stream connections closed after receiving nothing for stream.silence_reconnect_ms.",
               {"venue"})
      .With({Name(v)});
}

metrics::Series& MarklessCloses(Venue v) {
  return metrics::Default()
      .Counter("baro_stream_markless_closes_total",
               "Stream connections closed after sending no mark for stream.stale_after_ms while "
               "subscribed (a stalled feed that may still answer pings).",
               {"venue"})
      .With({Name(v)});
}

metrics::Series& Deferred(Venue v) {
  return metrics::Default()
      .Counter("baro_stream_requests_deferred_total",
               "Stream requests held back to keep a connection within its venue's published "
               "caps on subscribe requests per hour or messages per second.",
               {"venue"})
      .With({Name(v)});
}

}  // namespace

struct StreamConnection::Impl {
  StreamConnection& self;
  std::unique_ptr<VenueHook> hook;
  ConnectionOptions options;
  FrameHandler on_marks;
  const Clock& clock;
  asio::io_context ioc{1};
  asio::steady_timer wake{ioc};
  net::HttpClient http;
  std::thread thread;
  std::atomic<bool> stopping{false};
  std::atomic<bool> dirty{false};
  mutable std::mutex mu;
  std::set<std::string> wanted;  // under mu
  WsClient* current = nullptr;   // I/O thread only
  std::mt19937_64 random{std::random_device{}()};

  Impl(StreamConnection& s, std::unique_ptr<VenueHook> h, ConnectionOptions o, FrameHandler f,
       const Clock& c)
      : self(s),
        hook(std::move(h)),
        options(std::move(o)),
        on_marks(std::move(f)),
        clock(c),
        http(options.http) {}

  std::set<std::string> Wanted() const {
    std::lock_guard lock(mu);
    return wanted;
  }

  void Wake() {
    dirty = true;
    asio::post(ioc, [this] { wake.cancel(); });
  }

  // Waits `ms` or until woken.
  asio::awaitable<void> Sleep(std::int64_t ms) {
    wake.expires_after(std::chrono::milliseconds(std::max<std::int64_t>(ms, 0)));
    error_code ec;
    co_await wake.async_wait(asio::redirect_error(asio::use_awaitable, ec));
  }

  std::int64_t Backoff(int failures) {
    const int shift = std::min(failures, 20);
    const std::int64_t ceiling =
        std::min<std::int64_t>(options.backoff_max_ms, options.backoff_ms << shift);
    std::uniform_real_distribution<double> jitter(0.5, 1.0);
    return static_cast<std::int64_t>(static_cast<double>(ceiling) * jitter(random));
  }

  struct Session {
    std::int64_t last_rx_ms = 0;
    std::int64_t last_marks_ms = 0;  // the last frame with marks, or when the set last grew
    std::int64_t ping_interval_ms = 0;
    bool got_marks = false;
  };

  asio::awaitable<void> Reader(WsClient& ws, Session& session) {
    const Venue venue = hook->venue();
    while (!stopping) {
      auto frame = co_await ws.Read();
      if (!frame) {
        if (!stopping)
          log::Warn("stream.read_failed",
                    {{"venue", Name(venue)}, {"error", frame.error().message}});
        break;
      }
      const std::int64_t now = clock.NowMs();
      session.last_rx_ms = now;
      metrics::RunGuarded("stream_" + Name(venue), [&] {
        ParsedFrame parsed = hook->Parse(*frame);
        switch (parsed.kind) {
          case ParsedFrame::Kind::kMarks:
            Frames(venue, "marks").Add();
            session.got_marks = true;
            session.last_marks_ms = now;
            on_marks(venue, parsed, now);
            break;
          case ParsedFrame::Kind::kControl:
            Frames(venue, "control").Add();
            break;
          case ParsedFrame::Kind::kError:
            Frames(venue, "error").Add();
            log::Warn("stream.venue_error", {{"venue", Name(venue)}, {"error", parsed.detail}});
            break;
          case ParsedFrame::Kind::kMalformed:
            Frames(venue, "malformed").Add();
            log::Warn("stream.malformed_frame", {{"venue", Name(venue)}, {"why", parsed.detail}});
            break;
        }
      });
    }
    ws.Close();
  }

  // Keeps the subscriptions equal to the wanted set, pings, and ends the session on silence.
  asio::awaitable<void> Keeper(WsClient& ws, Session& session) {
    const StreamLimits limits = hook->limits();
    RequestPacer pacer(limits.subscribe_requests_per_hour, limits.messages_per_second);
    std::set<std::string> subscribed;
    std::int64_t last_ping = clock.NowMs();
    while (!stopping && ws.is_open()) {
      const std::int64_t now = clock.NowMs();
      if (now - session.last_rx_ms > options.silence_reconnect_ms) {
        SilentCloses(hook->venue()).Add();
        log::Warn("stream.silent", {{"venue", Name(hook->venue())}});
        break;
      }
      if (options.no_marks_reconnect_ms > 0 && !subscribed.empty() &&
          now - session.last_marks_ms > options.no_marks_reconnect_ms) {
        MarklessCloses(hook->venue()).Add();
        log::Warn("stream.no_marks", {{"venue", Name(hook->venue())}});
        break;
      }
      dirty = false;
      const std::set<std::string> want = Wanted();
      std::vector<std::string> add, drop;
      std::set_difference(want.begin(), want.end(), subscribed.begin(), subscribed.end(),
                          std::back_inserter(add));
      std::set_difference(subscribed.begin(), subscribed.end(), want.begin(), want.end(),
                          std::back_inserter(drop));
      // (Un)subscribe requests of at most symbols_per_message each, within the venue's caps on
      // requests per hour and messages per second; what must wait goes when the pacer allows.
      bool failed = false;
      std::int64_t deferred_ms = 0;
      const std::size_t chunk = std::max<std::size_t>(limits.symbols_per_message, 1);
      for (int pass = 0; pass < 2 && !failed && deferred_ms == 0; ++pass) {
        const bool subscribe = pass == 1;
        const std::vector<std::string>& list = subscribe ? add : drop;
        for (std::size_t i = 0; i < list.size(); i += chunk) {
          const std::int64_t at = clock.NowMs();
          if (const std::int64_t wait = pacer.WaitMs(at, true); wait > 0) {
            deferred_ms = wait;
            break;
          }
          const std::span<const std::string> part(list.data() + i,
                                                  std::min(chunk, list.size() - i));
          for (auto& text : subscribe ? hook->Subscribe(part, at) : hook->Unsubscribe(part, at)) {
            if (!(co_await ws.Write(std::move(text)))) failed = true;
          }
          pacer.Sent(at, true);
          for (const auto& symbol : part) {
            if (subscribe) {
              subscribed.insert(symbol);
            } else {
              subscribed.erase(symbol);
            }
          }
          if (subscribe) session.last_marks_ms = at;  // new symbols get their own time
          if (failed) break;
        }
      }
      if (failed) break;
      if (deferred_ms > 0) Deferred(hook->venue()).Add();
      if (session.ping_interval_ms > 0 && now - last_ping >= session.ping_interval_ms) {
        if (const std::int64_t wait = pacer.WaitMs(clock.NowMs(), false); wait > 0) {
          deferred_ms = deferred_ms == 0 ? wait : std::min(deferred_ms, wait);
        } else {
          if (auto ping = hook->Ping(now)) {
            if (!(co_await ws.Write(std::move(*ping)))) break;
            pacer.Sent(clock.NowMs(), false);
          }
          last_ping = now;
        }
      }
      if (dirty && deferred_ms == 0) continue;
      std::int64_t next = session.last_rx_ms + options.silence_reconnect_ms + 1 - now;
      if (deferred_ms > 0) next = std::min(next, deferred_ms);
      if (options.no_marks_reconnect_ms > 0 && !subscribed.empty()) {
        next = std::min(next, session.last_marks_ms + options.no_marks_reconnect_ms + 1 - now);
      }
      if (session.ping_interval_ms > 0) {
        next = std::min(next, last_ping + session.ping_interval_ms - now);
      }
      co_await Sleep(next);
    }
    ws.Close();
  }

  asio::awaitable<void> Run() {
    const Venue venue = hook->venue();
    int failures = 0;
    while (!stopping) {
      if (Wanted().empty()) {
        co_await Sleep(60'000);
        continue;
      }
      auto target = hook->Target(http);
      Status connected = target ? Status{} : Status(target.error());
      WsClient ws(ioc, options.ws);
      if (connected) {
        current = &ws;
        connected = co_await ws.Connect(target->url);
      }
      if (!connected) {
        current = nullptr;
        Connects(venue, "failed").Add();
        if (stopping) break;
        const std::int64_t wait = Backoff(failures++);
        log::Warn("stream.connect_failed", {{"venue", Name(venue)},
                                            {"error", connected.error().message},
                                            {"retry_in_ms", std::to_string(wait)}});
        co_await Sleep(wait);
        continue;
      }
      Connects(venue, "ok").Add();
      OpenConnections(venue).Add(1);
      self.connected_ = true;
      ++self.sessions_;
      Session session;
      session.last_rx_ms = clock.NowMs();
      session.last_marks_ms = session.last_rx_ms;
      session.ping_interval_ms = options.ping_interval_ms;
      const StreamLimits limits = hook->limits();
      session.ping_interval_ms = std::min(session.ping_interval_ms, limits.max_ping_interval_ms);
      if (target->ping_interval_ms > 0) {
        session.ping_interval_ms = std::min(session.ping_interval_ms, target->ping_interval_ms);
      }
      if (!hook->Ping(0)) session.ping_interval_ms = 0;
      co_await (Reader(ws, session) && Keeper(ws, session));
      current = nullptr;
      self.connected_ = false;
      OpenConnections(venue).Add(-1);
      if (stopping) break;
      failures = session.got_marks ? 0 : failures + 1;
      co_await Sleep(Backoff(failures));
    }
  }
};

StreamConnection::StreamConnection(std::unique_ptr<VenueHook> hook, ConnectionOptions options,
                                   FrameHandler on_marks, const Clock& clock)
    : venue_(hook->venue()),
      impl_(std::make_unique<Impl>(*this, std::move(hook), std::move(options), std::move(on_marks),
                                   clock)) {}

StreamConnection::~StreamConnection() {
  Stop();
}

void StreamConnection::Start() {
  if (impl_->thread.joinable()) return;
  impl_->stopping = false;
  impl_->thread = std::thread([this] {
    asio::co_spawn(impl_->ioc, impl_->Run(), asio::detached);
    impl_->ioc.run();
  });
}

void StreamConnection::Stop() {
  if (!impl_->thread.joinable()) return;
  impl_->stopping = true;
  impl_->http.Cancel();
  asio::post(impl_->ioc, [this] {
    if (impl_->current != nullptr) impl_->current->Close();
    impl_->wake.cancel();
  });
  impl_->thread.join();
}

void StreamConnection::SetSymbols(std::set<std::string> symbols) {
  {
    std::lock_guard lock(impl_->mu);
    if (impl_->wanted == symbols) return;
    impl_->wanted = std::move(symbols);
  }
  impl_->Wake();
}

std::set<std::string> StreamConnection::symbols() const {
  return impl_->Wanted();
}

}  // namespace baro::stream

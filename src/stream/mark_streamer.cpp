#include "stream/mark_streamer.h"

#include <algorithm>
#include <chrono>

#include "metrics/metrics.h"

namespace baro::stream {
namespace {

metrics::Series& Lookups(Venue v, const char* result) {
  return metrics::Default()
      .Counter("baro_stream_lookups_total",
               "Streamed mark look-ups, by venue and result (fresh; stale or absent: the REST "
               "mark is used).",
               {"venue", "result"})
      .With({std::string(ToString(v)), result});
}

metrics::Series& Streamed(Venue v) {
  return metrics::Default()
      .Gauge("baro_stream_symbols", "Symbols streamed now, by venue.", {"venue"})
      .With({std::string(ToString(v))});
}

metrics::Series& Refused(Venue v) {
  return metrics::Default()
      .Counter("baro_stream_symbols_refused_total",
               "Symbols not streamed because stream.max_symbols or a venue limit was reached "
               "(they use REST marks).",
               {"venue"})
      .With({std::string(ToString(v))});
}

metrics::Series& OnRest(Venue v) {
  return metrics::Default()
      .Gauge("baro_stream_symbols_on_rest",
             "Watched symbols without a fresh streamed mark (stream down, silent or not yet "
             "delivering): judged on the checks' REST marks alone, by venue.",
             {"venue"})
      .With({std::string(ToString(v))});
}

metrics::Series& Fallbacks(Venue v) {
  return metrics::Default()
      .Counter("baro_stream_fallbacks_total",
               "Watched symbols whose streamed mark went stale (older than stream.stale_after_ms): "
               "from then on the REST mark of the checks counts, by venue.",
               {"venue"})
      .With({std::string(ToString(v))});
}

}  // namespace

MarkStreamer::MarkStreamer(StreamerOptions options, MarkSink* sink, const Clock& clock,
                           HookFactory hooks)
    : options_(std::move(options)),
      sink_(sink),
      clock_(clock),
      hooks_(std::move(hooks)),
      cache_(options_.stale_after_ms) {
  sweeper_ = std::thread([this] { SweepLoop(); });
}

void MarkStreamer::SweepLoop() {
  const auto period =
      std::chrono::milliseconds(std::clamp<std::int64_t>(options_.stale_after_ms / 2, 1, 1000));
  std::unique_lock lock(mu_);
  while (!stopped_) {
    sweep_wake_.wait_for(lock, period, [this] { return stopped_; });
    if (stopped_) break;
    std::set<Venue> venues;
    for (const auto& [venue, vs] : venues_) venues.insert(venue);
    lock.unlock();
    auto swept = cache_.Sweep(clock_.NowMs());
    for (Venue v : venues) {
      const auto& f = swept[v];
      OnRest(v).Set(static_cast<double>(f.on_rest));
      if (f.went_stale > 0) Fallbacks(v).Add(static_cast<double>(f.went_stale));
    }
    lock.lock();
  }
}

MarkStreamer::~MarkStreamer() {
  Stop();
}

MarkStreamer::VenueStreams& MarkStreamer::ForVenue(Venue venue) {
  auto [it, inserted] = venues_.try_emplace(venue);
  if (inserted) it->second.limits = hooks_(venue, options_.endpoints)->limits();
  return it->second;
}

void MarkStreamer::Watch(const std::set<SymbolKey>& wanted) {
  std::lock_guard lock(mu_);
  std::map<Venue, std::set<std::string>> by_venue;
  for (const auto& [venue, symbol] : wanted) by_venue[venue].insert(symbol);
  for (const auto& [venue, streams] : venues_) by_venue.try_emplace(venue);

  std::set<SymbolKey> tracked;
  std::size_t total = 0;
  for (auto& [venue, symbols] : by_venue) {
    VenueStreams& vs = ForVenue(venue);
    const std::size_t max_connections =
        std::min(vs.limits.connections, options_.max_connections_per_venue);
    // Symbols that went: off their connection.
    for (auto& set : vs.assigned) {
      for (auto it = set.begin(); it != set.end();) {
        it = symbols.contains(*it) ? std::next(it) : set.erase(it);
      }
    }
    std::size_t streamed = 0;
    for (const auto& set : vs.assigned) streamed += set.size();
    // Symbols that came: onto the first connection with room, a new one when all are full.
    for (const auto& symbol : symbols) {
      bool have = false;
      for (const auto& set : vs.assigned) have = have || set.contains(symbol);
      if (have) continue;
      if (total + streamed >= options_.max_symbols || streamed >= vs.limits.symbols_total) {
        Refused(venue).Add();
        continue;
      }
      auto room = std::find_if(vs.assigned.begin(), vs.assigned.end(), [&](const auto& set) {
        return set.size() < vs.limits.symbols_per_connection;
      });
      if (room == vs.assigned.end()) {
        if (vs.connections.size() >= max_connections) {
          Refused(venue).Add();
          continue;
        }
        vs.connections.push_back(std::make_unique<StreamConnection>(
            hooks_(venue, options_.endpoints), options_.connection,
            [this](Venue v, const ParsedFrame& f, std::int64_t at) { OnFrame(v, f, at); }, clock_));
        vs.assigned.emplace_back();
        vs.connections.back()->Start();
        room = std::prev(vs.assigned.end());
      }
      room->insert(symbol);
      ++streamed;
    }
    total += streamed;
    for (std::size_t i = 0; i < vs.connections.size(); ++i) {
      vs.connections[i]->SetSymbols(vs.assigned[i]);
      for (const auto& s : vs.assigned[i]) tracked.insert({venue, s});
    }
    Streamed(venue).Set(static_cast<double>(streamed));
  }
  cache_.Track(tracked);
}

void MarkStreamer::OnFrame(Venue venue, const ParsedFrame& frame, std::int64_t received_ms) {
  for (const auto& update : frame.marks) {
    auto changed = cache_.Apply(venue, update, received_ms);
    if (changed && sink_ != nullptr) sink_->OnMark(venue, update.symbol, *changed, received_ms);
  }
}

StreamedMark MarkStreamer::Lookup(Venue venue, const std::string& symbol) const {
  StreamedMark m = cache_.Lookup(venue, symbol, clock_.NowMs());
  switch (m.state) {
    case MarkState::kFresh:
      Lookups(venue, "fresh").Add();
      break;
    case MarkState::kStale:
      Lookups(venue, "stale").Add();
      break;
    case MarkState::kAbsent:
      Lookups(venue, "absent").Add();
      break;
  }
  return m;
}

void MarkStreamer::Stop() {
  std::map<Venue, VenueStreams> venues;
  {
    std::lock_guard lock(mu_);
    venues.swap(venues_);
    stopped_ = true;
  }
  sweep_wake_.notify_all();
  if (sweeper_.joinable() && sweeper_.get_id() != std::this_thread::get_id()) sweeper_.join();
  for (auto& [venue, vs] : venues) {
    for (auto& c : vs.connections) c->Stop();
    Streamed(venue).Set(0);
    OnRest(venue).Set(0);
  }
}

std::vector<std::set<std::string>> MarkStreamer::ConnectionSymbols(Venue venue) const {
  std::lock_guard lock(mu_);
  auto it = venues_.find(venue);
  if (it == venues_.end()) return {};
  return it->second.assigned;
}

std::uint64_t MarkStreamer::Sessions(Venue venue) const {
  std::lock_guard lock(mu_);
  auto it = venues_.find(venue);
  std::uint64_t n = 0;
  if (it != venues_.end()) {
    for (const auto& c : it->second.connections) n += c->sessions();
  }
  return n;
}

std::size_t MarkStreamer::ConnectedCount(Venue venue) const {
  std::lock_guard lock(mu_);
  auto it = venues_.find(venue);
  std::size_t n = 0;
  if (it != venues_.end()) {
    for (const auto& c : it->second.connections) n += c->connected() ? 1 : 0;
  }
  return n;
}

}  // namespace baro::stream

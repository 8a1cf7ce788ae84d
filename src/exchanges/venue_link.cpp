#include "exchanges/venue_link.h"

#include <algorithm>
#include <charconv>

namespace baro::exchanges {

Status RequestBudget::Take(std::int64_t weight, std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  if (now_ms < banned_until_ms_) {
    Error e = MakeError(ErrorCode::kRateLimited, "the venue asked us to stay away");
    e.retry_after_ms = banned_until_ms_ - now_ms;
    return e;
  }
  if (limit_.weight_per_window <= 0) return {};
  if (now_ms >= window_start_ms_ + limit_.window_ms || now_ms < window_start_ms_) {
    // Windows are aligned to multiples of window_ms, as the venues count them.
    window_start_ms_ = now_ms - now_ms % limit_.window_ms;
    used_ = 0;
  }
  if (used_ + weight > limit_.weight_per_window) {
    Error e = MakeError(ErrorCode::kRateLimited, "request weight for this minute is used up");
    e.retry_after_ms = window_start_ms_ + limit_.window_ms - now_ms;
    return e;
  }
  used_ += weight;
  return {};
}

void RequestBudget::BanUntil(std::int64_t until_ms) {
  std::lock_guard lock(mutex_);
  banned_until_ms_ = std::max(banned_until_ms_, until_ms);
}

std::int64_t RequestBudget::banned_until_ms() const {
  std::lock_guard lock(mutex_);
  return banned_until_ms_;
}

std::int64_t RequestBudget::used_in_window(std::int64_t now_ms) const {
  std::lock_guard lock(mutex_);
  if (now_ms >= window_start_ms_ + limit_.window_ms || now_ms < window_start_ms_) return 0;
  return used_;
}

std::optional<double> ContractTable::Size(const std::string& venue_symbol) const {
  std::lock_guard lock(mutex_);
  auto it = sizes_.find(venue_symbol);
  if (it == sizes_.end()) return std::nullopt;
  return it->second;
}

bool ContractTable::FreshAt(std::int64_t now_ms, std::int64_t lifetime_ms) const {
  std::lock_guard lock(mutex_);
  return !sizes_.empty() && now_ms - loaded_at_ms_ < lifetime_ms;
}

void ContractTable::Replace(std::unordered_map<std::string, double> sizes, std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  sizes_ = std::move(sizes);
  loaded_at_ms_ = now_ms;
}

Result<net::HttpResponse> VenueLink::Send(const net::Url& base, const net::HttpRequest& request,
                                          std::int64_t weight) {
  if (auto st = state_.budget.Take(weight, clock_.NowMs()); !st) return st.error();
  auto res = http_.Send(base, request);
  if (!res) return res;
  const BudgetLimit& limit = state_.budget.limit();
  const bool venue_ban = limit.ban_status != 0 && res->status == limit.ban_status;
  if (res->status == 429 || res->status == 418 || venue_ban) {
    std::int64_t ban_ms = venue_ban ? limit.ban_status_ms : options_.default_ban_ms;
    if (auto header = res->Header("Retry-After")) {
      std::int64_t seconds = 0;
      auto [end, ec] = std::from_chars(header->data(), header->data() + header->size(), seconds);
      if (ec == std::errc() && end == header->data() + header->size() && seconds >= 0)
        ban_ms = seconds * 1000;
    }
    // An address-wide limit bans every account behind this address; an account limit only the one.
    if (state_.budget.limit().weight_per_window > 0)
      state_.budget.BanUntil(clock_.NowMs() + ban_ms);
  }
  return res;
}

void VenueLink::SetServerTime(std::int64_t server_ms, std::int64_t before_ms,
                              std::int64_t after_ms) {
  state_.clock_offset_ms.store(server_ms - (before_ms + after_ms) / 2);
}

}  // namespace baro::exchanges

// The seven venues' stream hooks and their frame parsers. Each parser is a pure function of one
// text frame (see stream/stream_message.h); each venue's .cpp cites the documentation it follows.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"
#include "stream/venue_hook.h"

namespace baro::stream {

ParsedFrame ParseHyperliquidFrame(std::string_view text);
ParsedFrame ParseBinanceFrame(std::string_view text);
ParsedFrame ParseBybitFrame(std::string_view text);
ParsedFrame ParseOkxFrame(std::string_view text);
ParsedFrame ParseBitgetFrame(std::string_view text);
ParsedFrame ParseGateFrame(std::string_view text);
ParsedFrame ParseKucoinFrame(std::string_view text);

// KuCoin's answer to its public token request (POST /api/v1/bullet-public).
struct KucoinBullet {
  std::string token;
  std::string endpoint;  // wss://...
  std::int64_t ping_interval_ms = 0;
  std::int64_t ping_timeout_ms = 0;
};
Result<KucoinBullet> ParseKucoinBullet(std::string_view body);

std::unique_ptr<VenueHook> MakeHyperliquidHook(std::string url);
std::unique_ptr<VenueHook> MakeBinanceHook(std::string url);
std::unique_ptr<VenueHook> MakeBybitHook(std::string url);
std::unique_ptr<VenueHook> MakeOkxHook(std::string url);
std::unique_ptr<VenueHook> MakeBitgetHook(std::string url);
std::unique_ptr<VenueHook> MakeGateHook(std::string url);
// `token_api`: the KuCoin Futures REST base asked for a public token before each connection.
std::unique_ptr<VenueHook> MakeKucoinHook(std::string token_api);

}  // namespace baro::stream

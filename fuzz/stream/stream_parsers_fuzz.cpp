// Every venue's stream frame parser, and KuCoin's token answer, on arbitrary bytes: none may crash,
// and a frame that yields marks yields only positive finite ones with a symbol.
#include <cmath>
#include <cstdint>
#include <cstdlib>

#include "fuzz_input.h"
#include "stream/venues/venue_streams.h"

namespace stream = baro::stream;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto input = baro::fuzz::AsText(data, size);
  for (auto parse : {stream::ParseHyperliquidFrame, stream::ParseBinanceFrame,
                     stream::ParseBybitFrame, stream::ParseOkxFrame, stream::ParseBitgetFrame,
                     stream::ParseGateFrame, stream::ParseKucoinFrame}) {
    const stream::ParsedFrame frame = parse(input);
    for (const auto& m : frame.marks) {
      if (m.symbol.empty()) std::abort();
      if (m.mark && !(std::isfinite(*m.mark) && *m.mark > 0)) std::abort();
    }
    if (frame.kind != stream::ParsedFrame::Kind::kMarks && !frame.marks.empty()) std::abort();
  }
  (void)stream::ParseKucoinBullet(input);
  return 0;
}

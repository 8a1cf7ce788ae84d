// A getUpdates answer on arbitrary bytes, read the way TelegramClient reads it: the {"ok","result"}
// envelope, then ParseUpdates on the result (https://core.telegram.org/bots/api#getupdates).
// Every update that comes out has the update_id the item carried.
#include <cstdint>
#include <cstdlib>

#include "core/json_util.h"
#include "fuzz_input.h"
#include "notify/telegram_client.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto parsed = baro::json::Parse(baro::fuzz::AsText(data, size));
  if (!parsed) return 0;
  const boost::json::value* result = baro::json::Find(*parsed, "result");
  const auto updates = baro::notify::ParseUpdates(result ? *result : *parsed);
  // An update is only ever made from an array item that is an object with an update_id.
  const auto& source = result ? *result : *parsed;
  if (!updates.empty() && (!source.is_array() || updates.size() > source.as_array().size()))
    std::abort();
  return 0;
}

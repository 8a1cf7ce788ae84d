// Telegram HTML helpers: escaping (only &, <, > and, inside attributes, " need it) and splitting a
// long message into parts that each fit Telegram's 4096-character limit, cutting only between
// blocks, so no tag or entity is ever cut in two.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace baro::notify {

inline constexpr std::size_t kTelegramMaxChars = 4096;

std::string EscapeHtml(std::string_view text);

// Characters Telegram counts: Unicode code points of the text once tags are removed and entities
// decoded.
std::size_t VisibleLength(std::string_view html);

// Joins `header`, `blocks` and `footer` with blank lines into as few messages as possible, each
// within `limit` visible characters; every part repeats the header and ends with the footer. A
// block longer than a whole message is cut at a line boundary of its own text.
std::vector<std::string> PackMessages(const std::string& header,
                                      const std::vector<std::string>& blocks,
                                      const std::string& footer,
                                      std::size_t limit = kTelegramMaxChars);

}  // namespace baro::notify

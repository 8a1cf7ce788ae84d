// Telegram HTML helpers: escaping (only &, <, > and, inside attributes, " need it), the length
// Telegram counts (Unicode code points of the text once tags are removed and entities decoded), and
// cutting a long message into parts that each fit the 4096-character limit without ever cutting a
// tag or an entity in two; tags open at a cut are closed at the end of one part and reopened at the
// start of the next, so every part is valid on its own (docs/telegram.md, "Message format").
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace baro::notify {

inline constexpr std::size_t kTelegramMaxChars = 4096;

std::string EscapeHtml(std::string_view text);

// Characters Telegram counts: Unicode code points of the text once tags are removed and the
// entities &lt; &gt; &amp; &quot; and numeric ones (&#60; &#x3C;) decoded.
std::size_t VisibleLength(std::string_view html);

// Cuts `html` into parts of at most `limit` visible characters (limit >= 1). A cut falls after
// the last line break that fits, else after the last space, else between two characters; never
// inside a tag or an entity. Tags open at a cut are closed (innermost first) at the end of the
// part and reopened, with their attributes, at the start of the next. A text within the limit
// comes back as one part, unchanged.
std::vector<std::string> SplitHtml(std::string_view html, std::size_t limit = kTelegramMaxChars);

// Joins `header`, `blocks` and `footer` with blank lines into as few messages as possible, each
// within `limit` visible characters; every part repeats the header and ends with the footer. A
// block too long for one message is cut with SplitHtml.
std::vector<std::string> PackMessages(const std::string& header,
                                      const std::vector<std::string>& blocks,
                                      const std::string& footer,
                                      std::size_t limit = kTelegramMaxChars);

}  // namespace baro::notify

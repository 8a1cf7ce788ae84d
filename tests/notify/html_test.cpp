// Escaping, Telegram's length count and the splitter that keeps every part valid HTML.
#include "notify/html.h"

#include <gtest/gtest.h>

#include <regex>

namespace baro::notify {
namespace {

// Checks that every tag opened in `html` is closed in the same part, innermost first.
bool Balanced(const std::string& html) {
  std::vector<std::string> open;
  static const std::regex kTag("<(/?)([a-z-]+)[^>]*>");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), kTag); it != std::sregex_iterator();
       ++it) {
    if ((*it)[1].length() == 0) {
      open.push_back((*it)[2]);
    } else {
      if (open.empty() || open.back() != (*it)[2]) return false;
      open.pop_back();
    }
  }
  return open.empty();
}

std::string Repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

// The text a reader sees: tags removed (entities left as they are, each counting once).
std::string Stripped(const std::string& html) {
  return std::regex_replace(html, std::regex("<[^>]*>"), "");
}

TEST(Html, EscapesTheReservedCharacters) {
  EXPECT_EQ(EscapeHtml("a<b & \"c\">"), "a&lt;b &amp; &quot;c&quot;&gt;");
  EXPECT_EQ(EscapeHtml("plain ✓"), "plain ✓");
}

TEST(Html, CountsCodePointsAfterTagsAndEntities) {
  EXPECT_EQ(VisibleLength("<b>ab</b>&amp;é"), 4u);
  EXPECT_EQ(VisibleLength("&#60;&#x3C;&lt;"), 3u);
  EXPECT_EQ(VisibleLength("🟥 x"), 3u);  // one code point, however many bytes
  EXPECT_EQ(VisibleLength("a & b"), 5u);   // a bare & is a character of its own
  EXPECT_EQ(VisibleLength("&nbsp;"), 6u);  // not an entity Telegram decodes
  EXPECT_EQ(VisibleLength("<a href=\"x\">l</a>"), 1u);
}

TEST(Html, ShortTextIsOnePartUnchanged) {
  const std::string text = "<b>BTC</b> &lt; 5";
  auto parts = SplitHtml(text, 7);
  ASSERT_EQ(parts.size(), 1u);
  EXPECT_EQ(parts[0], text);
}

TEST(Html, CutsAtLineBreaksFirst) {
  const std::string text = "aaaa bbbb\ncccc dddd\neeee";
  auto parts = SplitHtml(text, 12);
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(parts[0], "aaaa bbbb\n");
  EXPECT_EQ(parts[1], "cccc dddd\n");
  EXPECT_EQ(parts[2], "eeee");
}

TEST(Html, CutsAtSpacesWhenALineIsTooLong) {
  auto parts = SplitHtml("one two three four", 9);
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(parts[0], "one two ");
  EXPECT_EQ(parts[1], "three ");
  EXPECT_EQ(parts[2], "four");
}

TEST(Html, NeverCutsAnEntityOrACodePoint) {
  const std::string text = Repeat("&amp;é&#x1F7E5;", 10);  // 30 visible characters
  auto parts = SplitHtml(text, 4);
  std::string joined;
  for (const auto& p : parts) {
    EXPECT_LE(VisibleLength(p), 4u);
    joined += p;
  }
  EXPECT_EQ(joined, text);
  EXPECT_EQ(parts[0], "&amp;é&#x1F7E5;&amp;");
}

TEST(Html, ClosesAndReopensTagsAcrossACut) {
  const std::string text =
      "<b>bold <a href=\"https://x.io/?a=1&amp;b=2\">link text here</a> tail</b> end";
  auto parts = SplitHtml(text, 10);
  ASSERT_GT(parts.size(), 1u);
  std::string visible;
  for (const auto& p : parts) {
    EXPECT_LE(VisibleLength(p), 10u) << p;
    EXPECT_TRUE(Balanced(p)) << p;
    visible += Stripped(p);
  }
  EXPECT_EQ(visible, Stripped(text));  // nothing lost, nothing added
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(parts[0], "<b>bold <a href=\"https://x.io/?a=1&amp;b=2\">link </a></b>");
  EXPECT_EQ(parts[1], "<b><a href=\"https://x.io/?a=1&amp;b=2\">text here</a> </b>");
  EXPECT_EQ(parts[2], "<b>tail</b> end");
}

TEST(Html, AnOpeningTagAtTheCutMovesToTheNextPart) {
  auto parts = SplitHtml("abcd <b>efgh</b>", 5);
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0], "abcd ");
  EXPECT_EQ(parts[1], "<b>efgh</b>");
}

TEST(Html, LongPreBlockSplitsIntoValidParts) {
  std::string body;
  for (int i = 0; i < 2000; ++i) body += "line " + std::to_string(i) + " &lt;x&gt;\n";
  const std::string text = "<pre>" + body + "</pre>";
  auto parts = SplitHtml(text);
  ASSERT_GT(parts.size(), 1u);
  std::string visible;
  for (const auto& p : parts) {
    EXPECT_LE(VisibleLength(p), kTelegramMaxChars);
    EXPECT_EQ(p.rfind("<pre>", 0), 0u);
    EXPECT_TRUE(p.ends_with("\n</pre>")) << p.substr(p.size() - 20);  // cut at line ends
    EXPECT_TRUE(Balanced(p));
    visible += Stripped(p);
  }
  EXPECT_EQ(visible, body);
}

TEST(Html, PacksBlocksWithHeaderAndFooterWithinTheLimit) {
  std::vector<std::string> blocks(200,
                                  "<b>BTCUSDT</b> long · binance\nLiquidation 90,000 (4.1% away)");
  blocks.push_back("<i>" + Repeat("very long line ", 600) + "</i>");  // longer than a message
  auto parts = PackMessages("<b>Position alert</b>", blocks, "<i>reference only</i>");
  ASSERT_GT(parts.size(), 2u);
  for (const auto& p : parts) {
    EXPECT_LE(VisibleLength(p), kTelegramMaxChars);
    EXPECT_TRUE(Balanced(p));
    EXPECT_EQ(p.rfind("<b>Position alert</b>", 0), 0u);
    EXPECT_TRUE(p.ends_with("<i>reference only</i>"));
  }
}

}  // namespace
}  // namespace baro::notify

#include "notify/html.h"

#include <algorithm>
#include <cctype>
#include <iterator>

namespace baro::notify {
namespace {

// The length of the entity at the start of `s` ("&lt;", "&#60;", "&#x3C;"), or 0 when `s` does
// not start with one Telegram decodes: the four named entities and every numeric one.
std::size_t EntityLength(std::string_view s) {
  for (std::string_view named : {"&lt;", "&gt;", "&amp;", "&quot;"}) {
    if (s.starts_with(named)) return named.size();
  }
  if (!s.starts_with("&#")) return 0;
  std::size_t i = 2;
  const bool hex = i < s.size() && (s[i] == 'x' || s[i] == 'X');
  if (hex) ++i;
  const std::size_t digits_from = i;
  while (i < s.size() && (hex ? std::isxdigit(static_cast<unsigned char>(s[i]))
                              : std::isdigit(static_cast<unsigned char>(s[i])))) {
    ++i;
  }
  if (i == digits_from || i >= s.size() || s[i] != ';') return 0;
  return i + 1;
}

std::size_t CodePointLength(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead & 0xE0) == 0xC0) return 2;
  if ((lead & 0xF0) == 0xE0) return 3;
  if ((lead & 0xF8) == 0xF0) return 4;
  return 1;  // a stray continuation byte counts on its own
}

enum class TokenKind { kOpenTag, kCloseTag, kChar };

struct Token {
  TokenKind kind;
  std::string_view raw;   // the tag, the entity or the code point's bytes
  std::string_view name;  // tag name, for tags
};

std::vector<Token> Tokenize(std::string_view html) {
  std::vector<Token> out;
  std::size_t i = 0;
  while (i < html.size()) {
    if (html[i] == '<') {
      const auto close = html.find('>', i);
      if (close != std::string_view::npos) {
        std::string_view raw = html.substr(i, close - i + 1);
        std::string_view inner = raw.substr(1, raw.size() - 2);
        const bool closing = inner.starts_with('/');
        if (closing) inner.remove_prefix(1);
        std::string_view name = inner.substr(0, inner.find_first_of(" \t\r\n/"));
        out.push_back({closing ? TokenKind::kCloseTag : TokenKind::kOpenTag, raw, name});
        i = close + 1;
        continue;
      }
    }
    std::size_t len = html[i] == '&' ? EntityLength(html.substr(i)) : 0;
    if (len == 0) len = CodePointLength(static_cast<unsigned char>(html[i]));
    len = std::min(len, html.size() - i);
    out.push_back({TokenKind::kChar, html.substr(i, len), {}});
    i += len;
  }
  return out;
}

struct OpenTag {
  std::string_view raw;
  std::string_view name;
};

void Apply(const Token& t, std::vector<OpenTag>& open) {
  if (t.kind == TokenKind::kOpenTag) {
    open.push_back({t.raw, t.name});
  } else if (t.kind == TokenKind::kCloseTag) {
    for (auto it = open.rbegin(); it != open.rend(); ++it) {
      if (it->name == t.name) {
        open.erase(std::next(it).base());
        break;
      }
    }
  }
}

}  // namespace

std::string EscapeHtml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

std::size_t VisibleLength(std::string_view html) {
  std::size_t n = 0;
  for (const auto& t : Tokenize(html)) {
    if (t.kind == TokenKind::kChar) ++n;
  }
  return n;
}

std::vector<std::string> SplitHtml(std::string_view html, std::size_t limit) {
  if (limit == 0) limit = 1;
  if (VisibleLength(html) <= limit) return {std::string(html)};
  const std::vector<Token> tokens = Tokenize(html);
  std::vector<std::string> parts;
  std::vector<OpenTag> open;  // tags open where the current part starts
  std::size_t start = 0;
  while (start < tokens.size()) {
    std::size_t visible = 0, end = start;
    std::size_t after_newline = 0, after_space = 0;  // 0: none seen in this part
    for (; end < tokens.size(); ++end) {
      if (tokens[end].kind != TokenKind::kChar) continue;
      if (visible == limit) break;
      ++visible;
      if (tokens[end].raw == "\n") after_newline = end + 1;
      if (tokens[end].raw == " ") after_space = end + 1;
    }
    std::size_t cut = end;
    if (end < tokens.size()) {
      if (after_newline != 0) {
        cut = after_newline;
      } else if (after_space != 0) {
        cut = after_space;
      }
      // An opening tag right before the cut belongs with the text it opens.
      while (cut > start + 1 && tokens[cut - 1].kind == TokenKind::kOpenTag) --cut;
    }
    std::string part;
    for (const auto& tag : open) part += tag.raw;
    for (std::size_t i = start; i < cut; ++i) {
      part += tokens[i].raw;
      Apply(tokens[i], open);
    }
    for (auto it = open.rbegin(); it != open.rend(); ++it) {
      part += "</";
      part += it->name;
      part += '>';
    }
    parts.push_back(std::move(part));
    start = cut;
  }
  return parts;
}

std::vector<std::string> PackMessages(const std::string& header,
                                      const std::vector<std::string>& blocks,
                                      const std::string& footer, std::size_t limit) {
  const std::size_t frame = VisibleLength(header) + VisibleLength(footer) + 4;
  const std::size_t room = limit > frame + 16 ? limit - frame : 16;
  std::vector<std::string> pieces;
  for (const auto& b : blocks) {
    for (auto& piece : SplitHtml(b, room)) pieces.push_back(std::move(piece));
  }
  std::vector<std::string> out;
  std::string body;
  for (const auto& p : pieces) {
    if (!body.empty() && VisibleLength(body) + VisibleLength(p) + 2 > room) {
      out.push_back(header + "\n\n" + body + "\n\n" + footer);
      body.clear();
    }
    body += (body.empty() ? "" : "\n\n") + p;
  }
  if (!body.empty()) out.push_back(header + "\n\n" + body + "\n\n" + footer);
  return out;
}

}  // namespace baro::notify

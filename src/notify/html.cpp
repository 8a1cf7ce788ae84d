#include "notify/html.h"

namespace baro::notify {

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
  for (std::size_t i = 0; i < html.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(html[i]);
    if (c == '<') {
      auto close = html.find('>', i);
      if (close == std::string_view::npos) break;
      i = close;
      continue;
    }
    if (c == '&') {
      auto semi = html.find(';', i);
      if (semi != std::string_view::npos && semi - i <= 10) {
        ++n;
        i = semi;
        continue;
      }
    }
    if ((c & 0xC0) != 0x80) ++n;  // count code points, not continuation bytes
  }
  return n;
}

std::vector<std::string> PackMessages(const std::string& header,
                                      const std::vector<std::string>& blocks,
                                      const std::string& footer, std::size_t limit) {
  const std::size_t frame = VisibleLength(header) + VisibleLength(footer) + 4;
  const std::size_t room = limit > frame + 16 ? limit - frame : 16;
  // Blocks too long for one message are cut at their own line boundaries first.
  std::vector<std::string> pieces;
  for (const auto& b : blocks) {
    if (VisibleLength(b) <= room) {
      pieces.push_back(b);
      continue;
    }
    std::string current;
    std::size_t pos = 0;
    while (pos < b.size()) {
      auto nl = b.find('\n', pos);
      std::string line = b.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
      pos = nl == std::string::npos ? b.size() : nl + 1;
      if (!current.empty() && VisibleLength(current) + VisibleLength(line) + 1 > room) {
        pieces.push_back(current);
        current.clear();
      }
      current += (current.empty() ? "" : "\n") + line;
    }
    if (!current.empty()) pieces.push_back(current);
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

#include "report/markdown_text.h"

#include <algorithm>

#include "report/terminal_text.h"

namespace flinkscan {

namespace {

// Line breaks and tabs become spaces first, so that the terminal neutraliser
// only has the dangerous controls left to make visible.
std::string OneLineVisible(std::string_view text) {
  std::string flat(text);
  for (char& c : flat) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  return TerminalSafe(flat);
}

bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool StartsWithIgnoringCase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    char c = text[i];
    if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

}  // namespace

void AppendMarkdownText(std::string* out, std::string_view text) {
  const std::string visible = OneLineVisible(text);
  const std::string_view safe = visible;
  for (size_t i = 0; i < safe.size(); ++i) {
    const char c = safe[i];
    switch (c) {
      case '<':
        out->append("&lt;");
        break;
      case '>':
        out->append("&gt;");
        break;
      case '&':
        out->append("&amp;");
        break;
      case '\\':
      case '*':
      case '_':
      case '[':
      case ']':
      case '(':
      case ')':
      case '#':
      case '+':
      case '-':
      case '!':
      case '|':
      case '`':
      case '~':
      case '@':
        out->push_back('\\');
        out->push_back(c);
        break;
      case ':':
        // "http://…" would become a link in GFM even without brackets.
        if (safe.substr(i + 1, 2) == "//" && i > 0 && IsAsciiLetter(safe[i - 1])) out->push_back('\\');
        out->push_back(c);
        break;
      case '.':
        // So would "www.…".
        if (i >= 3 && StartsWithIgnoringCase(safe.substr(i - 3), "www") &&
            (i == 3 || !IsAsciiLetter(safe[i - 4]))) {
          out->push_back('\\');
        }
        out->push_back(c);
        break;
      default:
        out->push_back(c);
    }
  }
}

std::string MarkdownText(std::string_view text) {
  std::string out;
  AppendMarkdownText(&out, text);
  return out;
}

void AppendMarkdownCode(std::string* out, std::string_view text) {
  const std::string visible = OneLineVisible(text);
  if (visible.empty() || visible.find_first_of("<>&|") != std::string::npos) {
    AppendMarkdownText(out, visible);
    return;
  }
  size_t longest_run = 0;
  size_t run = 0;
  for (char c : visible) {
    run = c == '`' ? run + 1 : 0;
    longest_run = std::max(longest_run, run);
  }
  const std::string fence(longest_run + 1, '`');
  // A space pads content that starts or ends with a backtick (CommonMark strips one on each side).
  const bool pad =
      visible.front() == '`' || visible.back() == '`' || (visible.front() == ' ' && visible.back() == ' ');
  out->append(fence);
  if (pad) out->push_back(' ');
  out->append(visible);
  if (pad) out->push_back(' ');
  out->append(fence);
}

std::string MarkdownCode(std::string_view text) {
  std::string out;
  AppendMarkdownCode(&out, text);
  return out;
}

}  // namespace flinkscan

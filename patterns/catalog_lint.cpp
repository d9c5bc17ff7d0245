// LintCatalog: the rules that keep the one-scan-per-chunk design correct and
// fast. A pattern that can match "\n" could join two records; a pattern that
// ends in an unbounded repeat reports every extra byte as a new match end and
// pushes Hyperscan onto a slower engine (performance.md, lesson 4).
//
// The expression walk below understands the PCRE subset Hyperscan accepts
// well enough for these two questions; it does not validate syntax (the
// compiler does that and reports the entry id).

#include <hs.h>

#include <algorithm>
#include <cctype>
#include <set>
#include <string>
#include <vector>

#include "patterns/catalog.h"

namespace flinkscan {
namespace {

constexpr uint32_t kNewline = 0x0a;

bool IsHexDigit(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
uint32_t HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return c - 'A' + 10;
}

// One element of an expression or of a character class, as far as newline
// reachability is concerned.
struct Element {
  bool matches_newline = false;  // this element alone can match "\n"
  bool has_code_point = false;   // a single character (usable as a range end)
  uint32_t code_point = 0;
  std::string text;  // for messages
};

// Reads an escape starting at expr[i] == '\\'. Advances i past it.
Element ReadEscape(std::string_view expr, size_t& i, bool in_class) {
  Element e;
  const size_t start = i;
  ++i;  // the backslash
  if (i >= expr.size()) {
    e.text = "\\";
    return e;
  }
  const char c = expr[i++];
  auto single = [&](uint32_t cp) {
    e.has_code_point = true;
    e.code_point = cp;
    e.matches_newline = cp == kNewline;
  };
  switch (c) {
    case 'n':
      single(kNewline);
      break;
    case 'r':
      single(0x0d);
      break;
    case 't':
      single(0x09);
      break;
    case 'f':
      single(0x0c);
      break;
    case 'e':
      single(0x1b);
      break;
    case 'a':
      single(0x07);
      break;
    // Classes that contain "\n": whitespace, vertical space, and the negations
    // of classes that do not contain it.
    case 's':
    case 'v':
    case 'R':
    case 'D':
    case 'W':
    case 'H':
    case 'X':
    case 'C':
      e.matches_newline = true;
      break;
    case 'P':  // a negated Unicode property: \n is in almost all of them
      e.matches_newline = true;
      [[fallthrough]];
    case 'p':
      if (i < expr.size() && expr[i] == '{') {
        const size_t close = expr.find('}', i);
        const std::string_view name = expr.substr(i + 1, close == std::string_view::npos ? 0 : close - i - 1);
        if (c == 'p' && (name.starts_with("C") || name == "Any" || name == "Xsp" || name == "Xps")) {
          e.matches_newline = true;
        }
        i = close == std::string_view::npos ? expr.size() : close + 1;
      } else if (i < expr.size()) {
        if (c == 'p' && expr[i] == 'C') e.matches_newline = true;
        ++i;
      }
      break;
    case 'x': {
      uint32_t cp = 0;
      if (i < expr.size() && expr[i] == '{') {
        size_t j = i + 1;
        while (j < expr.size() && IsHexDigit(expr[j])) cp = cp * 16 + HexValue(expr[j++]);
        i = (j < expr.size() && expr[j] == '}') ? j + 1 : j;
      } else {
        for (int k = 0; k < 2 && i < expr.size() && IsHexDigit(expr[i]); ++k) {
          cp = cp * 16 + HexValue(expr[i++]);
        }
      }
      single(cp);
      break;
    }
    case 'c':
      if (i < expr.size()) single(static_cast<uint32_t>(expr[i++]) ^ 0x40);
      break;
    case '0': {
      uint32_t cp = 0;
      for (int k = 0; k < 2 && i < expr.size() && expr[i] >= '0' && expr[i] <= '7'; ++k)
        cp = cp * 8 + (expr[i++] - '0');
      single(cp);
      break;
    }
    default:
      if (IsDigit(c) && !in_class) {
        // A back reference (Hyperscan rejects it) or an octal escape.
        while (i < expr.size() && IsDigit(expr[i])) ++i;
      } else if (IsDigit(c)) {
        uint32_t cp = c - '0';
        for (int k = 0; k < 2 && i < expr.size() && expr[i] >= '0' && expr[i] <= '7'; ++k)
          cp = cp * 8 + (expr[i++] - '0');
        single(cp);
      } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
        // \d \w \h \S \V \N \b \B \A \z \Z \G …: none of them matches "\n".
      } else {
        single(static_cast<unsigned char>(c));  // an escaped literal: \. \( \\ …
      }
  }
  e.text = std::string(expr.substr(start, i - start));
  return e;
}

// Reads a class starting at expr[i] == '['. Advances i past the closing ']'.
// Returns the first problem found, or "" when the class cannot match "\n".
std::string ReadClass(std::string_view expr, size_t& i) {
  const size_t start = i;
  ++i;
  bool negated = false;
  if (i < expr.size() && expr[i] == '^') {
    negated = true;
    ++i;
  }
  bool covers_newline = false;  // some element of the set contains "\n"
  std::string covering;
  bool first = true;
  std::vector<Element> elements;
  while (i < expr.size() && (expr[i] != ']' || first)) {
    first = false;
    Element e;
    if (expr[i] == '[' && i + 1 < expr.size() && expr[i + 1] == ':') {
      const size_t close = expr.find(":]", i + 2);
      const size_t end = close == std::string_view::npos ? expr.size() : close + 2;
      std::string_view name =
          expr.substr(i + 2, (close == std::string_view::npos ? expr.size() : close) - i - 2);
      const bool posix_negated = name.starts_with("^");
      if (posix_negated) name.remove_prefix(1);
      const bool contains = name == "space" || name == "cntrl" || name == "ascii";
      e.matches_newline = posix_negated ? !contains : contains;
      e.text = std::string(expr.substr(i, end - i));
      i = end;
    } else if (expr[i] == '\\') {
      e = ReadEscape(expr, i, /*in_class=*/true);
    } else {
      e.has_code_point = true;
      e.code_point = static_cast<unsigned char>(expr[i]);
      e.matches_newline = e.code_point == kNewline;
      e.text = std::string(1, expr[i]);
      ++i;
    }
    // A range "a-z": the '-' is a literal when it ends the class.
    if (e.has_code_point && i + 1 < expr.size() && expr[i] == '-' && expr[i + 1] != ']') {
      ++i;
      Element high;
      if (expr[i] == '\\') {
        high = ReadEscape(expr, i, /*in_class=*/true);
      } else {
        high.has_code_point = true;
        high.code_point = static_cast<unsigned char>(expr[i]);
        high.text = std::string(1, expr[i]);
        ++i;
      }
      if (high.has_code_point && e.code_point <= kNewline && kNewline <= high.code_point) {
        e.matches_newline = true;
      }
      e.text += "-" + high.text;
    }
    if (e.matches_newline && !covers_newline) {
      covers_newline = true;
      covering = e.text;
    }
  }
  if (i < expr.size()) ++i;  // ']'
  const std::string klass(expr.substr(start, i - start));
  if (negated && !covers_newline) {
    return "negated class `" + klass + "` can match a newline (exclude it: `[^\\n...]`)";
  }
  if (!negated && covers_newline) {
    return "class `" + klass + "` can match a newline (through `" + covering + "`)";
  }
  return "";
}

enum class TokenKind { kAtom, kUnboundedRepeat, kBoundedRepeat, kOpen, kClose, kAlternation, kAnchor };

struct Token {
  TokenKind kind;
  std::string text;
};

struct ExpressionScan {
  std::vector<Token> tokens;
  std::vector<std::string> newline_problems;
  bool uses_anchor = false;
};

// Reads "{n}", "{n,}" or "{n,m}" at expr[i]; false when it is a literal '{'.
bool ReadCountedRepeat(std::string_view expr, size_t& i, bool& unbounded) {
  size_t j = i + 1;
  size_t digits = 0;
  while (j < expr.size() && IsDigit(expr[j])) ++j, ++digits;
  unbounded = false;
  if (j < expr.size() && expr[j] == ',') {
    ++j;
    size_t upper = 0;
    while (j < expr.size() && IsDigit(expr[j])) ++j, ++upper;
    unbounded = upper == 0;
    if (digits == 0 && upper == 0) return false;
  } else if (digits == 0) {
    return false;
  }
  if (j >= expr.size() || expr[j] != '}') return false;
  i = j + 1;
  return true;
}

ExpressionScan ScanExpression(std::string_view expr, uint32_t flags) {
  ExpressionScan scan;
  bool dotall = (flags & HS_FLAG_DOTALL) != 0;
  size_t i = 0;
  while (i < expr.size()) {
    const char c = expr[i];
    if (c == '\\') {
      if (i + 1 < expr.size() && expr[i + 1] == 'Q') {  // \Q…\E: literal text
        const size_t end = expr.find("\\E", i + 2);
        const std::string_view literal =
            expr.substr(i + 2, end == std::string_view::npos ? std::string_view::npos : end - i - 2);
        if (literal.find('\n') != std::string_view::npos)
          scan.newline_problems.push_back("`\\Q...\\E` holds a newline");
        i = end == std::string_view::npos ? expr.size() : end + 2;
        scan.tokens.push_back({TokenKind::kAtom, std::string(literal)});
        continue;
      }
      Element e = ReadEscape(expr, i, /*in_class=*/false);
      if (e.matches_newline) scan.newline_problems.push_back("`" + e.text + "` can match a newline");
      scan.tokens.push_back({TokenKind::kAtom, e.text});
      continue;
    }
    if (c == '[') {
      const size_t start = i;
      std::string problem = ReadClass(expr, i);
      if (!problem.empty()) scan.newline_problems.push_back(std::move(problem));
      scan.tokens.push_back({TokenKind::kAtom, std::string(expr.substr(start, i - start))});
      continue;
    }
    if (c == '(') {
      const size_t start = i;
      ++i;
      if (i < expr.size() && expr[i] == '?') {
        ++i;
        if (i < expr.size() && expr[i] == '#') {  // (?# comment )
          const size_t close = expr.find(')', i);
          i = close == std::string_view::npos ? expr.size() : close + 1;
          continue;
        }
        // Inline options "(?i)", "(?s:", "(?-s)": an 's' before '-' turns dotall on.
        bool negative = false;
        size_t j = i;
        while (j < expr.size() && (std::isalpha(static_cast<unsigned char>(expr[j])) || expr[j] == '-')) {
          if (expr[j] == '-') negative = true;
          if (expr[j] == 's') dotall = !negative;
          ++j;
        }
        if (j < expr.size() && expr[j] == ')' && j > i) {  // "(?s)": applies to the rest
          i = j + 1;
          continue;
        }
        if (j < expr.size() && expr[j] == ':') j += 1;
        i = std::max(i, j);
      }
      scan.tokens.push_back({TokenKind::kOpen, std::string(expr.substr(start, i - start))});
      continue;
    }
    if (c == ')') {
      scan.tokens.push_back({TokenKind::kClose, ")"});
      ++i;
      continue;
    }
    if (c == '|') {
      scan.tokens.push_back({TokenKind::kAlternation, "|"});
      ++i;
      continue;
    }
    if (c == '^' || c == '$') {
      scan.uses_anchor = true;
      scan.tokens.push_back({TokenKind::kAnchor, std::string(1, c)});
      ++i;
      continue;
    }
    if (c == '*' || c == '+' || c == '?' || c == '{') {
      const size_t start = i;
      bool unbounded = c == '*' || c == '+';
      if (c == '{') {
        if (!ReadCountedRepeat(expr, i, unbounded)) {  // a literal '{'
          scan.tokens.push_back({TokenKind::kAtom, "{"});
          ++i;
          continue;
        }
      } else {
        ++i;
      }
      if (i < expr.size() && (expr[i] == '?' || expr[i] == '+')) ++i;  // lazy / possessive
      scan.tokens.push_back({unbounded ? TokenKind::kUnboundedRepeat : TokenKind::kBoundedRepeat,
                             std::string(expr.substr(start, i - start))});
      continue;
    }
    if (c == '\n') scan.newline_problems.push_back("a literal newline character");
    if (c == '.' && dotall) scan.newline_problems.push_back("`.` under dotall can match a newline");
    scan.tokens.push_back({TokenKind::kAtom, std::string(1, c)});
    ++i;
  }
  return scan;
}

// True when the token at `index` can be the last thing a match consumes: only
// closing groups and anchors follow it, or an alternation whose group (or the
// whole expression) then ends the pattern.
bool EndsMatch(const std::vector<Token>& tokens, size_t index) {
  size_t i = index + 1;
  while (i < tokens.size()) {
    const TokenKind kind = tokens[i].kind;
    if (kind == TokenKind::kClose || kind == TokenKind::kAnchor) {
      ++i;
      continue;
    }
    if (kind == TokenKind::kAlternation) {
      // Skip the remaining alternatives of the enclosing group.
      int depth = 0;
      ++i;
      while (i < tokens.size()) {
        if (tokens[i].kind == TokenKind::kOpen) ++depth;
        if (tokens[i].kind == TokenKind::kClose) {
          if (depth == 0) break;
          --depth;
        }
        ++i;
      }
      continue;  // at the enclosing ')' (handled above) or at the end
    }
    return false;
  }
  return true;
}

}  // namespace

std::vector<std::string> LintCatalog(const Catalog& catalog) {
  std::vector<std::string> findings;
  std::set<std::string_view> ids;
  for (const PatternEntry& entry : catalog.entries()) {
    const std::string where =
        entry.origin + ": " + (entry.id.empty() ? std::string("(no id)") : entry.id) + ": ";
    auto report = [&](const std::string& what) { findings.push_back(where + what); };

    if (!ids.insert(entry.id).second) report("duplicate id");
    if (entry.expression.empty()) report("empty expression");
    if (entry.hs_flags & HS_FLAG_DOTALL) report("flag dotall lets `.` match a newline");
    if (entry.hs_flags & HS_FLAG_SINGLEMATCH) report("flag singlematch reports one match per chunk");
    if (entry.hs_flags & HS_FLAG_SOM_LEFTMOST) report("flag som_leftmost slows the whole database");

    const ExpressionScan scan = ScanExpression(entry.expression, entry.hs_flags);
    for (const std::string& problem : scan.newline_problems) report(problem);
    if (scan.uses_anchor && !(entry.hs_flags & HS_FLAG_MULTILINE)) {
      report("`^`/`$` without the multiline flag anchor to the chunk, not the line");
    }
    for (size_t t = 0; t < scan.tokens.size(); ++t) {
      if (scan.tokens[t].kind == TokenKind::kUnboundedRepeat && EndsMatch(scan.tokens, t)) {
        report("ends in the unbounded repeat `" + (t > 0 ? scan.tokens[t - 1].text : std::string()) +
               scan.tokens[t].text + "` (end on a literal or a bounded repeat instead)");
        break;
      }
    }

    if (entry.samples.empty()) report("no sample line");
    for (size_t s = 0; s < entry.samples.size(); ++s) {
      if (entry.samples[s].line.empty()) report("sample #" + std::to_string(s) + " has an empty line");
    }
    if (entry.category.empty()) report("no category");
    if (entry.event.empty()) report("no event");
  }
  return findings;
}

}  // namespace flinkscan

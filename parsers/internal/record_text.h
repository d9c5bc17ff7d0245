#pragma once
// Small allocation-free scanning steps shared by the checkpoint and state
// extractors. Everything works on views into the record text. Internal to
// parsers/.

#include <charconv>
#include <cstring>
#include <cstdint>
#include <string_view>

#include "parsers/internal/ascii.h"

namespace flinkscan::extract::text {

inline constexpr size_t kNpos = std::string_view::npos;

using ascii::IsBlank;
using ascii::IsDigit;
using ascii::IsLowerHex;
using ascii::IsUpper;

// The run of characters satisfying `pred` at s[pos…].
template <typename Pred>
std::string_view SpanAt(std::string_view s, size_t pos, Pred pred) {
  size_t end = pos;
  while (end < s.size() && pred(s[end])) ++end;
  return pos <= s.size() ? s.substr(pos, end - pos) : std::string_view();
}
inline std::string_view DigitsAt(std::string_view s, size_t pos) { return SpanAt(s, pos, IsDigit); }
inline std::string_view UpperWordAt(std::string_view s, size_t pos) {
  return SpanAt(s, pos, [](char c) { return IsUpper(c) || c == '_'; });
}

// A 32-hex job id at s[pos…] (exactly 32 lowercase hex digits), or "".
inline std::string_view JobIdAt(std::string_view s, size_t pos) {
  const std::string_view hex = SpanAt(s, pos, IsLowerHex);
  return hex.size() == 32 ? hex : std::string_view();
}

// An execution attempt id at s[pos…]: 32 hex (< 1.16) or
// <graph>_<vertex>_<subtask>_<attempt> (>= 1.16); "" when the shape is wrong.
inline std::string_view AttemptIdAt(std::string_view s, size_t pos) {
  const std::string_view id = SpanAt(s, pos, [](char c) { return IsLowerHex(c) || c == '_'; });
  if (id.size() < 32) return {};
  for (size_t i = 0; i < 32; ++i) {
    if (!IsLowerHex(id[i])) return {};
  }
  return id;
}

// Parses a non-negative decimal; false on empty input or overflow.
inline bool ParseInt(std::string_view digits, int64_t& out) {
  if (digits.empty()) return false;
  const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), out);
  return ec == std::errc() && ptr == digits.data() + digits.size();
}
template <typename Int>
bool ParseInt(std::string_view digits, Int& out) {
  int64_t wide = 0;
  if (!ParseInt(digits, wide) || wide > static_cast<int64_t>(INT32_MAX)) return false;
  out = static_cast<Int>(wide);
  return true;
}

// Position just past `needle` found in s at or after `from`, or kNpos.
inline size_t After(std::string_view s, std::string_view needle, size_t from = 0) {
  const size_t at = s.find(needle, from);
  return at == kNpos ? kNpos : at + needle.size();
}

// The end of the line holding `pos` (index of '\n', or s.size()).
inline size_t LineEnd(std::string_view s, size_t pos) {
  const size_t nl = s.find('\n', pos);
  return nl == kNpos ? s.size() : nl;
}
// The start of the line holding `pos`.
inline size_t LineStart(std::string_view s, size_t pos) {
  if (pos == 0) return 0;
  const size_t nl = s.rfind('\n', pos - 1);
  return nl == kNpos ? 0 : nl + 1;
}

// Drops trailing whitespace (including the '\r' of CRLF lines).
inline std::string_view TrimRight(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// Drops leading blanks (the indentation of stack frames and dump lines).
inline std::string_view TrimLeft(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && IsBlank(s[i])) ++i;
  return s.substr(i);
}

inline bool StartsWith(std::string_view s, std::string_view prefix) { return s.starts_with(prefix); }
inline bool EndsWith(std::string_view s, std::string_view suffix) { return s.ends_with(suffix); }

// Calls `fn` for each line of [begin, end), without its "\n"; the last line may lack one.
template <typename Fn>
void ForEachLine(const char* begin, const char* end, Fn&& fn) {
  const char* p = begin;
  while (p < end) {
    const void* nl = std::memchr(p, '\n', static_cast<size_t>(end - p));
    const char* line_end = nl ? static_cast<const char*>(nl) : end;
    fn(std::string_view(p, static_cast<size_t>(line_end - p)));
    p = line_end + 1;
  }
}

// The rest of the line from `pos`, without trailing whitespace.
inline std::string_view RestOfLine(std::string_view s, size_t pos) {
  if (pos >= s.size()) return {};
  return TrimRight(s.substr(pos, LineEnd(s, pos) - pos));
}

// Removes one final '.' (the template's sentence end).
inline std::string_view DropFinalPeriod(std::string_view s) {
  if (!s.empty() && s.back() == '.') s.remove_suffix(1);
  return s;
}

// Where the record's message starts: the header's message view when it lies
// inside `text` (it always does for parsed headers), else the start of the text.
inline size_t MessageStart(std::string_view text, std::string_view message) {
  if (!message.empty() && message.data() >= text.data() && message.data() <= text.data() + text.size()) {
    return static_cast<size_t>(message.data() - text.data());
  }
  return 0;
}

// Splits "<name> (<i>/<n>)[#<k>]" ending at `end` (exclusive): returns the
// position where " (i/n)" starts, or kNpos when the suffix is not there.
// Fills subtask, parallelism and (when present) attempt_number.
inline size_t SubtaskSuffixStart(std::string_view s, size_t end, int32_t& subtask, int32_t& parallelism,
                                 int32_t& attempt_number) {
  size_t close = end;  // one past ')' of "(i/n)"
  // Optional "#k".
  size_t i = end;
  while (i > 0 && IsDigit(s[i - 1])) --i;
  if (i < end && i > 0 && s[i - 1] == '#') {
    int32_t k = -1;
    if (!ParseInt(s.substr(i, end - i), k)) return kNpos;
    attempt_number = k;
    close = i - 1;
  }
  if (close == 0 || s[close - 1] != ')') return kNpos;
  size_t j = close - 1;  // at ')'
  size_t n_start = j;
  while (n_start > 0 && IsDigit(s[n_start - 1])) --n_start;
  if (n_start == j || n_start == 0 || s[n_start - 1] != '/') return kNpos;
  size_t i_end = n_start - 1;  // at '/'
  size_t i_start = i_end;
  while (i_start > 0 && IsDigit(s[i_start - 1])) --i_start;
  if (i_start == i_end || i_start == 0 || s[i_start - 1] != '(') return kNpos;
  const size_t open = i_start - 1;
  if (!ParseInt(s.substr(i_start, i_end - i_start), subtask) ||
      !ParseInt(s.substr(n_start, j - n_start), parallelism)) {
    return kNpos;
  }
  return open > 0 && s[open - 1] == ' ' ? open - 1 : open;
}

}  // namespace flinkscan::extract::text

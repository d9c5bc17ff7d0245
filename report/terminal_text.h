#pragma once
// Log text is untrusted: a log line can carry escape sequences that recolour,
// retitle or rewrite a terminal, or bidi controls that reorder what is shown.
// Everything log-derived goes through here before the text sink prints it.
//
// Made visible (printed as escapes, never passed through):
//   C0 controls except TAB, and DEL        → \x1b, \x0a, \x7f …
//   bytes that are not well-formed UTF-8   → \xNN per byte
//   C1 controls U+0080..U+009F             → \u009b …
//   bidi embeddings, overrides, isolates   → \u202e … (U+202A..U+202E, U+2066..U+2069)
// Everything else (printable ASCII, TAB, well-formed UTF-8) is kept as is.

#include <cstddef>
#include <string>
#include <string_view>

namespace flinkscan {

inline constexpr size_t kNoColumnLimit = static_cast<size_t>(-1);

// Appends the neutralised `text` to `out`. With `max_columns`, the visible
// result is cut to at most that many columns (one per code point, escapes
// count by their printed length), the last being "…" when something was cut.
void AppendTerminalSafe(std::string* out, std::string_view text, size_t max_columns = kNoColumnLimit);

std::string TerminalSafe(std::string_view text, size_t max_columns = kNoColumnLimit);

// Number of code points in well-formed UTF-8 text (what a column count
// approximates; wide CJK glyphs are counted as one).
size_t CountColumns(std::string_view text);

}  // namespace flinkscan

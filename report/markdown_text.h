#pragma once
// Log text is untrusted, and a Markdown report is read through renderers we do
// not control (mail clients, chat, GitHub). Everything log-derived goes
// through here so that a log line can neither inject a link, an image or raw
// HTML, nor break the report's structure (headings, lists, tables).
//
// The guarantees, for both functions below:
//   - control characters, escape sequences, bidi controls and invalid UTF-8
//     are made visible as in terminal_text.h; CR, LF and TAB become one space,
//     so text never starts a new line or leaves a table cell;
//   - no raw '<' or '&' is ever produced ('&lt;', '&gt;', '&amp;'), so no
//     renderer can see an HTML tag or an entity coming from a log;
//   - no link is produced: '[', ']', '(', ')' are escaped, and the openings of
//     GFM's bare autolinks ("scheme://", "www.", "user@host") are broken by a
//     backslash escape, which renders as the original character.

#include <string>
#include <string_view>

namespace flinkscan {

// Inline text (paragraphs, list items, table cells): every Markdown
// metacharacter `\ * _ [ ] ( ) # + - ! | < > ` ~ &` is escaped.
void AppendMarkdownText(std::string* out, std::string_view text);
std::string MarkdownText(std::string_view text);

// An inline code span whose fence is longer than any backtick run inside.
// Code spans show '<' and '&' verbatim, so text holding either (or '|', which
// GFM tables split on even inside code) is written as escaped text instead.
void AppendMarkdownCode(std::string* out, std::string_view text);
std::string MarkdownCode(std::string_view text);

}  // namespace flinkscan

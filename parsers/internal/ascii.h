#pragma once
// ASCII character classes for the parsers, written once: log syntax (stamps,
// levels, ids, class names) is ASCII, so a byte >= 0x80 is never a digit or a
// blank here. constexpr and branch-light: StartsRecord calls them on every
// line. Internal to parsers/.

namespace flinkscan::ascii {

constexpr bool IsDigit(char c) { return static_cast<unsigned char>(c - '0') < 10; }
// REQUIRES: IsDigit(c).
constexpr int Digit(char c) { return c - '0'; }
constexpr bool IsBlank(char c) { return c == ' ' || c == '\t'; }
constexpr bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
// Flink prints job, attempt and vertex ids in lowercase hex.
constexpr bool IsLowerHex(char c) { return IsDigit(c) || (c >= 'a' && c <= 'f'); }

}  // namespace flinkscan::ascii

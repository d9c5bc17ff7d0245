#pragma once
// Decimals as the JVM prints them in GC logs ("12", "0.0087570", "3,496"):
// the decimal mark follows the JVM's locale. Read as an exact mantissa and
// scale, so that figures convert to milliseconds without binary rounding.
// Shared by the GC header parser and the GC pause extractor. Internal to parsers/.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "parsers/internal/ascii.h"

namespace flinkscan::jvm {

constexpr bool IsDecimalMark(char c) { return c == '.' || c == ','; }

struct Decimal {
  size_t length = 0;  // bytes read; 0: no number here
  int64_t mantissa = 0;
  int scale = 0;  // digits after the decimal mark
};

// The decimal at s[pos…]. Digits past the 18th are read but not kept, so the
// mantissa cannot overflow; a mark not followed by a digit ends the number.
inline Decimal DecimalAt(std::string_view s, size_t pos) {
  Decimal d;
  size_t i = pos;
  int digits = 0;
  while (i < s.size() && ascii::IsDigit(s[i])) {
    if (digits++ < 18) d.mantissa = d.mantissa * 10 + ascii::Digit(s[i]);
    ++i;
  }
  if (i == pos) return d;
  if (i + 1 < s.size() && IsDecimalMark(s[i]) && ascii::IsDigit(s[i + 1])) {
    ++i;
    while (i < s.size() && ascii::IsDigit(s[i])) {
      if (digits++ < 18) {
        d.mantissa = d.mantissa * 10 + ascii::Digit(s[i]);
        ++d.scale;
      }
      ++i;
    }
  }
  d.length = i - pos;
  return d;
}

}  // namespace flinkscan::jvm

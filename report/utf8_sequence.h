#pragma once
// UTF-8 well-formedness as the sinks need it: log text is arbitrary bytes, but
// JSON must be valid UTF-8 and a terminal must not see stray 8-bit bytes (a
// lone 0x9b is CSI on 8-bit terminals). Internal to report/.

#include <cstddef>
#include <string_view>

namespace flinkscan::utf8 {

// Length (2–4) of the well-formed multi-byte sequence that starts at text[i]
// (text[i] >= 0x80), or 0 when it is ill-formed; then *bad_length is the
// length of its maximal subpart (>= 1), which Unicode recommends replacing by
// one U+FFFD. Rejects overlongs, surrogates and code points above U+10FFFF.
inline size_t MultiByteSequenceLength(std::string_view text, size_t i, size_t* bad_length) {
  const auto lead = static_cast<unsigned char>(text[i]);
  size_t continuation = 0;
  unsigned char low = 0x80;
  unsigned char high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    continuation = 1;
  } else if (lead == 0xE0) {
    continuation = 2;
    low = 0xA0;
  } else if ((lead >= 0xE1 && lead <= 0xEC) || lead == 0xEE || lead == 0xEF) {
    continuation = 2;
  } else if (lead == 0xED) {
    continuation = 2;
    high = 0x9F;  // U+D800..U+DFFF are surrogates
  } else if (lead == 0xF0) {
    continuation = 3;
    low = 0x90;
  } else if (lead >= 0xF1 && lead <= 0xF3) {
    continuation = 3;
  } else if (lead == 0xF4) {
    continuation = 3;
    high = 0x8F;  // nothing above U+10FFFF
  } else {
    *bad_length = 1;
    return 0;
  }
  for (size_t k = 1; k <= continuation; ++k) {
    if (i + k >= text.size()) {
      *bad_length = k;
      return 0;
    }
    const auto byte = static_cast<unsigned char>(text[i + k]);
    const unsigned char min = k == 1 ? low : 0x80;
    const unsigned char max = k == 1 ? high : 0xBF;
    if (byte < min || byte > max) {
      *bad_length = k;
      return 0;
    }
  }
  return continuation + 1;
}

inline constexpr std::string_view kReplacementCharacter = "\xEF\xBF\xBD";  // U+FFFD

}  // namespace flinkscan::utf8

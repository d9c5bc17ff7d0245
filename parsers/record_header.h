#pragma once
// Record header recognition. `StartsRecord` is on the hot path (called for
// every line start while counting records): no allocation, a few byte tests.
// `ParseHeader` runs only for records that a pattern nominated.

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "base/status.h"
#include "parsers/record.h"

namespace flinkscan {

// StartsRecord without its inline fast paths: every header shape (log4j
// stamps, GC logs, JSON layouts), tested byte by byte. Same answer as StartsRecord.
bool StartsRecordAnyShape(const char* line, const char* end);

namespace record_header_shape {

// One 8-byte word of the log4j stamp "yyyy-MM-dd HH:mm:ss,SSS" (23 bytes; the
// blank after it is tested on its own), as constants for a branch-free test:
// (word & fixed) == expected checks the punctuation bytes and the high nibble
// of the digit bytes; the low nibble of a digit byte plus 6 must not carry
// into bit 4 (a low nibble above 9 is not a digit).
struct StampWord {
  uint64_t fixed = 0;
  uint64_t expected = 0;
  uint64_t digit_low = 0;  // 0x0F at the digit bytes
};

constexpr std::string_view kDateTimeStamp = "0000-00-00 00:00:00,000";  // '0': any digit

constexpr StampWord StampWordAt(size_t word) {
  StampWord shape;
  for (size_t b = 0; b < 8 && word * 8 + b < kDateTimeStamp.size(); ++b) {
    const char c = kDateTimeStamp[word * 8 + b];
    const unsigned shift = static_cast<unsigned>(b * 8);
    if (c == '0') {
      shape.fixed |= uint64_t{0xF0} << shift;
      shape.expected |= uint64_t{0x30} << shift;
      shape.digit_low |= uint64_t{0x0F} << shift;
    } else {
      shape.fixed |= uint64_t{0xFF} << shift;
      shape.expected |= uint64_t{static_cast<unsigned char>(c)} << shift;
    }
  }
  return shape;
}

inline constexpr StampWord kStampWords[3] = {StampWordAt(0), StampWordAt(1), StampWordAt(2)};

inline bool WordHasShape(const char* p, const StampWord& shape) {
  uint64_t word;
  std::memcpy(&word, p, sizeof word);
  const uint64_t digit_bit4 = (shape.digit_low << 1) & 0x1010101010101010;
  const uint64_t carry = ((word & shape.digit_low) + (shape.digit_low & 0x0606060606060606)) & digit_bit4;
  return (((word & shape.fixed) ^ shape.expected) | carry) == 0;
}

// REQUIRES: 24 readable bytes at p. True when they are "yyyy-MM-dd HH:mm:ss,SSS"
// and a blank: the stamp of nearly every header line of a Flink log.
inline bool DateTimeStampAt(const char* p) {
  if constexpr (std::endian::native != std::endian::little) return false;  // left to the byte-wise test
  const char blank = p[kDateTimeStamp.size()];
  return WordHasShape(p, kStampWords[0]) & WordHasShape(p + 8, kStampWords[1]) &
         WordHasShape(p + 16, kStampWords[2]) & (blank == ' ' || blank == '\t');
}

}  // namespace record_header_shape

// True when the line beginning at `line` (up to `end`, exclusive; it may run
// past the line end) opens a new record: it starts with a date-time
// `yyyy-MM-dd HH:mm:ss,SSS ` or a time-only `HH:mm:ss,SSS ` stamp. A year cut
// to 1–3 digits at the very start of a stream (a damaged first line) is also
// accepted so the record is counted; ParseHeader flags it.
// Inline because the scanner calls it for every line: lines that cannot
// start a header (stack frames, continuation text) and full date-time stamps
// are told apart here without a call.
inline bool StartsRecord(const char* line, const char* end) {
  if (end <= line) return false;
  const char first = line[0];
  const bool digit = static_cast<unsigned char>(first - '0') < 10;
  if (!digit && first != '[' && first != '{') return false;
  if (digit && end - line > static_cast<std::ptrdiff_t>(record_header_shape::kDateTimeStamp.size()) &&
      record_header_shape::DateTimeStampAt(line)) {
    return true;
  }
  return StartsRecordAnyShape(line, end);
}

// Parses the first line of a record (without its line end). Tokens, not
// columns: loggers longer than 60 characters shift everything after them.
Result<RecordHeader> ParseHeader(std::string_view first_line);

}  // namespace flinkscan

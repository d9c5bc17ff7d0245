#include "engine/binary_input.h"

#include <utility>

#include "parsers/record_header.h"

namespace flinkscan {
namespace {

struct Magic {
  std::string_view bytes;
  std::string_view what;
};

// gzip, zstd and tar never get here: the decoders in front unpack them. Octal
// escapes where a hex one would swallow the next character.
constexpr Magic kMagics[] = {
    {"\177ELF", "an ELF executable"},
    {"PK\x03\x04", "a zip archive (or jar); unzip it first"},
    {"PK\x05\x06", "an empty zip archive"},
    {"\xca\xfe\xba\xbe", "a Java class file"},
    {"%PDF-", "a PDF document"},
    {"\x89PNG\r\n\x1a\n", "a PNG image"},
    {"\3757zXZ", "xz-compressed data, which flinkscan does not decode; run xz -d first"},
    {"BZh", "bzip2-compressed data, which flinkscan does not decode; run bunzip2 first"},
    {"7z\xbc\xaf\x27\x1c", "a 7z archive; unpack it first"},
    {"\x04\x22\x4d\x18", "LZ4-compressed data, which flinkscan does not decode; run lz4 -d first"},
};

// Bytes no text log has: C0 controls other than tab, line ends, form feed,
// escape (colours), and DEL.
bool IsControl(unsigned char c) {
  if (c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == 0x1b) return false;
  return c < 0x20 || c == 0x7f;
}

// Length of the valid UTF-8 sequence at s[i] (a byte >= 0x80), 0 when invalid.
size_t Utf8SequenceLength(std::string_view s, size_t i) {
  const auto b = static_cast<unsigned char>(s[i]);
  size_t length = 0;
  if (b >= 0xc2 && b <= 0xdf) {
    length = 2;
  } else if (b >= 0xe0 && b <= 0xef) {
    length = 3;
  } else if (b >= 0xf0 && b <= 0xf4) {
    length = 4;
  } else {
    return 0;
  }
  if (i + length > s.size()) return length;  // cut by the end of head: not held against it
  for (size_t k = 1; k < length; ++k) {
    if ((static_cast<unsigned char>(s[i + k]) & 0xc0) != 0x80) return 0;
  }
  return length;
}

// Control bytes plus bytes outside valid UTF-8 sequences.
size_t NonTextBytes(std::string_view head) {
  size_t count = 0;
  for (size_t i = 0; i < head.size();) {
    const auto c = static_cast<unsigned char>(head[i]);
    if (c < 0x80) {
      count += IsControl(c);
      ++i;
      continue;
    }
    const size_t length = Utf8SequenceLength(head, i);
    if (length == 0) {
      ++count;
      ++i;
    } else {
      i += length;
    }
  }
  return count;
}

bool HasRecordHeader(std::string_view head) {
  size_t pos = 0;
  while (pos < head.size()) {
    if (StartsRecord(head.data() + pos, head.data() + head.size())) return true;
    const size_t nl = head.find('\n', pos);
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  return false;
}

}  // namespace

BinaryVerdict JudgeBinary(std::string_view head, bool whole_input) {
  BinaryVerdict verdict;
  if (head.empty()) return verdict;
  for (const Magic& magic : kMagics) {
    if (head.substr(0, magic.bytes.size()) != magic.bytes) continue;
    if (magic.bytes == "BZh" && (head.size() < 4 || head[3] < '1' || head[3] > '9')) continue;
    verdict.message = "byte 0: not a text log: " + std::string(magic.what) + "; counted, not scanned";
    verdict.count_only = true;
    return verdict;
  }
  // A log record settles it, and almost every log opens with one: test that first, so the byte-by-byte
  // count below (the read stage is serial) runs only for inputs that do not.
  if (HasRecordHeader(head)) return verdict;
  const size_t suspicious = NonTextBytes(head);
  // Stray NULs, escapes or a legacy encoding are damage in a log; a quarter is not text.
  if (suspicious * 4 < head.size()) return verdict;
  verdict.message = "byte 0: looks binary (" + std::to_string(suspicious * 100 / head.size()) +
                    "% control bytes or invalid UTF-8 in the first " + std::to_string(head.size()) +
                    " bytes" + (whole_input ? ", all of it" : "") +
                    ", no log record); scanned as text anyway";
  return verdict;
}

std::unique_ptr<StreamFramer> MakeBinaryInputFramer(const InputFile& input,
                                                    std::unique_ptr<ByteSource> source,
                                                    BinaryVerdict verdict) {
  PlainFramerOptions options;
  options.count_only = verdict.count_only;
  options.first_error = std::move(verdict.message);
  return MakePlainFramer(input, std::move(source), std::move(options));
}

}  // namespace flinkscan

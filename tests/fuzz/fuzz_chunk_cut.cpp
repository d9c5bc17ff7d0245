// The record splitter (ChunkReader::FindCut) fed arbitrary read boundaries,
// the way the chunk reader drives it: whatever the slices, the chunks add up
// to the input, every cut is at a line start, and below the record cap a
// chunk that opened with a record is only ever cut where the next one starts.

#include <algorithm>
#include <cstring>
#include <memory>
#include <string>

#include "engine/chunk_reader.h"
#include "parsers/gc_record.h"
#include "parsers/json_record.h"
#include "parsers/record_header.h"
#include "tests/fuzz/fuzz_input.h"

namespace {

using flinkscan::ChunkReader;

// The line-start tests run on every line of every chunk; an exactly sized
// copy lets AddressSanitizer see a read past `end`.
void CheckLineStarts(const char* data, size_t size) {
  size_t line = 0;
  while (line < size) {
    (void)flinkscan::StartsRecord(data + line, data + size);
    (void)flinkscan::StartsGcRecord(data + line, data + size);
    (void)flinkscan::StartsJsonRecord(data + line, data + size);
    const void* nl = std::memchr(data + line, '\n', size - line);
    if (!nl) break;
    line = static_cast<size_t>(static_cast<const char*>(nl) - data) + 1;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  flinkscan::fuzz::FuzzInput input(bytes, size);
  const size_t max_record = input.TakeInRange(16, 4096);
  const size_t slice = input.TakeInRange(1, 512);
  const std::string_view data = input.Rest();

  std::string rebuilt;
  std::string pending;  // bytes read but not yet cut off (the reader's carry)
  size_t read = 0;
  size_t want = slice;
  for (;;) {
    const size_t more = std::min(want, data.size() - read);
    pending.append(data.substr(read, more));
    read += more;
    const bool at_eof = read == data.size();
    if (pending.empty() && at_eof) break;

    std::unique_ptr<char[]> buf(new char[pending.size()]);
    std::memcpy(buf.get(), pending.data(), pending.size());
    const char* begin = buf.get();
    const size_t n = pending.size();
    const bool starts_with_record = n > 0 && flinkscan::StartsRecord(begin, begin + n);
    const size_t cut = ChunkReader::FindCut(begin, n, at_eof, starts_with_record, max_record);
    FUZZ_CHECK(cut <= n);
    if (at_eof) FUZZ_CHECK(cut == n);
    if (cut == 0) {
      // Needs more bytes: like the reader, at least double what is held, so
      // a long record costs O(n log n) searches, not one per slice.
      want = std::max(slice, pending.size());
      continue;
    }
    want = slice;
    if (cut < n) FUZZ_CHECK(begin[cut - 1] == '\n');
    if (starts_with_record && n < max_record && cut < n) {
      FUZZ_CHECK(flinkscan::StartsRecord(begin + cut, begin + n));
    }
    CheckLineStarts(begin, cut);
    rebuilt.append(begin, cut);
    pending.erase(0, cut);
  }
  FUZZ_CHECK(rebuilt == data);
  return 0;
}

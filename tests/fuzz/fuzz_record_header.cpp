// The log4j header parser (ParseHeader) on arbitrary first lines. A parsed
// header's views must lie inside the line it was given.

#include <string>
#include <string_view>

#include "parsers/record_header.h"
#include "tests/fuzz/fuzz_input.h"

namespace {

bool Inside(std::string_view part, std::string_view whole) {
  return part.empty() ||
         (part.data() >= whole.data() && part.data() + part.size() <= whole.data() + whole.size());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  // An exactly sized copy, so a read past the line is an AddressSanitizer report.
  const std::string copy(reinterpret_cast<const char*>(bytes), size);
  const std::string_view line(copy);
  (void)flinkscan::StartsRecord(line.data(), line.data() + line.size());
  flinkscan::Result<flinkscan::RecordHeader> header = flinkscan::ParseHeader(line);
  if (header.ok()) {
    const flinkscan::RecordHeader& h = header.value();
    // JSON headers are parsed from the same line; every view points into it.
    FUZZ_CHECK(Inside(h.logger, line));
    FUZZ_CHECK(Inside(h.thread, line));
    FUZZ_CHECK(Inside(h.message, line));
  }
  return 0;
}

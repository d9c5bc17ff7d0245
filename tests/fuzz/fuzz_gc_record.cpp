// The JVM GC log parser: record starts, headers (JDK 8 and unified logging)
// and the GC pause extractor, on arbitrary records.

#include <string>
#include <string_view>

#include "parsers/extractor.h"
#include "parsers/gc_record.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  using namespace flinkscan;
  const std::string copy(reinterpret_cast<const char*>(bytes), size);
  const std::string_view text(copy);
  (void)StartsGcRecord(text.data(), text.data() + text.size());
  const size_t first_len = std::min(text.find('\n'), text.size());
  Result<RecordHeader> header = ParseGcHeader(text.substr(0, first_len));
  RecordView record;
  record.text = text;
  if (header.ok()) {
    record.header = header.value();
    FUZZ_CHECK(record.header.layout == Layout::kGcJdk8 || record.header.layout == Layout::kGcUnified);
  }
  Event event;
  const Status status = ExtractEvent(EventKind::kGcPause, record, event);
  if (status.ok()) FUZZ_CHECK(event.kind == EventKind::kGcPause);
  return 0;
}

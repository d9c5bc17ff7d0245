// Every extractor through the extractor dispatch (Extract), on arbitrary
// records: the first input byte picks the event kind, the rest is the record
// (header line + continuation lines), prepared as the chunk scanner prepares
// it — a JSON record turned into its text form, otherwise its header parsed.
// Also the Caused-by chain walker the extractors share.

#include <cstring>
#include <string>
#include <string_view>

#include "parsers/exception_chain.h"
#include "parsers/extractor.h"
#include "parsers/json_record.h"
#include "parsers/record_header.h"
#include "tests/fuzz/fuzz_input.h"

namespace {

bool Inside(std::string_view part, std::string_view whole) {
  return part.empty() ||
         (part.data() >= whole.data() && part.data() + part.size() <= whole.data() + whole.size());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  using namespace flinkscan;
  fuzz::FuzzInput input(bytes, size);
  const auto kind_count = static_cast<uint8_t>(EventKind::kCount);
  const auto kind = static_cast<EventKind>(1 + input.TakeByte() % (kind_count - 1));
  const std::string copy(input.Rest());

  RecordView record;
  record.text = copy;
  record.line = 1;
  std::string json_text;
  if (!copy.empty() && copy.front() == '{') {
    Result<JsonTextRecord> converted = JsonToText(copy, json_text);
    if (converted.ok()) {
      record.text = converted.value().text;
      record.header = converted.value().header;
    }
  } else {
    const size_t first_len = std::min(copy.find('\n'), copy.size());
    Result<RecordHeader> header = ParseHeader(std::string_view(copy).substr(0, first_len));
    if (header.ok()) record.header = header.value();
  }

  Event event;
  const Status status = ExtractEvent(kind, record, event);
  if (status.ok()) {
    // Event views point into the record (its bytes or its JSON text form).
    for (std::string_view field : {event.job_id, event.job_name, event.task_name, event.attempt_id}) {
      FUZZ_CHECK(Inside(field, record.text));
    }
    FUZZ_CHECK(event.kind == kind);
  }

  const ExceptionChain chain = ParseExceptionChain(record.text);
  if (chain.present) {
    FUZZ_CHECK(chain.depth >= 1);
    FUZZ_CHECK(Inside(chain.root.class_name, record.text));
    FUZZ_CHECK(Inside(chain.outer.message, record.text));
  }
  return 0;
}

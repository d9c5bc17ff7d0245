#pragma once
// Running an extractor on a record written out in a test, as the engine
// would: the text is one whole record (header line plus continuation lines),
// its header parsed first, then the extractor for one EventKind.

#include <string_view>

#include <gtest/gtest.h>

#include "base/status.h"
#include "parsers/event.h"
#include "parsers/extractor.h"
#include "parsers/record.h"
#include "parsers/record_header.h"

namespace flinkscan::testing {

inline std::string_view FirstLine(std::string_view text) { return text.substr(0, text.find('\n')); }

// The record as the engine hands it over, on line 1: the header is parsed
// when the first line has one. YARN container diagnostics, JSON lines and
// stdout traces have none, and the extractors must cope with that.
inline RecordView MakeRecordWithOptionalHeader(std::string_view text) {
  RecordView record;
  record.text = text;
  record.line = 1;
  Result<RecordHeader> header = ParseHeader(FirstLine(text));
  if (header.ok()) record.header = header.value();
  return record;
}

// For texts meant to be Flink log records: a first line that is no record
// header is a test failure, so a typo in the test cannot pass as a rejection.
inline RecordView MakeRecord(std::string_view text) {
  const Result<RecordHeader> header = ParseHeader(FirstLine(text));
  EXPECT_TRUE(header.ok()) << header.message() << "\n" << text;
  return MakeRecordWithOptionalHeader(text);
}

// The event of `kind` in `record`; a failed extraction is a test failure.
inline Event MustExtractFrom(EventKind kind, const RecordView& record) {
  Event event;
  const Status status = ExtractEvent(kind, record, event);
  EXPECT_TRUE(status.ok()) << status.message() << "\n" << record.text;
  return event;
}

// The event of `kind` in the Flink log record `text` (see MakeRecord).
inline Event MustExtract(EventKind kind, std::string_view text) {
  return MustExtractFrom(kind, MakeRecord(text));
}

// What extracting `kind` from `text` gave, for tests that expect a refusal.
struct Extraction {
  Status status;
  Event event;
};

// A first line that is no record header is refused with the header's status,
// before any extractor runs.
inline Extraction Extract(EventKind kind, std::string_view text) {
  Extraction out;
  Result<RecordHeader> header = ParseHeader(FirstLine(text));
  if (!header.ok()) {
    out.status = header.status();
    return out;
  }
  out.status = ExtractEvent(kind, MakeRecordWithOptionalHeader(text), out.event);
  return out;
}

}  // namespace flinkscan::testing

#pragma once
// A chunk: a piece of one stream cut at a record start, plus what the
// parallel scan stage found in it. Chunks are pooled and reused, so their
// buffers and result vectors keep their capacity across the whole scan.

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/stream_info.h"
#include "parsers/event.h"
#include "patterns/matcher.h"

namespace flinkscan {

class MappedWindow;  // engine/mapped_file.h

struct RejectedLine {
  uint64_t line = 0;       // chunk-relative (1-based) until the aggregator rebases it
  std::string_view text;   // view into the chunk
};

struct GrepRecord {
  uint64_t line = 0;       // chunk-relative (1-based) until rebased
  std::string_view text;   // whole record
};

struct ChunkStats {
  uint64_t lines = 0;
  uint64_t records = 0;            // header lines (pseudo-records of orphan lines are not records)
  uint64_t matched_records = 0;
  uint64_t unparsed_records = 0;   // nominated but no extractor accepted the shape
  uint64_t rejected_lines = 0;     // lines before the stream's first header
  // The rest of the lines, counted on their own so that records + continuation
  // + free text + rejected == lines is a checked property (nothing lost):
  uint64_t continuation_lines = 0; // lines after a header, inside its record
  uint64_t free_text_lines = 0;    // header-less lines the stream's kind explains (stdout, YARN envelope, count-only)
  WallTime first_time;
  WallTime last_time;
  Layout layout = Layout::kUnknown;
  bool mixed_layout = false;       // JSON and text record headers in the same chunk
  bool json_headers = false;       // the chunk has JSON record headers (a stream with both kinds is mixed,
  bool text_headers = false;       // whichever chunks they fall in)
  // The zone JSON records state (their instants are UTC), read from the
  // chunk's first JSON header (zone_checked: there was one). The stream's
  // first JSON header decides, whatever the chunking.
  bool zone_checked = false;
  std::optional<int32_t> offset_minutes;
  std::string_view tz_source;      // "epoch" when offset_minutes is set
};

struct Chunk {
  // Set by the reader (serial, in order).
  uint32_t stream = 0;             // global stream id, in order of first appearance
  StreamInfo stream_info;          // filled only when first_in_stream
  uint64_t stream_offset = 0;      // offset of data[0] within the stream
  uint64_t sequence = 0;           // position in the whole scan
  bool first_in_stream = false;
  bool last_in_segment = false;    // the stream may continue in a later segment (YARN envelope)
  bool count_only = false;         // count lines, scan nothing (YARN envelope lines)
  bool free_text = false;          // stdout/stderr, YARN files: header-less lines are expected, not rejects
  bool open_failed = false;        // the input could not be opened: read_error says why
  bool starts_in_orphan_region = false;  // no record header seen in the stream before this chunk
  bool split_inside_record = false;      // a record longer than the cap was cut at a line
  std::string read_error;          // set on the chunk where reading failed ("byte N: …")
  std::vector<char> buffer;        // data is buffer[0, size), unless `view` is set
  size_t size = 0;
  // A plain file read through a memory map (engine/mapped_file.h): data is view[0, size), inside the
  // window the chunk holds a reference to, so the window stays mapped until the chunk is recycled.
  const char* view = nullptr;
  std::shared_ptr<MappedWindow> view_window;
  uint64_t filtered_bytes = 0;     // input bytes of this stream a filter dropped (line prefixes); not in data

  // Set by the scanner (parallel).
  ChunkStats stats;
  std::vector<Event> events;       // in record order
  std::vector<RejectedLine> rejected_examples;  // at most a few per chunk
  std::vector<GrepRecord> grep_records;
  std::vector<PatternHit> hits;    // scratch for the scanner
  std::string scan_error;
  // Text forms of the nominated JSON records (parsers/json_record.h JsonToText):
  // their events' views point in here. A deque never moves its elements, and
  // the slots are reused from the front for each scan so they keep their capacity.
  std::deque<std::string> json_text;
  size_t json_text_used = 0;

  std::string_view data() const { return {view != nullptr ? view : buffer.data(), size}; }
  // Back to the buffer; the window is unmapped when no other chunk refers to it.
  void ReleaseView() {
    view = nullptr;
    view_window.reset();
  }
  void ResetResults() {
    stats = ChunkStats{};
    events.clear();
    rejected_examples.clear();
    grep_records.clear();
    scan_error.clear();
    json_text_used = 0;
  }
  // A cleared slot of json_text for the next JSON record's text form.
  std::string& NextJsonText() {
    if (json_text_used == json_text.size()) json_text.emplace_back();
    std::string& slot = json_text[json_text_used++];
    slot.clear();
    return slot;
  }
};

}  // namespace flinkscan

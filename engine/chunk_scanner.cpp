#include "engine/chunk_scanner.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <span>

#include "engine/line_end_finder.h"
#include "parsers/extractor.h"
#include "parsers/json_record.h"
#include "parsers/record_header.h"

namespace flinkscan {
namespace {

static_assert(static_cast<size_t>(EventKind::kCount) <= 64, "event kinds must fit a 64-bit mask");

constexpr uint64_t Bit(EventKind kind) { return uint64_t{1} << static_cast<unsigned>(kind); }

constexpr uint64_t kHeaderlessKinds = Bit(EventKind::kContainerExit) | Bit(EventKind::kContainerLaunchFailed) |
                                      Bit(EventKind::kOutOfMemory) | Bit(EventKind::kException) |
                                      Bit(EventKind::kThreadDump);

// A thread block of a HotSpot dump in a .out file ("\"name\" #N … tid=…" and its
// indented frames) stays one pseudo-record up to the JVM's default stack depth
// (MaxJavaStackTraceDepth 1024) plus its lock lines, so its root frames are not cut off.
constexpr size_t kMaxThreadBlockLines = 2100;

// The header line before the one at `line` (which starts a line in [data, end)), or null.
const char* PreviousHeader(const char* data, const char* line, const char* end) {
  while (line > data) {
    const void* nl = line - 1 > data ? memrchr(data, '\n', static_cast<size_t>(line - 1 - data)) : nullptr;
    line = nl ? static_cast<const char*>(nl) + 1 : data;
    if (StartsRecord(line, end)) return line;
  }
  return nullptr;
}

bool IsBlank(const char* begin, const char* end) {
  for (const char* p = begin; p < end; ++p) {
    if (*p != ' ' && *p != '\t' && *p != '\r') return false;
  }
  return true;
}

std::string_view TrimLineEnd(const char* begin, const char* end) {
  while (end > begin && (end[-1] == '\n' || end[-1] == '\r')) --end;
  return {begin, static_cast<size_t>(end - begin)};
}

}  // namespace

ChunkScanner::ChunkScanner(std::shared_ptr<const Matcher> matcher, std::vector<bool> grep_patterns)
    : matcher_(std::move(matcher)), grep_patterns_(std::move(grep_patterns)) {
  grep_mode_ = std::find(grep_patterns_.begin(), grep_patterns_.end(), true) != grep_patterns_.end();
  for (const PatternEntry& entry : matcher_->catalog().entries()) {
    pattern_kinds_.push_back(EventKindFromName(entry.event).value_or(EventKind::kException));
  }
}

void ChunkScanner::CloseRecord(Chunk& chunk, const char* start, const char* end, uint64_t line,
                               bool is_header, uint64_t kind_mask, bool grep_selected) const {
  if (kind_mask == 0) return;
  ++chunk.stats.matched_records;
  const std::string_view text = TrimLineEnd(start, end);
  if (grep_mode_) {
    if (grep_selected) chunk.grep_records.push_back({line, text});
    return;
  }
  RecordView record;
  record.text = text;
  record.line = line;
  record.stream = chunk.stream;
  if (is_header && text.front() == '{') {
    // A JSON record: the extractors read its text form (a log4j2-layout first
    // line, the message's lines, the unescaped stack trace), which the chunk
    // keeps alive for the events' views; evidence shows that readable first
    // line. The record keeps its physical line number.
    Result<JsonTextRecord> converted = JsonToText(text, chunk.NextJsonText());
    if (converted.ok()) {
      record.text = converted.value().text;
      record.header = converted.value().header;
    }
  } else if (is_header) {
    const void* nl = std::memchr(text.data(), '\n', text.size());
    const size_t first_len = nl ? static_cast<size_t>(static_cast<const char*>(nl) - text.data()) : text.size();
    Result<RecordHeader> header = ParseHeader(text.substr(0, first_len));
    if (header.ok()) record.header = header.value();
  }
  if (!is_header) {
    // Header-less lines (before a stream's first record) only yield the
    // kinds that are header-less by nature: YARN container status blocks,
    // JVM errors on stdout.
    kind_mask &= kHeaderlessKinds;
    if (kind_mask == 0) return;
  }
  // A specific event carries the record's throwable itself; the generic
  // exception event is only for records nothing more specific claimed.
  if (kind_mask & ~(Bit(EventKind::kException) | Bit(EventKind::kOutOfMemory))) {
    kind_mask &= ~Bit(EventKind::kException);
  }
  bool any = false;
  for (unsigned k = 1; k < static_cast<unsigned>(EventKind::kCount); ++k) {
    if (!(kind_mask & (uint64_t{1} << k))) continue;
    chunk.events.emplace_back();
    Event& event = chunk.events.back();
    const Status status = ExtractEvent(static_cast<EventKind>(k), record, event);
    if (!status.ok()) {
      chunk.events.pop_back();
      continue;
    }
    any = true;
  }
  if (!any) ++chunk.stats.unparsed_records;
}

void ChunkScanner::Scan(Chunk& chunk, MatchScratch& scratch) const {
  const char* const data = chunk.data().data();
  const char* const end = data + chunk.size;
  if (chunk.count_only) {
    // Envelope lines are explained by the envelope: counted, never rejected or scanned.
    const std::string_view all = chunk.data();
    chunk.stats.lines = static_cast<uint64_t>(std::count(all.begin(), all.end(), '\n'));
    if (!all.empty() && all.back() != '\n') ++chunk.stats.lines;
    chunk.stats.free_text_lines = chunk.stats.lines;
    return;
  }
  std::vector<PatternHit>& hits = chunk.hits;
  hits.clear();
  if (chunk.size > 0) {
    const Status status = matcher_->Scan(chunk.data(), scratch, hits);
    if (!status.ok()) chunk.scan_error = status.message();
  }
  std::sort(hits.begin(), hits.end(),
            [](const PatternHit& a, const PatternHit& b) { return a.end < b.end; });

  ChunkStats& stats = chunk.stats;
  size_t next_hit = 0;
  bool orphan = chunk.starts_in_orphan_region;

  const char* rec_start = nullptr;  // current record (or orphan pseudo-record)
  uint64_t rec_line = 0;
  bool rec_is_header = false;
  uint64_t rec_mask = 0;
  bool rec_grep = false;
  size_t orphan_lines_in_rec = 0;
  const char* last_header = nullptr;
  bool seen_json_header = false;
  bool seen_text_header = false;

  // Per-line state lives in locals, not in `chunk`, which CloseRecord's calls
  // would make the compiler reload and store for every line.
  uint64_t line_no = 0;
  uint64_t records = 0;
  uint64_t continuation_lines = 0;
  uint64_t rejected_lines = 0;
  uint64_t free_text_lines = 0;
  bool header_facts_known = stats.first_time.known() && stats.layout != Layout::kUnknown;
  constexpr uint64_t kNoHit = UINT64_MAX;
  uint64_t next_hit_end = hits.empty() ? kNoHit : hits.front().end;
  const char* line = data;
  LineEndFinder line_ends(data, end);
  for (std::span<const char* const> batch = line_ends.Next(); !batch.empty(); batch = line_ends.Next()) {
    for (const char* line_end : batch) {
      const char* nl = line_end != end ? line_end : nullptr;  // null: a last line without '\n'
      const char* next = nl ? nl + 1 : end;
      ++line_no;
      const bool header = StartsRecord(line, end);
      if (header) {
        // A record no pattern hit has nothing to close: skip the call (most records).
        if (rec_start && rec_mask != 0) {
          CloseRecord(chunk, rec_start, line, rec_line, rec_is_header, rec_mask, rec_grep);
        }
        rec_start = line;
        rec_line = line_no;
        rec_is_header = true;
        rec_mask = 0;
        rec_grep = false;
        orphan = false;
        ++records;
        // Mixed files: JSON lines among text ones. The first JSON header of the
        // chunk is parsed for the zone its instants prove.
        const bool json = *line == '{';
        if (json ? seen_text_header : seen_json_header) stats.mixed_layout = true;
        (json ? seen_json_header : seen_text_header) = true;
        const bool check_json_zone = json && !stats.zone_checked;
        // Headers are parsed until the chunk has a readable time and a known
        // layout, so the stream's layout is its first known one whatever the chunking.
        if (!header_facts_known || check_json_zone) {
          // The first header with a readable time (a damaged first line has none).
          const char* eol = nl ? nl : end;
          Result<RecordHeader> h = ParseHeader(TrimLineEnd(line, eol));
          if (check_json_zone) stats.zone_checked = true;
          if (h.ok()) {
            const RecordHeader& parsed = h.value();
            if (stats.layout == Layout::kUnknown) stats.layout = parsed.layout;
            if (!stats.first_time.known()) stats.first_time = parsed.time;
            if (check_json_zone && parsed.offset_minutes) {
              stats.offset_minutes = parsed.offset_minutes;
              stats.tz_source = "epoch";
            }
          }
          header_facts_known = stats.first_time.known() && stats.layout != Layout::kUnknown;
        }
        last_header = line;
      } else if (orphan) {
        if (chunk.free_text) ++free_text_lines;
        if (!chunk.free_text) {
          ++rejected_lines;
          if (chunk.rejected_examples.size() < kRejectedExamplesPerChunk) {
            chunk.rejected_examples.push_back({line_no, TrimLineEnd(line, next)});
          }
        }
        // Header-less lines group as "line + its indented continuation lines"
        // (YARN's " Exit code:-103." under "Container … marked as failed.").
        const bool blank = IsBlank(line, nl ? nl : end);
        const bool indented = *line == ' ' || *line == '\t';
        const size_t orphan_cap =
            rec_start && *rec_start == '"' ? kMaxThreadBlockLines : kMaxOrphanRecordLines;
        if (rec_start && (blank || !indented || orphan_lines_in_rec >= orphan_cap)) {
          if (rec_mask != 0) CloseRecord(chunk, rec_start, line, rec_line, false, rec_mask, rec_grep);
          rec_start = nullptr;
        }
        if (!rec_start && !blank) {
          rec_start = line;
          rec_line = line_no;
          rec_is_header = false;
          rec_mask = 0;
          rec_grep = false;
          orphan_lines_in_rec = 0;
        }
        ++orphan_lines_in_rec;
      } else {
        ++continuation_lines;
      }
      // Hits end inside this line: hit.end - 1 is the last matched byte.
      const uint64_t line_end_offset = static_cast<uint64_t>(next - data);
      while (next_hit_end <= line_end_offset) {
        if (rec_start) {
          rec_mask |= uint64_t{1} << static_cast<unsigned>(pattern_kinds_[hits[next_hit].pattern]);
          if (grep_mode_ && grep_patterns_[hits[next_hit].pattern]) rec_grep = true;
        }
        ++next_hit;
        next_hit_end = next_hit < hits.size() ? hits[next_hit].end : kNoHit;
      }
      line = next;
    }
  }
  if (rec_start) CloseRecord(chunk, rec_start, end, rec_line, rec_is_header, rec_mask, rec_grep);
  stats.lines = line_no;
  stats.records += records;
  stats.continuation_lines += continuation_lines;
  stats.rejected_lines += rejected_lines;
  stats.free_text_lines += free_text_lines;
  stats.json_headers = seen_json_header;
  stats.text_headers = seen_text_header;

  // The chunk's last readable time: headers are tried from the last one
  // backwards, so a last header with a damaged time does not hide an earlier
  // one (found by fuzz_differential: the stream's last_time then depended on
  // where chunks were cut). Usually the last header parses at once.
  for (const char* header = last_header; header != nullptr; header = PreviousHeader(data, header, end)) {
    const char* nl = static_cast<const char*>(std::memchr(header, '\n', end - header));
    Result<RecordHeader> l = ParseHeader(TrimLineEnd(header, nl ? nl : end));
    if (l.ok() && l.value().time.known()) {
      stats.last_time = l.value().time;
      break;
    }
  }
}

}  // namespace flinkscan

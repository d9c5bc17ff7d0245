#pragma once
// The parallel stage: one Hyperscan scan over the whole chunk, then one pass
// over its lines that counts lines/records/rejects, maps hits to records and
// runs the extractors on nominated records only.

#include <cstdint>
#include <memory>
#include <vector>

#include "engine/chunk.h"
#include "parsers/event.h"
#include "patterns/matcher.h"

namespace flinkscan {

// Immutable, shared by all workers.
class ChunkScanner {
 public:
  // `grep_patterns`: when non-empty, records hit by any of these pattern
  // indexes are collected whole into Chunk::grep_records, and extraction is
  // skipped (grep needs records, not events).
  ChunkScanner(std::shared_ptr<const Matcher> matcher, std::vector<bool> grep_patterns = {});

  // Thread-compatible: call concurrently with distinct chunks and scratches.
  void Scan(Chunk& chunk, MatchScratch& scratch) const;

  const Matcher& matcher() const { return *matcher_; }

  // The aggregator keeps the first five of a stream; each chunk offers as many.
  static constexpr size_t kRejectedExamplesPerChunk = 5;
  // Orphan lines (before the stream's first header) are grouped into
  // pseudo-records at blank lines, at most this many lines each, so that
  // header-less diagnostics (YARN container status blocks) still yield events.
  static constexpr size_t kMaxOrphanRecordLines = 64;

 private:
  void CloseRecord(Chunk& chunk, const char* start, const char* end, uint64_t line, bool is_header,
                   uint64_t kind_mask, bool grep_selected) const;

  std::shared_ptr<const Matcher> matcher_;
  std::vector<EventKind> pattern_kinds_;   // pattern index -> event kind
  std::vector<bool> grep_patterns_;
  bool grep_mode_ = false;
};

}  // namespace flinkscan

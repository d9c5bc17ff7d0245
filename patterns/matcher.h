#pragma once
// One Hyperscan block-mode database for the whole catalog. The database is
// immutable and shared by all threads; each worker owns a MatchScratch.

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "patterns/catalog.h"

namespace flinkscan {

struct PatternHit {
  uint32_t pattern;  // index into Catalog::entries()
  uint64_t end;      // offset one past the match end, relative to the scanned block
};

class Matcher;

// Per-thread Hyperscan scratch. Not thread-safe; create one per worker and reuse.
class MatchScratch {
 public:
  MatchScratch();
  ~MatchScratch();
  MatchScratch(MatchScratch&&) noexcept;
  MatchScratch& operator=(MatchScratch&&) noexcept;
  MatchScratch(const MatchScratch&) = delete;
  MatchScratch& operator=(const MatchScratch&) = delete;

 private:
  friend class Matcher;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

class Matcher {
 public:
  // Compiles every entry of `catalog`. A pattern Hyperscan rejects is reported
  // with its id and Hyperscan's message.
  static Result<std::shared_ptr<const Matcher>> Compile(const Catalog& catalog);

  ~Matcher();
  Matcher(const Matcher&) = delete;
  Matcher& operator=(const Matcher&) = delete;

  // Allocates scratch for this database (call once per thread).
  Status AllocateScratch(MatchScratch& scratch) const;

  // One hs_scan over `block`. Appends every hit to `hits` (cleared first) in
  // the order Hyperscan reports them (by end offset). Patterns never span
  // lines, so each hit lies within one line.
  Status Scan(std::string_view block, MatchScratch& scratch, std::vector<PatternHit>& hits) const;

  const Catalog& catalog() const { return catalog_; }

 private:
  Matcher() = default;
  struct Database;
  Catalog catalog_;
  std::unique_ptr<Database> db_;
};

}  // namespace flinkscan

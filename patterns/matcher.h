#pragma once
// One Hyperscan block-mode database for the whole catalog. The database is
// immutable and shared by all threads; each worker owns a MatchScratch.

#include <cstdint>
#include <memory>
#include <string>
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
  // with its id and Hyperscan's message. When `catalog` compiles to exactly the
  // built-in catalog's database (same Fingerprint), the database serialized at
  // build time is deserialized instead (milliseconds instead of 35-150 ms);
  // if Hyperscan refuses it (other CPU features, other library version) this
  // silently falls back to compiling and counts it in LoadCounts().fallbacks.
  static Result<std::shared_ptr<const Matcher>> Compile(const Catalog& catalog);

  // Compile, trying `serialized` (hs_serialize_database bytes of a catalog
  // whose Fingerprint is `fingerprint`) first. Compile passes the embedded
  // database; tests pass foreign or corrupted bytes.
  static Result<std::shared_ptr<const Matcher>> CompileOrDeserialize(const Catalog& catalog,
                                                                     std::string_view serialized,
                                                                     uint64_t fingerprint);

  // Hash of everything that determines the compiled database: the expressions,
  // their effective flags and their order (ids). Descriptions, samples and
  // origins do not count.
  static uint64_t Fingerprint(const Catalog& catalog);

  // hs_serialize_database of this database (empty for an empty catalog).
  Result<std::string> Serialize() const;

  // True when the database came from serialized bytes rather than a compile.
  bool deserialized() const { return deserialized_; }

  // Process-wide debug counters of how databases were obtained.
  struct LoadCounts {
    uint64_t compiled = 0;      // hs_compile_multi ran
    uint64_t deserialized = 0;  // serialized bytes were used
    uint64_t fallbacks = 0;     // bytes matched the fingerprint but Hyperscan refused them
  };
  static LoadCounts Counts();

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
  bool deserialized_ = false;
};

}  // namespace flinkscan

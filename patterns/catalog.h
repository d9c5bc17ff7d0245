#pragma once
// The pattern catalog: data files (patterns/catalog/*.json) embedded in the
// binary at build time, plus user files given with --patterns. Loaded with
// simdjson; validated with clear errors naming file and entry.

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace flinkscan {

enum class Severity : uint8_t { kInfo, kWarning, kCritical };
std::string_view SeverityName(Severity s);  // "info" | "warning" | "critical"

struct PatternSample {
  std::string line;                              // a real log line (may contain "\n" for multi-line records)
  std::map<std::string, std::string> fields;     // Event field name -> expected value (see parsers/event.h EventField)
};

struct PatternEntry {
  std::string id;            // "checkpoint.completed.v114"
  std::string expression;    // Hyperscan syntax; must not cross a newline
  uint32_t hs_flags = 0;     // HS_FLAG_* derived from "flags": ["caseless", "dotall"?, "multiline", "utf8"]
  std::vector<std::string> flag_names;
  std::string category;      // exception | oom | checkpoint | job_state | task_state | gc | taskmanager | container | resource | process | …
  Severity severity = Severity::kInfo;
  std::string event;         // event kind name (parsers/event.h EventKindName)
  std::string description;
  std::string origin;        // catalog file the entry came from ("builtin:checkpoint.json" or a user path)
  std::vector<PatternSample> samples;
};

// Resource caps on what a catalog may hold (issue 7): a user --patterns file
// is untrusted input, and Hyperscan's compile time and database size grow
// with the number and length of expressions. The built-in catalog uses a
// small fraction of each (88 entries, expressions up to 162 bytes).
inline constexpr size_t kMaxCatalogFileBytes = 4u << 20;
inline constexpr size_t kMaxEntriesPerCatalogFile = 1000;
inline constexpr size_t kMaxCatalogEntries = 2000;     // built-in + every --patterns file
inline constexpr size_t kMaxExpressionBytes = 1024;

class Catalog {
 public:
  // The catalog compiled into the binary.
  static Result<Catalog> Builtin();
  // Parses one catalog document; `origin` names it in errors.
  static Result<Catalog> Parse(std::string_view json, std::string_view origin);
  static Result<Catalog> LoadFile(const std::string& path);

  // Appends entries; a duplicate id is an error naming both origins.
  Status Merge(const Catalog& other);

  const std::vector<PatternEntry>& entries() const { return entries_; }
  const PatternEntry* Find(std::string_view id) const;
  size_t size() const { return entries_.size(); }

 private:
  std::vector<PatternEntry> entries_;
};

// Lint rules a catalog must pass (run by the catalog test and `patterns check`):
// an expression must not be able to match a newline (no `\n`, `\s`, negated
// classes without `\n`, `.` under dotall) and must not end in an unbounded
// repeat (`+`, `*`, `{n,}`), which moves Hyperscan to a slower engine.
std::vector<std::string> LintCatalog(const Catalog& catalog);

}  // namespace flinkscan

#include "patterns/matcher.h"

#include <hs.h>

#include <atomic>
#include <climits>
#include <cstdlib>
#include <string>

#include "patterns/internal/embedded_database.h"

namespace flinkscan {

struct MatchScratch::Impl {
  hs_scratch_t* scratch = nullptr;
  ~Impl() {
    if (scratch != nullptr) hs_free_scratch(scratch);
  }
};

MatchScratch::MatchScratch() : impl_(std::make_unique<Impl>()) {}
MatchScratch::~MatchScratch() = default;
MatchScratch::MatchScratch(MatchScratch&&) noexcept = default;
MatchScratch& MatchScratch::operator=(MatchScratch&&) noexcept = default;

struct Matcher::Database {
  hs_database_t* db = nullptr;
  // Allocated once at compile time; workers clone it, which is cheaper than
  // sizing a fresh scratch from the database each time.
  hs_scratch_t* prototype = nullptr;
  ~Database() {
    if (prototype != nullptr) hs_free_scratch(prototype);
    if (db != nullptr) hs_free_database(db);
  }
};

namespace {

std::atomic<uint64_t> compiled_count{0};
std::atomic<uint64_t> deserialized_count{0};
std::atomic<uint64_t> fallback_count{0};

// Never SINGLEMATCH or SOM_LEFTMOST, whatever the entry says (the catalog
// parser refuses them; a hand-built entry must not slip them in).
unsigned int EffectiveFlags(const PatternEntry& entry) {
  return entry.hs_flags & ~(HS_FLAG_SINGLEMATCH | HS_FLAG_SOM_LEFTMOST);
}

// FNV-1a, 64 bit: stable across builds and platforms, which std::hash is not.
void HashBytes(uint64_t& hash, const void* data, size_t size) {
  const auto* bytes = static_cast<const unsigned char*>(data);
  for (size_t i = 0; i < size; ++i) {
    hash ^= bytes[i];
    hash *= 0x100000001b3ull;
  }
}

// Takes ownership of a deserialized database when Hyperscan accepts it on this
// CPU; hs_alloc_scratch re-validates the platform, so both calls must succeed.
bool AdoptSerialized(std::string_view serialized, hs_database_t*& db, hs_scratch_t*& prototype) {
  char* info = nullptr;
  if (hs_serialized_database_info(serialized.data(), serialized.size(), &info) != HS_SUCCESS) return false;
  std::free(info);  // hs_misc_alloc defaults to malloc
  if (hs_deserialize_database(serialized.data(), serialized.size(), &db) != HS_SUCCESS) {
    db = nullptr;
    return false;
  }
  if (hs_alloc_scratch(db, &prototype) != HS_SUCCESS) {
    hs_free_database(db);
    db = nullptr;
    prototype = nullptr;
    return false;
  }
  return true;
}

int OnMatch(unsigned int id, unsigned long long /*from*/, unsigned long long to, unsigned int /*flags*/,
            void* context) {
  static_cast<std::vector<PatternHit>*>(context)->push_back(PatternHit{id, to});
  return 0;  // keep scanning: every hit matters
}

}  // namespace

Matcher::~Matcher() = default;

uint64_t Matcher::Fingerprint(const Catalog& catalog) {
  uint64_t hash = 0xcbf29ce484222325ull;
  const uint64_t count = catalog.entries().size();
  HashBytes(hash, &count, sizeof(count));
  for (const PatternEntry& entry : catalog.entries()) {
    const uint64_t length = entry.expression.size();
    const uint32_t flags = EffectiveFlags(entry);
    HashBytes(hash, &length, sizeof(length));
    HashBytes(hash, entry.expression.data(), entry.expression.size());
    HashBytes(hash, &flags, sizeof(flags));
  }
  return hash;
}

Matcher::LoadCounts Matcher::Counts() {
  return LoadCounts{compiled_count.load(), deserialized_count.load(), fallback_count.load()};
}

Result<std::string> Matcher::Serialize() const {
  if (db_->db == nullptr) return std::string();
  char* bytes = nullptr;
  size_t size = 0;
  const hs_error_t rc = hs_serialize_database(db_->db, &bytes, &size);
  if (rc != HS_SUCCESS)
    return Status::Error("hs_serialize_database failed (error " + std::to_string(rc) + ")");
  std::string out(bytes, size);
  std::free(bytes);  // hs_misc_alloc defaults to malloc
  return out;
}

Result<std::shared_ptr<const Matcher>> Matcher::Compile(const Catalog& catalog) {
  const internal::EmbeddedDatabase embedded = internal::EmbeddedSerializedDatabase();
  return CompileOrDeserialize(catalog, embedded.bytes, embedded.fingerprint);
}

Result<std::shared_ptr<const Matcher>> Matcher::CompileOrDeserialize(const Catalog& catalog,
                                                                     std::string_view serialized,
                                                                     uint64_t fingerprint) {
  std::shared_ptr<Matcher> matcher(new Matcher());
  matcher->catalog_ = catalog;
  matcher->db_ = std::make_unique<Database>();
  const std::vector<PatternEntry>& entries = matcher->catalog_.entries();
  if (entries.empty()) return std::shared_ptr<const Matcher>(std::move(matcher));  // matches nothing

  if (!serialized.empty() && fingerprint == Fingerprint(catalog)) {
    if (AdoptSerialized(serialized, matcher->db_->db, matcher->db_->prototype)) {
      matcher->deserialized_ = true;
      deserialized_count.fetch_add(1, std::memory_order_relaxed);
      return std::shared_ptr<const Matcher>(std::move(matcher));
    }
    fallback_count.fetch_add(1, std::memory_order_relaxed);
  }
  compiled_count.fetch_add(1, std::memory_order_relaxed);

  std::vector<const char*> expressions;
  std::vector<unsigned int> flags;
  std::vector<unsigned int> ids;
  expressions.reserve(entries.size());
  flags.reserve(entries.size());
  ids.reserve(entries.size());
  for (size_t i = 0; i < entries.size(); ++i) {
    expressions.push_back(entries[i].expression.c_str());
    flags.push_back(EffectiveFlags(entries[i]));
    ids.push_back(static_cast<unsigned int>(i));
  }

  hs_compile_error_t* error = nullptr;
  const hs_error_t rc = hs_compile_multi(expressions.data(), flags.data(), ids.data(),
                                         static_cast<unsigned int>(entries.size()), HS_MODE_BLOCK,
                                         /*platform=*/nullptr, &matcher->db_->db, &error);
  if (rc != HS_SUCCESS) {
    std::string message = "cannot compile the pattern catalog";
    if (error != nullptr) {
      if (error->expression >= 0 && static_cast<size_t>(error->expression) < entries.size()) {
        const PatternEntry& bad = entries[static_cast<size_t>(error->expression)];
        message = bad.origin + ": pattern '" + bad.id + "' (" + bad.expression + ")";
      }
      message += ": ";
      message += error->message;
      hs_free_compile_error(error);
    }
    return Status::Error(std::move(message));
  }
  if (hs_alloc_scratch(matcher->db_->db, &matcher->db_->prototype) != HS_SUCCESS) {
    return Status::Error("cannot allocate Hyperscan scratch");
  }
  return std::shared_ptr<const Matcher>(std::move(matcher));
}

Status Matcher::AllocateScratch(MatchScratch& scratch) const {
  if (db_->db == nullptr) return Status::Ok();
  hs_error_t rc;
  if (scratch.impl_->scratch == nullptr) {
    rc = hs_clone_scratch(db_->prototype, &scratch.impl_->scratch);
  } else {
    // Already sized for another database: grow it to fit this one too.
    rc = hs_alloc_scratch(db_->db, &scratch.impl_->scratch);
  }
  if (rc != HS_SUCCESS)
    return Status::Error("cannot allocate Hyperscan scratch (error " + std::to_string(rc) + ")");
  return Status::Ok();
}

Status Matcher::Scan(std::string_view block, MatchScratch& scratch, std::vector<PatternHit>& hits) const {
  hits.clear();
  if (db_->db == nullptr || block.empty()) return Status::Ok();
  if (scratch.impl_->scratch == nullptr) return Status::Error("Matcher::Scan: scratch not allocated");
  if (block.size() > UINT_MAX) return Status::Error("Matcher::Scan: block larger than 4 GiB");
  const hs_error_t rc = hs_scan(db_->db, block.data(), static_cast<unsigned int>(block.size()), 0,
                                scratch.impl_->scratch, OnMatch, &hits);
  if (rc != HS_SUCCESS) return Status::Error("hs_scan failed (error " + std::to_string(rc) + ")");
  return Status::Ok();
}

}  // namespace flinkscan

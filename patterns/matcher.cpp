#include "patterns/matcher.h"

#include <hs.h>

#include <climits>
#include <string>

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

int OnMatch(unsigned int id, unsigned long long /*from*/, unsigned long long to, unsigned int /*flags*/,
            void* context) {
  static_cast<std::vector<PatternHit>*>(context)->push_back(PatternHit{id, to});
  return 0;  // keep scanning: every hit matters
}

}  // namespace

Matcher::~Matcher() = default;

Result<std::shared_ptr<const Matcher>> Matcher::Compile(const Catalog& catalog) {
  std::shared_ptr<Matcher> matcher(new Matcher());
  matcher->catalog_ = catalog;
  matcher->db_ = std::make_unique<Database>();
  const std::vector<PatternEntry>& entries = matcher->catalog_.entries();
  if (entries.empty()) return std::shared_ptr<const Matcher>(std::move(matcher));  // matches nothing

  std::vector<const char*> expressions;
  std::vector<unsigned int> flags;
  std::vector<unsigned int> ids;
  expressions.reserve(entries.size());
  flags.reserve(entries.size());
  ids.reserve(entries.size());
  for (size_t i = 0; i < entries.size(); ++i) {
    expressions.push_back(entries[i].expression.c_str());
    // Never SINGLEMATCH or SOM_LEFTMOST, whatever the entry says (the catalog
    // parser refuses them; a hand-built entry must not slip them in).
    flags.push_back(entries[i].hs_flags & ~(HS_FLAG_SINGLEMATCH | HS_FLAG_SOM_LEFTMOST));
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

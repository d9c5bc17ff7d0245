#include "engine/exception_table.h"

#include <algorithm>
#include <unordered_map>

namespace flinkscan {
namespace {

// Adds `value` to a distinct, bounded list; a value that no longer fits marks the row truncated.
void AddPlace(std::vector<std::string>& places, const std::string& value, size_t max, bool& truncated) {
  if (value.empty() || std::find(places.begin(), places.end(), value) != places.end()) return;
  if (places.size() >= max) {
    truncated = true;
    return;
  }
  places.push_back(value);
}

struct Row {
  ExceptionSummary summary;
  size_t first_index = 0;
};

}  // namespace

std::vector<ExceptionSummary> BuildExceptionTable(const std::vector<StoredEvent>& sorted, const EventFormatter& fmt,
                                                  const ExceptionTableOptions& options) {
  std::vector<Row> rows;
  std::unordered_map<std::string, size_t> row_of_signature;
  Row overflow;
  overflow.summary.overflow = true;
  overflow.summary.class_name = "(other signatures)";
  // One record can yield several events (a failure and an OOM): count it once.
  for (size_t i = 0; i < sorted.size(); ++i) {
    const StoredEvent& e = sorted[i];
    if (!e.exception.present) continue;
    // Events of one record share its time and arrival order, so they sit side by side.
    if (i > 0 && sorted[i - 1].stream == e.stream && sorted[i - 1].line == e.line && sorted[i - 1].exception.present) {
      continue;
    }
    const StoredThrowable& t = e.exception;
    std::string normalized = NormalizeMessage(t.root_message);
    std::vector<std::string> frames;
    for (size_t f = 0; f < t.root_frames.size() && f < options.frames; ++f) {
      frames.push_back(NormalizeFrame(t.root_frames[f]));
    }
    std::string signature = ExceptionSignatureId(t.outer_class, t.root_class, normalized, frames);

    Row* row = nullptr;
    const auto found = row_of_signature.find(signature);
    if (found != row_of_signature.end()) {
      row = &rows[found->second];
    } else if (rows.size() < options.max_signatures) {
      row_of_signature.emplace(signature, rows.size());
      rows.emplace_back();
      row = &rows.back();
      row->first_index = i;
      ExceptionSummary& s = row->summary;
      s.class_name = t.outer_class;
      s.message = t.outer_message;
      s.root_class = t.root_class;
      s.root_message = t.root_message;
      s.first_source = fmt.Source(e.stream);
      s.first_line = e.line;
      s.signature = std::move(signature);
      s.normalized_message = std::move(normalized);
      s.frames = std::move(frames);
      s.chain = t.chain;
    } else {
      row = &overflow;
      if (overflow.summary.count == 0) {
        overflow.first_index = i;
        overflow.summary.first_source = fmt.Source(e.stream);
        overflow.summary.first_line = e.line;
      }
    }
    ExceptionSummary& s = row->summary;
    ++s.count;
    const std::string time = fmt.Time(e);
    if (!time.empty()) {
      if (s.first_time.empty()) s.first_time = time;
      s.last_time = time;
    }
    AddPlace(s.sources, fmt.Source(e.stream), options.max_places, s.places_truncated);
    AddPlace(s.hosts, !e.host.empty() ? e.host : fmt.Stream(e.stream).host, options.max_places,
             s.places_truncated);
    AddPlace(s.job_ids, e.job_id, options.max_places, s.places_truncated);
  }
  std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    if (a.summary.count != b.summary.count) return a.summary.count > b.summary.count;
    return a.first_index < b.first_index;
  });
  std::vector<ExceptionSummary> out;
  out.reserve(rows.size() + 1);
  for (Row& row : rows) out.push_back(std::move(row.summary));
  if (overflow.summary.count > 0) out.push_back(std::move(overflow.summary));
  return out;
}

}  // namespace flinkscan

#include "engine/exception_table.h"

#include <algorithm>
#include <cctype>
#include <map>

namespace flinkscan {
namespace {

bool IsHex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

std::string NormalizeMessage(std::string_view m) {
  std::string out;
  out.reserve(m.size());
  for (size_t i = 0; i < m.size();) {
    // A run of hex with at least one digit and 8+ chars is an id.
    size_t j = i;
    bool digit = false;
    while (j < m.size() && IsHex(m[j])) {
      digit |= IsDigit(m[j]);
      ++j;
    }
    const bool word_start = i == 0 || !std::isalnum(static_cast<unsigned char>(m[i - 1]));
    if (word_start && j - i >= 8 && digit) {
      out += "<hex>";
      i = j;
      continue;
    }
    if (IsDigit(m[i])) {
      while (i < m.size() && IsDigit(m[i])) ++i;
      out += "<n>";
      continue;
    }
    out += m[i++];
  }
  return out;
}

std::vector<ExceptionSummary> BuildExceptionTable(const std::vector<StoredEvent>& sorted, const EventFormatter& fmt) {
  struct Row {
    ExceptionSummary summary;
    size_t first_index;
  };
  std::map<std::string, Row> rows;
  // One record can yield several events (a failure and an OOM): count it once.
  for (size_t i = 0; i < sorted.size(); ++i) {
    const StoredEvent& e = sorted[i];
    if (!e.exception.present) continue;
    // Events of one record share its time and arrival order, so they sit side by side.
    if (i > 0 && sorted[i - 1].stream == e.stream && sorted[i - 1].line == e.line && sorted[i - 1].exception.present) {
      continue;
    }
    const StoredThrowable& t = e.exception;
    const std::string key = t.outer_class + "\x1f" + t.root_class + "\x1f" + NormalizeMessage(t.root_message);
    auto [it, inserted] = rows.try_emplace(key);
    Row& row = it->second;
    const std::string time = fmt.Time(e);
    if (inserted) {
      row.first_index = i;
      row.summary.class_name = t.outer_class;
      row.summary.message = t.outer_message;
      row.summary.root_class = t.root_class;
      row.summary.root_message = t.root_message;
      row.summary.first_time = time;
      row.summary.first_source = fmt.Source(e.stream);
      row.summary.first_line = e.line;
    }
    ++row.summary.count;
    if (!time.empty()) {
      if (row.summary.first_time.empty()) row.summary.first_time = time;
      row.summary.last_time = time;
    }
  }
  std::vector<Row> ordered;
  for (auto& [key, row] : rows) ordered.push_back(std::move(row));
  std::sort(ordered.begin(), ordered.end(), [](const Row& a, const Row& b) {
    if (a.summary.count != b.summary.count) return a.summary.count > b.summary.count;
    return a.first_index < b.first_index;
  });
  std::vector<ExceptionSummary> out;
  for (Row& row : ordered) out.push_back(std::move(row.summary));
  return out;
}

}  // namespace flinkscan

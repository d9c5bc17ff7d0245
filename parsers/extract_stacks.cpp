// Stack-family extractors: what a thread dump piece is, cheaply. The frames
// are read later, in the serial stage, by engine/stack_profile.h, which needs
// the pieces of one dump in order anyway.

#include <cstring>

#include "parsers/internal/extractors.h"
#include "parsers/record_header.h"

namespace flinkscan::extract {
namespace {

std::string_view TrimRight(std::string_view s) {
  while (!s.empty() && (s.back() == '\r' || s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

Status ThreadDump(const RecordView& record, Event& out) {
  const std::string_view text = record.text;
  size_t pos = 0;
  if (StartsRecord(text.data(), text.data() + text.size())) {
    const size_t nl = text.find('\n');
    pos = nl == std::string_view::npos ? text.size() : nl + 1;
  }
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = TrimRight(text.substr(pos, end - pos));
    pos = end + 1;
    if (line.size() > 2 && line.front() == '"') {
      const size_t close = line.find('"', 1);
      if (close != std::string_view::npos) {
        out.reason = line.substr(1, close - 1);
        return Status::Ok();
      }
    }
    constexpr std::string_view kDump = "Full thread dump ";
    if (line.compare(0, kDump.size(), kDump) == 0) {
      std::string_view vm = line.substr(kDump.size());
      if (!vm.empty() && vm.back() == ':') vm.remove_suffix(1);
      out.reason = vm;
      return Status::Ok();
    }
  }
  // Timestamp, deadlock and end-of-dump lines carry no name; they still order the dump.
  return Status::Ok();
}

}  // namespace flinkscan::extract

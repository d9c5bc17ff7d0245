#include "parsers/stack_trace.h"

#include <algorithm>
#include <cstring>

#include "parsers/internal/ascii.h"
#include "parsers/internal/record_text.h"
#include "parsers/record_header.h"

namespace flinkscan {
namespace {

using extract::text::EndsWith;
using extract::text::ForEachLine;
using extract::text::StartsWith;
using extract::text::TrimLeft;
using extract::text::TrimRight;

class TraceBuilder {
 public:
  explicit TraceBuilder(StackTrace& trace) : trace_(trace) {}

  void Line(std::string_view raw) {
    const std::string_view line = TrimRight(raw);
    const std::string_view trimmed = TrimLeft(line);
    if (trimmed.empty()) return;
    const size_t indent = static_cast<size_t>(trimmed.data() - line.data());
    if (StartsWith(trimmed, "Suppressed: ")) {
      suppressed_indent_ = indent;
      in_suppressed_ = true;
      return;
    }
    if (in_suppressed_) {
      // A suppressed block, with its frames and causes, is indented at least as
      // deep as its caption; the enclosing trace resumes to the left of it.
      if (indent >= suppressed_indent_) return;
      in_suppressed_ = false;
    }
    const std::string_view frame = StackFrameText(trimmed);
    if (!frame.empty()) {
      if (open_ && trace_.segments.back().frames.size() < StackTrace::kMaxFrames) {
        trace_.segments.back().frames.push_back(frame);
      }
      return;
    }
    const int64_t more = MoreFramesCount(trimmed);
    if (more >= 0) {
      if (open_) trace_.segments.back().shared_with_enclosing = static_cast<uint32_t>(more);
      return;
    }
    if (StartsWith(trimmed, "Caused by: ")) {
      ThrowableLink link;
      const std::string_view text = trimmed.substr(11);
      if (!SplitThrowableLine(text, link)) {
        size_t end = 0;
        while (end < text.size() && !ascii::IsBlank(text[end]) && text[end] != ':') ++end;
        if (end == 0) return;
        link.class_name = text.substr(0, end);
      }
      Open(link);
      return;
    }
    if (!trace_.segments.empty()) return;  // message continuation lines
    std::string_view candidate = trimmed;
    if (StartsWith(candidate, "Exception in thread \"")) {
      const size_t close = candidate.find("\" ", 21);
      if (close == std::string_view::npos) return;
      candidate = candidate.substr(close + 2);
    }
    ThrowableLink link;
    if (SplitThrowableLine(candidate, link)) Open(link);
  }

 private:
  void Open(const ThrowableLink& link) {
    if (trace_.segments.size() >= StackTrace::kMaxSegments) {
      open_ = false;
      return;
    }
    trace_.segments.emplace_back();
    trace_.segments.back().throwable = link;
    open_ = true;
  }

  StackTrace& trace_;
  bool open_ = false;
  bool in_suppressed_ = false;
  size_t suppressed_indent_ = 0;
};

}  // namespace

StackTrace ParseStackTrace(std::string_view record_text) {
  StackTrace trace;
  TraceBuilder builder(trace);
  const char* begin = record_text.data();
  const char* end = begin + record_text.size();
  const char* p = begin;
  if (StartsRecord(begin, end)) {
    // The header line's message is never the trace (as in ParseExceptionChain).
    const void* nl = std::memchr(begin, '\n', record_text.size());
    p = nl ? static_cast<const char*>(nl) + 1 : end;
  }
  while (p < end) {
    const void* nl = std::memchr(p, '\n', static_cast<size_t>(end - p));
    const char* line_end = nl ? static_cast<const char*>(nl) : end;
    builder.Line(std::string_view(p, static_cast<size_t>(line_end - p)));
    p = line_end + 1;
  }
  return trace;
}

std::vector<std::string_view> ResolvedFrames(const StackTrace& trace, size_t index) {
  if (index >= trace.segments.size()) return {};
  // Walk outward to the first segment that shares nothing, then resolve inward.
  std::vector<std::string_view> enclosing;
  for (size_t i = 0; i <= index; ++i) {
    const StackSegment& segment = trace.segments[i];
    std::vector<std::string_view> full(segment.frames.begin(), segment.frames.end());
    const size_t shared = std::min<size_t>(segment.shared_with_enclosing, enclosing.size());
    if (i > 0) full.insert(full.end(), enclosing.end() - static_cast<std::ptrdiff_t>(shared), enclosing.end());
    enclosing = std::move(full);
  }
  return enclosing;
}

}  // namespace flinkscan

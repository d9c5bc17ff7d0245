#include "parsers/exception_chain.h"

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

using ascii::IsBlank;
using ascii::IsUpper;

constexpr bool IsIdentifierStart(char c) {
  return (c >= 'a' && c <= 'z') || IsUpper(c) || c == '_' || c == '$';
}
constexpr bool IsIdentifierPart(char c) { return IsIdentifierStart(c) || (c >= '0' && c <= '9'); }

bool Contains(std::string_view s, std::string_view needle) { return s.find(needle) != std::string_view::npos; }

// Length of the dotted class name at the start of `s` when it is followed by
// ':' or the end of `s` and has the shape of a throwable; 0 otherwise.
size_t ThrowableNameLength(std::string_view s) {
  size_t i = 0;
  size_t segments = 0;
  size_t last_segment = 0;
  while (true) {
    if (i >= s.size() || !IsIdentifierStart(s[i])) return 0;
    last_segment = i;
    ++segments;
    while (i < s.size() && IsIdentifierPart(s[i])) ++i;
    if (i < s.size() && s[i] == '.') {
      ++i;
      continue;
    }
    break;
  }
  if (segments < 2) return 0;
  const bool at_end = i == s.size();
  const bool colon = !at_end && s[i] == ':' && (i + 1 == s.size() || IsBlank(s[i + 1]));
  if (!at_end && !colon) return 0;
  const std::string_view last = s.substr(last_segment, i - last_segment);
  const bool named_like_throwable =
      Contains(last, "Exception") || Contains(last, "Error") || Contains(last, "Throwable");
  // A capitalised class that is not named like a throwable still counts when
  // a message follows it ("com.foo.BadThing: msg"), but not on its own.
  if (named_like_throwable || (colon && IsUpper(last.front()))) return i;
  return 0;
}

// Splits "pkg.Class: message" (the caller has checked the shape).
ThrowableLink SplitThrowable(std::string_view text, size_t name_length) {
  ThrowableLink link;
  link.class_name = text.substr(0, name_length);
  if (name_length < text.size()) {
    std::string_view message = text.substr(name_length + 1);  // past ':'
    if (!message.empty() && IsBlank(message.front())) message.remove_prefix(1);
    link.message = message;
  }
  return link;
}

// "at com.foo.Bar.baz(Bar.java:53) ~[jar:ver]" -> "com.foo.Bar.baz(Bar.java:53)".
std::string_view FrameText(std::string_view trimmed) {
  std::string_view frame = TrimRight(trimmed.substr(3));
  if (!frame.empty() && frame.back() == ']') {
    const size_t open = frame.rfind('[');
    if (open != std::string_view::npos && open > 0) {
      size_t cut = open;
      if (frame[cut - 1] == '~') --cut;
      if (cut > 0 && frame[cut - 1] == ' ') frame = TrimRight(frame.substr(0, cut - 1));
    }
  }
  return frame;
}

bool IsMoreLine(std::string_view trimmed) {
  // "... 6 more"
  if (!StartsWith(trimmed, "... ")) return false;
  return trimmed.size() >= 8 && trimmed.substr(trimmed.size() - 4) == "more";
}

// Peels "A: B: C: msg" wrappers whose message is the stringified cause.
// Each step consumes at least one class name, so the loop is linear.
ThrowableLink InnermostInline(const ThrowableLink& outer) {
  ThrowableLink current = outer;
  while (true) {
    const std::string_view message = current.message;
    const size_t length = ThrowableNameLength(message);
    if (length == 0) return current;
    ThrowableLink inner = SplitThrowable(message, length);
    inner.first_frame = outer.first_frame;
    current = inner;
  }
}

class ChainBuilder {
 public:
  explicit ChainBuilder(ExceptionChain& chain) : chain_(chain) {}

  void Line(std::string_view raw) {
    const std::string_view line = TrimRight(raw);
    const std::string_view trimmed = TrimLeft(line);
    if (trimmed.empty()) return;
    const size_t indent = static_cast<size_t>(trimmed.data() - line.data());

    if (StartsWith(trimmed, "at ")) {
      ++chain_.frames;
      if (in_suppressed_) return;
      if (awaiting_frame_) {
        SetFirstFrame(FrameText(trimmed));
        awaiting_frame_ = false;
      }
      // Frames after the last link so far belong to the root cause until another link starts.
      if (chain_.present && chain_.root_frame_count < ExceptionChain::kMaxRootFrames) {
        chain_.root_frames[chain_.root_frame_count++] = FrameText(trimmed);
      }
      return;
    }
    if (IsMoreLine(trimmed)) return;
    if (StartsWith(trimmed, "Suppressed: ")) {
      in_suppressed_ = true;
      suppressed_indent_ = indent;
      return;
    }
    if (StartsWith(trimmed, "Caused by: ")) {
      // Causes of a suppressed throwable are printed indented like it.
      if (in_suppressed_ && indent >= suppressed_indent_ && suppressed_indent_ > 0) return;
      in_suppressed_ = false;
      std::string_view text = trimmed.substr(11);
      const size_t length = ThrowableNameLength(text);
      if (length != 0) {
        AddLink(SplitThrowable(text, length));
      } else {
        // Still a cause line; keep the first token as the class.
        size_t end = 0;
        while (end < text.size() && !IsBlank(text[end]) && text[end] != ':') ++end;
        if (end == 0) return;
        ThrowableLink link;
        link.class_name = text.substr(0, end);
        AddLink(link);
      }
      return;
    }
    if (chain_.present) return;  // message continuation lines
    std::string_view candidate = trimmed;
    if (StartsWith(candidate, "Exception in thread \"")) {
      const size_t close = candidate.find("\" ", 21);
      if (close == std::string_view::npos) return;
      candidate = candidate.substr(close + 2);
    }
    const size_t length = ThrowableNameLength(candidate);
    if (length != 0) AddLink(SplitThrowable(candidate, length));
  }

  void Finish() {
    if (!chain_.present) return;
    if (chain_.depth == 1) {
      chain_.root = InnermostInline(chain_.outer);
    }
  }

 private:
  void AddLink(const ThrowableLink& link) {
    if (!chain_.present) {
      chain_.present = true;
      chain_.outer = link;
    }
    if (chain_.depth < ExceptionChain::kMaxKeptLinks) chain_.links[chain_.depth] = link;
    ++chain_.depth;
    chain_.root = link;
    chain_.root_frame_count = 0;
    awaiting_frame_ = true;
  }

  void SetFirstFrame(std::string_view frame) {
    const uint32_t index = chain_.depth - 1;
    if (index < ExceptionChain::kMaxKeptLinks) chain_.links[index].first_frame = frame;
    if (index == 0) chain_.outer.first_frame = frame;
    chain_.root.first_frame = frame;
  }

  ExceptionChain& chain_;
  bool awaiting_frame_ = false;
  bool in_suppressed_ = false;
  size_t suppressed_indent_ = 0;
};

}  // namespace

bool LooksLikeThrowableLine(std::string_view s) { return ThrowableNameLength(TrimRight(s)) != 0; }

std::string_view StackFrameText(std::string_view trimmed) {
  if (!StartsWith(trimmed, "at ")) return {};
  return FrameText(trimmed);
}

int64_t MoreFramesCount(std::string_view trimmed) {
  trimmed = TrimRight(trimmed);
  if (!IsMoreLine(trimmed)) return -1;
  int64_t n = 0;
  size_t i = 4;
  if (i >= trimmed.size() || !ascii::IsDigit(trimmed[i])) return -1;
  while (i < trimmed.size() && ascii::IsDigit(trimmed[i]) && n < 1'000'000) n = n * 10 + ascii::Digit(trimmed[i++]);
  return trimmed.substr(i) == " more" ? n : -1;
}

bool SplitThrowableLine(std::string_view trimmed, ThrowableLink& out) {
  trimmed = TrimRight(trimmed);
  const size_t length = ThrowableNameLength(trimmed);
  if (length == 0) return false;
  out = SplitThrowable(trimmed, length);
  return true;
}

ExceptionChain ParseExceptionChain(std::string_view record_text, std::string_view inline_start) {
  ExceptionChain chain;
  ChainBuilder builder(chain);
  const char* begin = record_text.data();
  const char* end = begin + record_text.size();
  const char* body = begin;

  const bool inline_inside = !inline_start.empty() && inline_start.data() >= begin &&
                             inline_start.data() + inline_start.size() <= end;
  if (!inline_start.empty()) {
    // The inline throwable runs to the end of its (header) line.
    std::string_view first = inline_start;
    if (inline_inside) {
      const size_t from = static_cast<size_t>(inline_start.data() - begin);
      const size_t nl = record_text.find('\n', from);
      first = record_text.substr(from, nl == std::string_view::npos ? std::string_view::npos : nl - from);
    } else {
      const size_t nl = first.find('\n');
      if (nl != std::string_view::npos) first = first.substr(0, nl);
    }
    builder.Line(first);
  }

  // Skip the header line: its message is never the throwable (the inline
  // form was handled above). A record that does not open with a timestamp
  // (stdout, YARN diagnostics) may carry the throwable on its first line.
  if (StartsRecord(begin, end) || inline_inside) {
    const void* nl = std::memchr(begin, '\n', record_text.size());
    body = nl ? static_cast<const char*>(nl) + 1 : end;
  }
  ForEachLine(body, end, [&](std::string_view line) { builder.Line(line); });
  builder.Finish();
  return chain;
}

}  // namespace flinkscan

#pragma once
// The throwable of a record: the outer exception, every `Caused by:` link and
// the innermost (root) cause. Views point into the record text; parsing
// allocates nothing and is bounded for arbitrarily deep chains.

#include <array>
#include <cstdint>
#include <string_view>

namespace flinkscan {

struct ThrowableLink {
  std::string_view class_name;  // "java.lang.RuntimeException"
  std::string_view message;     // first line of the message, may be empty
  std::string_view first_frame; // "com.foo.Bar.baz(Bar.java:53)" without "at " and jar suffix
};

struct ExceptionChain {
  static constexpr size_t kMaxKeptLinks = 8;
  // Frames kept of the root cause, for exception signatures (engine/exception_signature.h).
  static constexpr size_t kMaxRootFrames = 5;

  bool present = false;
  ThrowableLink outer;            // first throwable of the record
  ThrowableLink root;             // innermost cause (== outer when there is no cause)
  uint32_t depth = 0;             // number of links, outer included
  uint32_t frames = 0;            // number of `at` frame lines in the record
  // The first kMaxKeptLinks links, outermost first (for reports); the rest
  // are only counted in `depth`.
  std::array<ThrowableLink, kMaxKeptLinks> links{};
  // The first frames printed under the root cause, top first (as FrameText
  // gives them); empty when its trace printed none.
  std::array<std::string_view, kMaxRootFrames> root_frames{};
  uint32_t root_frame_count = 0;
};

// Finds the throwable in `record_text` (a whole record, header line included).
// The throwable usually starts on the line after the header; `inline_start`,
// when non-empty, is a view into the header line where a throwable is
// stringified inline (`… with failure cause: java.lang.RuntimeException: msg`).
// A wrapper that carries its cause inline with no `Caused by` line
// (`CompletionException: java.io.IOException: msg`) has the inline class as
// its root.
ExceptionChain ParseExceptionChain(std::string_view record_text, std::string_view inline_start = {});

// True when `s` starts with something shaped like a Java class name followed
// by ':' or end of line, e.g. "org.apache.kafka.clients.consumer.OffsetOutOfRangeException: …".
bool LooksLikeThrowableLine(std::string_view s);

// Line shapes of a printed stack trace, written once here and shared with
// parsers/stack_trace.h and parsers/thread_dump.h. `trimmed` has no leading
// blanks and no line end.
// "at com.foo.Bar.baz(Bar.java:53) ~[jar:ver]" -> "com.foo.Bar.baz(Bar.java:53)"; "" for other lines.
std::string_view StackFrameText(std::string_view trimmed);
// "... 6 more" -> 6; -1 for other lines.
int64_t MoreFramesCount(std::string_view trimmed);
// "pkg.SomeException: message" -> class and message; false when the line has no throwable shape.
bool SplitThrowableLine(std::string_view trimmed, ThrowableLink& out);

}  // namespace flinkscan

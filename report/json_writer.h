#pragma once
// A small streaming JSON writer for the sinks: pretty-printed with 2-space
// indentation, deterministic (no locale, shortest round-trip doubles), and
// always valid UTF-8 whatever bytes the logs contained.
//
// Usage: the caller emits a well-nested sequence of Begin*/End*, Key and value
// calls; inside an object every value is preceded by Key(). Misuse is caught by
// assert() in debug builds only (this is our own code talking to itself).
// Values append straight to the caller's string: nothing is allocated per
// value beyond the growth of that string.
//
// Not thread-safe; one writer per output.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace flinkscan {

class JsonWriter {
 public:
  // `out` must outlive the writer; output is appended to it.
  explicit JsonWriter(std::string* out);

  void BeginObject();
  void EndObject();
  void BeginArray();
  void EndArray();
  void Key(std::string_view key);

  // Escapes `"` `\` and control characters (\n \t … short forms, others as
  // \u00XX, NUL included); replaces each ill-formed UTF-8 subpart by U+FFFD.
  void String(std::string_view value);
  void Int(int64_t value);
  void Uint(uint64_t value);
  // Shortest text that reads back to the same double; NaN and infinities,
  // which JSON cannot express, are written as null.
  void Double(double value);
  void Bool(bool value);
  void Null();
  // A number given as text (already validated by the caller as a JSON number).
  void RawNumber(std::string_view number);

  // True when `text` is a JSON number in the strict grammar
  // -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
  static bool IsJsonNumber(std::string_view text);

  // The escaping of String() without the quotes, for callers that build keys.
  static void AppendEscaped(std::string* out, std::string_view value);

 private:
  struct Frame {
    bool is_object;
    uint32_t members;
  };
  void BeforeValue();
  void NewLineAndIndent();
  void Begin(bool is_object, char open);
  void End(bool is_object, char close);

  std::string* out_;
  std::vector<Frame> frames_;
  bool key_pending_ = false;
};

}  // namespace flinkscan

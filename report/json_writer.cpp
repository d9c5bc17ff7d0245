#include "report/json_writer.h"

#include <cassert>
#include <charconv>
#include <cmath>

#include "report/utf8_sequence.h"

namespace flinkscan {

namespace {

constexpr char kHexDigits[] = "0123456789abcdef";

bool NeedsEscapeOrCheck(unsigned char c) { return c < 0x20 || c == '"' || c == '\\' || c >= 0x80; }

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

JsonWriter::JsonWriter(std::string* out) : out_(out) { frames_.reserve(16); }

void JsonWriter::NewLineAndIndent() {
  out_->push_back('\n');
  out_->append(frames_.size() * 2, ' ');
}

void JsonWriter::BeforeValue() {
  if (frames_.empty()) return;
  Frame& frame = frames_.back();
  if (frame.is_object) {
    assert(key_pending_ && "a value inside an object needs a Key() first");
    key_pending_ = false;
    return;
  }
  if (frame.members++ > 0) out_->push_back(',');
  NewLineAndIndent();
}

void JsonWriter::Begin(bool is_object, char open) {
  BeforeValue();
  out_->push_back(open);
  frames_.push_back(Frame{is_object, 0});
}

void JsonWriter::End(bool is_object, char close) {
  assert(!frames_.empty() && frames_.back().is_object == is_object && !key_pending_);
  const bool had_members = frames_.back().members > 0;
  frames_.pop_back();
  if (had_members) NewLineAndIndent();
  out_->push_back(close);
}

void JsonWriter::BeginObject() { Begin(true, '{'); }
void JsonWriter::EndObject() { End(true, '}'); }
void JsonWriter::BeginArray() { Begin(false, '['); }
void JsonWriter::EndArray() { End(false, ']'); }

void JsonWriter::Key(std::string_view key) {
  assert(!frames_.empty() && frames_.back().is_object && !key_pending_);
  Frame& frame = frames_.back();
  if (frame.members++ > 0) out_->push_back(',');
  NewLineAndIndent();
  out_->push_back('"');
  AppendEscaped(out_, key);
  out_->append("\": ");
  key_pending_ = true;
}

void JsonWriter::String(std::string_view value) {
  BeforeValue();
  out_->push_back('"');
  AppendEscaped(out_, value);
  out_->push_back('"');
}

void JsonWriter::AppendEscaped(std::string* out, std::string_view value) {
  size_t run_start = 0;
  size_t i = 0;
  while (i < value.size()) {
    const auto c = static_cast<unsigned char>(value[i]);
    if (!NeedsEscapeOrCheck(c)) {
      ++i;
      continue;
    }
    out->append(value.substr(run_start, i - run_start));
    if (c >= 0x80) {
      size_t bad_length = 0;
      const size_t length = utf8::MultiByteSequenceLength(value, i, &bad_length);
      if (length > 0) {
        out->append(value.substr(i, length));
        i += length;
      } else {
        out->append(utf8::kReplacementCharacter);
        i += bad_length;
      }
      run_start = i;
      continue;
    }
    switch (c) {
      case '"':
        out->append("\\\"");
        break;
      case '\\':
        out->append("\\\\");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\t':
        out->append("\\t");
        break;
      case '\r':
        out->append("\\r");
        break;
      case '\b':
        out->append("\\b");
        break;
      case '\f':
        out->append("\\f");
        break;
      default: {
        const char escape[6] = {'\\', 'u', '0', '0', kHexDigits[c >> 4], kHexDigits[c & 0xF]};
        out->append(escape, sizeof escape);
      }
    }
    ++i;
    run_start = i;
  }
  out->append(value.substr(run_start));
}

void JsonWriter::Int(int64_t value) {
  BeforeValue();
  char buffer[24];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  out_->append(buffer, result.ptr);
}

void JsonWriter::Uint(uint64_t value) {
  BeforeValue();
  char buffer[24];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  out_->append(buffer, result.ptr);
}

void JsonWriter::Double(double value) {
  if (!std::isfinite(value)) {
    Null();
    return;
  }
  BeforeValue();
  // to_chars is locale-independent and its shortest form round-trips; its
  // exponent form ("1e+21", "5e-07") is valid JSON.
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  out_->append(buffer, result.ptr);
}

void JsonWriter::Bool(bool value) {
  BeforeValue();
  out_->append(value ? "true" : "false");
}

void JsonWriter::Null() {
  BeforeValue();
  out_->append("null");
}

void JsonWriter::RawNumber(std::string_view number) {
  assert(IsJsonNumber(number));
  BeforeValue();
  out_->append(number);
}

bool JsonWriter::IsJsonNumber(std::string_view text) {
  size_t i = 0;
  const size_t n = text.size();
  if (i < n && text[i] == '-') ++i;
  if (i >= n) return false;
  if (text[i] == '0') {
    ++i;
  } else if (IsDigit(text[i])) {
    while (i < n && IsDigit(text[i])) ++i;
  } else {
    return false;
  }
  if (i < n && text[i] == '.') {
    ++i;
    if (i >= n || !IsDigit(text[i])) return false;
    while (i < n && IsDigit(text[i])) ++i;
  }
  if (i < n && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < n && (text[i] == '+' || text[i] == '-')) ++i;
    if (i >= n || !IsDigit(text[i])) return false;
    while (i < n && IsDigit(text[i])) ++i;
  }
  return i == n;
}

}  // namespace flinkscan

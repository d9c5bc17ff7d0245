#include "report/json_writer.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <string_view>

namespace flinkscan {
namespace {

using namespace std::string_literals;

std::string WriteString(std::string_view value) {
  std::string out;
  JsonWriter json(&out);
  json.String(value);
  return out;
}

// Parses `json` (which must be a single string value) and returns what it decodes to.
std::string ParseString(const std::string& json) {
  simdjson::dom::parser parser;
  simdjson::dom::element element;
  EXPECT_EQ(parser.parse(json).get(element), simdjson::SUCCESS) << json;
  std::string_view value;
  EXPECT_EQ(element.get(value), simdjson::SUCCESS) << json;
  return std::string(value);
}

bool IsValidUtf8(const std::string& text) { return simdjson::validate_utf8(text.data(), text.size()); }

TEST(JsonWriter, EmptyContainers) {
  std::string out;
  JsonWriter json(&out);
  json.BeginObject();
  json.Key("a");
  json.BeginArray();
  json.EndArray();
  json.Key("b");
  json.BeginObject();
  json.EndObject();
  json.EndObject();
  EXPECT_EQ(out, "{\n  \"a\": [],\n  \"b\": {}\n}");
}

TEST(JsonWriter, PrettyPrintsWithTwoSpaceIndent) {
  std::string out;
  JsonWriter json(&out);
  json.BeginObject();
  json.Key("list");
  json.BeginArray();
  json.Int(1);
  json.BeginObject();
  json.Key("x");
  json.Null();
  json.Key("y");
  json.Bool(true);
  json.EndObject();
  json.EndArray();
  json.Key("s");
  json.String("v");
  json.EndObject();
  EXPECT_EQ(out,
            "{\n"
            "  \"list\": [\n"
            "    1,\n"
            "    {\n"
            "      \"x\": null,\n"
            "      \"y\": true\n"
            "    }\n"
            "  ],\n"
            "  \"s\": \"v\"\n"
            "}");
}

TEST(JsonWriter, AppendsToExistingOutput) {
  std::string out = "prefix:";
  JsonWriter json(&out);
  json.Uint(7);
  EXPECT_EQ(out, "prefix:7");
}

TEST(JsonWriter, EscapesQuotesBackslashAndShortForms) {
  EXPECT_EQ(WriteString("a\"b\\c"), R"("a\"b\\c")");
  EXPECT_EQ(WriteString("line\nnext\ttab\rcr\bbs\fff"), R"("line\nnext\ttab\rcr\bbs\fff")");
  EXPECT_EQ(WriteString("/ is fine"), R"("/ is fine")");
}

TEST(JsonWriter, EscapesOtherControlCharactersAsUnicode) {
  EXPECT_EQ(WriteString("\x01\x1b[31m\x1f"), R"("\u0001\u001b[31m\u001f")");
  EXPECT_EQ(WriteString("\x7f"), "\"\x7f\"");  // DEL is legal in JSON strings
}

TEST(JsonWriter, EscapesEmbeddedNul) {
  const std::string with_nul = "a\0b"s;
  ASSERT_EQ(with_nul.size(), 3u);
  const std::string json = WriteString(with_nul);
  EXPECT_EQ(json, R"("a\u0000b")");
  EXPECT_EQ(ParseString(json), with_nul);
}

TEST(JsonWriter, KeepsWellFormedUtf8) {
  const std::string text = "caf\xC3\xA9 \xE4\xB8\xAD \xF0\x9F\x98\x80 \xEF\xBF\xBD";
  EXPECT_EQ(WriteString(text), "\"" + text + "\"");
}

TEST(JsonWriter, ReplacesIllFormedUtf8WithReplacementCharacter) {
  const std::string fffd = "\xEF\xBF\xBD";
  // Lone continuation byte; a lone 8-bit CSI.
  EXPECT_EQ(WriteString("a\x80z"), "\"a" + fffd + "z\"");
  EXPECT_EQ(WriteString("\x9b"), "\"" + fffd + "\"");
  // Truncated 3-byte sequence at the end: one replacement for the maximal subpart.
  EXPECT_EQ(WriteString("x\xE2\x82"), "\"x" + fffd + "\"");
  // Truncated 4-byte sequence followed by ASCII.
  EXPECT_EQ(WriteString("\xF0\x9F\x98"
                        "A"),
            "\"" + fffd + "A\"");
  // Overlong encoding of '/': C0 is never a lead byte, AF a lone continuation.
  EXPECT_EQ(WriteString("\xC0\xAF"), "\"" + fffd + fffd + "\"");
  // Surrogate U+D800 encoded directly.
  EXPECT_EQ(WriteString("\xED\xA0\x80"), "\"" + fffd + fffd + fffd + "\"");
  // Above U+10FFFF, and bytes that never occur.
  EXPECT_EQ(WriteString("\xF4\x90\x80\x80"), "\"" + fffd + fffd + fffd + fffd + "\"");
  EXPECT_EQ(WriteString("\xF5\xFF\xFE"), "\"" + fffd + fffd + fffd + "\"");
  // Invalid byte in front of a quote that must still be escaped.
  EXPECT_EQ(WriteString("\xC3\""), "\"" + fffd + "\\\"\"");
}

TEST(JsonWriter, AnyBytesGiveValidJson) {
  std::mt19937 random(12345);
  std::uniform_int_distribution<int> byte(0, 255);
  std::uniform_int_distribution<int> length(0, 40);
  for (int round = 0; round < 2000; ++round) {
    std::string bytes;
    const int n = length(random);
    for (int i = 0; i < n; ++i) bytes.push_back(static_cast<char>(byte(random)));
    const std::string json = WriteString(bytes);
    ASSERT_TRUE(IsValidUtf8(json)) << round;
    const std::string decoded = ParseString(json);
    if (IsValidUtf8(bytes)) {
      EXPECT_EQ(decoded, bytes) << round;
    }
  }
}

TEST(JsonWriter, EscapesKeys) {
  std::string out;
  JsonWriter json(&out);
  json.BeginObject();
  json.Key("a\"\n\x01");
  json.Int(1);
  json.EndObject();
  EXPECT_EQ(out, "{\n  \"a\\\"\\n\\u0001\": 1\n}");
}

std::string WriteInt(int64_t value) {
  std::string out;
  JsonWriter(&out).Int(value);
  return out;
}

std::string WriteDouble(double value) {
  std::string out;
  JsonWriter(&out).Double(value);
  return out;
}

TEST(JsonWriter, Integers) {
  EXPECT_EQ(WriteInt(0), "0");
  EXPECT_EQ(WriteInt(-42), "-42");
  EXPECT_EQ(WriteInt(std::numeric_limits<int64_t>::min()), "-9223372036854775808");
  EXPECT_EQ(WriteInt(std::numeric_limits<int64_t>::max()), "9223372036854775807");
  std::string out;
  JsonWriter(&out).Uint(std::numeric_limits<uint64_t>::max());
  EXPECT_EQ(out, "18446744073709551615");
}

TEST(JsonWriter, DoublesAreShortestAndLocaleFree) {
  EXPECT_EQ(WriteDouble(0), "0");
  EXPECT_EQ(WriteDouble(100), "100");
  EXPECT_EQ(WriteDouble(0.1), "0.1");
  EXPECT_EQ(WriteDouble(-2.5), "-2.5");
  EXPECT_EQ(WriteDouble(13.221), "13.221");
  EXPECT_EQ(WriteDouble(1e21), "1e+21");
  EXPECT_EQ(WriteDouble(std::numeric_limits<double>::quiet_NaN()), "null");
  EXPECT_EQ(WriteDouble(std::numeric_limits<double>::infinity()), "null");
  EXPECT_EQ(WriteDouble(-std::numeric_limits<double>::infinity()), "null");
}

TEST(JsonWriter, DoublesReadBackExactly) {
  const double values[] = {
      0.1 + 0.2, 1.0 / 3, 5e-7, 123456789.123, 1e300, -0.000123, 2.2250738585072014e-308};
  for (double value : values) {
    const std::string json = WriteDouble(value);
    simdjson::dom::parser parser;
    double parsed = 0;
    ASSERT_EQ(parser.parse(json).get(parsed), simdjson::SUCCESS) << json;
    EXPECT_EQ(parsed, value) << json;
  }
}

TEST(JsonWriter, RecognisesJsonNumbers) {
  for (std::string_view yes : {"0", "-0", "7", "123", "-15", "1.5", "0.25", "1e5", "2E-3", "-1.5e+10"}) {
    EXPECT_TRUE(JsonWriter::IsJsonNumber(yes)) << yes;
  }
  for (std::string_view no : {"", "-", "007", "01", "1.", ".5", "+1", "1e", "1e+", "NaN", "inf", "1,5", "12a",
                              "0x10", " 1", "1 "}) {
    EXPECT_FALSE(JsonWriter::IsJsonNumber(no)) << no;
  }
}

TEST(JsonWriter, RawNumber) {
  std::string out;
  JsonWriter json(&out);
  json.BeginArray();
  json.RawNumber("-1.5e+10");
  json.EndArray();
  EXPECT_EQ(out, "[\n  -1.5e+10\n]");
}

}  // namespace
}  // namespace flinkscan

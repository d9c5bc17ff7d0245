// Line prefixes (docker compose, kubectl --prefix / --timestamps, CRI):
// matching one line, detecting an input's shape, and the filter's contract —
// every byte is either delivered or counted as filtered, line breaks are
// kept, named prefixes become one stream per name, and no record is split
// between two segments of a stream.

#include "engine/line_prefix_filter.h"

#include <algorithm>
#include <map>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "engine/chunk_reader.h"
#include "parsers/record_header.h"
#include "tests/engine/test_files.h"

namespace flinkscan {
namespace {

using testing::Fixture;
using testing::ReadFile;
using testing::TempDir;

// Hands out a string in slices of 1..max_slice bytes (pseudo-random), then optionally fails.
class SlicedSource final : public ByteSource {
 public:
  SlicedSource(std::string data, size_t max_slice, std::string fail_with = "")
      : data_(std::move(data)), max_slice_(max_slice), fail_with_(std::move(fail_with)) {}
  size_t Read(char* buf, size_t n) override {
    const size_t slice = 1 + rng_() % max_slice_;
    const size_t got = std::min({n, slice, data_.size() - pos_});
    std::copy_n(data_.data() + pos_, got, buf);
    pos_ += got;
    position_ += got;
    if (got == 0 && !fail_with_.empty()) error_ = "byte " + std::to_string(pos_) + ": " + fail_with_;
    return got;
  }

 private:
  std::string data_;
  size_t max_slice_;
  std::string fail_with_;
  size_t pos_ = 0;
  std::mt19937 rng_{7};
};

struct Segment {
  std::string key;
  StreamInfo info;
  std::string bytes;
  uint64_t filtered = 0;
  std::string error;
};

// Drives a framer like the chunk reader: each segment read to its end, with
// reads of `read_size` bytes and the filtered count taken after each read.
std::vector<Segment> Drain(StreamFramer& framer, size_t read_size = 4096) {
  std::vector<Segment> out;
  StreamInfo info;
  std::string key;
  std::vector<char> buf(read_size);
  while (framer.NextSegment(info, key)) {
    Segment s;
    s.key = key;
    s.info = info;
    for (;;) {
      const size_t n = framer.Read(buf.data(), buf.size());
      s.filtered += framer.TakeFilteredBytes();
      if (n == 0) break;
      s.bytes.append(buf.data(), n);
    }
    s.filtered += framer.TakeFilteredBytes();
    s.error = framer.TakeError();
    out.push_back(std::move(s));
  }
  return out;
}

// Per key: the concatenated bytes and filtered counts of its segments.
std::map<std::string, std::pair<std::string, uint64_t>> ByKey(const std::vector<Segment>& segments) {
  std::map<std::string, std::pair<std::string, uint64_t>> out;
  for (const Segment& s : segments) {
    out[s.key].first += s.bytes;
    out[s.key].second += s.filtered;
  }
  return out;
}

std::vector<Segment> Filter(const std::string& input, LinePrefixShape shape,
                            LinePrefixFilterOptions options = {}, size_t max_slice = 1u << 20,
                            const std::string& fail_with = "") {
  InputFile file{"in.log", StreamKind::kUnknown, 0, false};
  auto framer =
      MakeLinePrefixFilter(file, std::make_unique<SlicedSource>(input, max_slice, fail_with), shape, options);
  return Drain(*framer);
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t nl = text.find('\n', pos);
    const size_t end = nl == std::string::npos ? text.size() : nl + 1;
    out.push_back(text.substr(pos, end - pos));
    pos = end;
  }
  return out;
}

std::string Prefixed(const std::string& prefix, const std::string& text) {
  std::string out;
  for (const std::string& line : Lines(text)) out += prefix + line;
  return out;
}

size_t Count(const std::string& text, char c) {
  return static_cast<size_t>(std::count(text.begin(), text.end(), c));
}

constexpr LinePrefixShape kCompose{NamePrefix::kDockerCompose, StampPrefix::kNone};
constexpr LinePrefixShape kKubectl{NamePrefix::kKubectl, StampPrefix::kNone};
constexpr LinePrefixShape kStamps{NamePrefix::kNone, StampPrefix::kTimestamp};
constexpr LinePrefixShape kCri{NamePrefix::kNone, StampPrefix::kCri};
constexpr LinePrefixShape kComposeStamps{NamePrefix::kDockerCompose, StampPrefix::kTimestamp};
constexpr LinePrefixShape kKubectlStamps{NamePrefix::kKubectl, StampPrefix::kTimestamp};

const std::string kHeader =
    "2024-03-01 10:00:00,123 INFO  org.apache.flink.runtime.executiongraph.ExecutionGraph       [] - Job x "
    "switched from state RUNNING to RESTARTING.\n";
const std::string kTrace =
    "2024-03-01 10:00:01,000 WARN  org.apache.flink.runtime.taskmanager.Task                    [] - Map "
    "(1/1)#0 "
    "(abc) switched from RUNNING to FAILED with failure cause:\n"
    "java.lang.RuntimeException: boom\n"
    "\tat com.example.Map.map(Map.java:10) ~[classes/:?]\n"
    "Caused by: java.io.IOException: inner\n"
    "\t... 12 more\n";

// ---- one line ----

TEST(MatchLinePrefix, DockerComposeV2PaddedAndV1) {
  std::string_view name;
  EXPECT_EQ(MatchLinePrefix("jobmanager-1     | 2024-03-01 10:00:00,123 INFO", kCompose, &name), 19u);
  EXPECT_EQ(name, "jobmanager-1");
  EXPECT_EQ(MatchLinePrefix("flink_taskmanager_2  | x\n", kCompose, &name), 23u);
  EXPECT_EQ(name, "flink_taskmanager_2");
  EXPECT_EQ(MatchLinePrefix("tm-1 | \tat a.b(C.java:1)\n", kCompose, &name), 7u);  // the tab stays
  EXPECT_EQ(MatchLinePrefix("jobmanager-1  |\n", kCompose, &name),
            15u);  // an empty line, trailing space trimmed
  EXPECT_EQ(MatchLinePrefix("jobmanager-1  | \n", kCompose, &name), 16u);
}

TEST(MatchLinePrefix, DockerComposeColoursAreStripped) {
  std::string_view name;
  const std::string line = "\x1b[36mjobmanager-1  | \x1b[0m2024-03-01 10:00:00,123 INFO  x [] - y\n";
  const size_t n = MatchLinePrefix(line, kCompose, &name);
  EXPECT_EQ(line.substr(n, 4), "2024");
  EXPECT_EQ(name, "jobmanager-1");
}

TEST(MatchLinePrefix, NotComposeShapes) {
  EXPECT_EQ(MatchLinePrefix(kHeader, kCompose), 0u);               // a log4j line
  EXPECT_EQ(MatchLinePrefix("jobmanager | x\n", kCompose), 0u);    // no -N
  EXPECT_EQ(MatchLinePrefix("jobmanager-1| x\n", kCompose), 0u);   // no padding
  EXPECT_EQ(MatchLinePrefix("jobmanager-1  |x\n", kCompose), 0u);  // no space after the bar
  EXPECT_EQ(MatchLinePrefix("-1  | x\n", kCompose), 0u);           // no name
  EXPECT_EQ(MatchLinePrefix("\tat a.b(C.java:1)\n", kCompose), 0u);
}

TEST(MatchLinePrefix, KubectlPrefix) {
  std::string_view name;
  EXPECT_EQ(MatchLinePrefix("[pod/flink-taskmanager-1-1/flink-main-container] x\n", kKubectl, &name), 49u);
  EXPECT_EQ(name, "flink-taskmanager-1-1/flink-main-container");
  EXPECT_EQ(MatchLinePrefix("[pod/a/b]\n", kKubectl, &name), 9u);
  EXPECT_EQ(MatchLinePrefix("[pod/a] x\n", kKubectl), 0u);  // no container
  EXPECT_EQ(MatchLinePrefix("[pod/a/b/c] x\n", kKubectl), 0u);
  EXPECT_EQ(MatchLinePrefix("[pod/a b/c] x\n", kKubectl), 0u);
  EXPECT_EQ(MatchLinePrefix("[2024-03-01T10:00:00.000+0000][info][gc] x\n", kKubectl), 0u);
}

TEST(MatchLinePrefix, Rfc3339Stamps) {
  EXPECT_EQ(MatchLinePrefix("2024-03-01T10:00:00.123456789Z x", kStamps), 31u);
  EXPECT_EQ(MatchLinePrefix("2024-03-01T10:00:00.1Z x", kStamps), 23u);  // Go trims trailing zeros
  EXPECT_EQ(MatchLinePrefix("2024-03-01T10:00:00Z x", kStamps), 21u);
  EXPECT_EQ(MatchLinePrefix("2024-03-01T10:00:00.5+08:00 x", kStamps), 28u);
  EXPECT_EQ(MatchLinePrefix("2024-03-01T10:00:00.5Z\n", kStamps), 22u);
  EXPECT_EQ(MatchLinePrefix(kHeader, kStamps), 0u);                    // log4j's own stamp has no T
  EXPECT_EQ(MatchLinePrefix("2024-03-01T10:00:00.5 x", kStamps), 0u);  // no zone
  EXPECT_EQ(MatchLinePrefix("2024-03-01T10:00:00.1234567890Z x", kStamps), 0u);
}

TEST(MatchLinePrefix, CriTagsAndCombinedPrefixes) {
  EXPECT_EQ(MatchLinePrefix("2024-03-01T10:00:00.123456789Z stdout F x", kCri), 40u);
  EXPECT_EQ(MatchLinePrefix("2024-03-01T10:00:00.123456789Z stderr P x", kCri), 40u);
  EXPECT_EQ(MatchLinePrefix("2024-03-01T10:00:00.123456789Z x", kCri), 0u);
  std::string_view name;
  EXPECT_EQ(MatchLinePrefix("[pod/p/c] 2024-03-01T10:00:00Z x", kKubectlStamps, &name), 31u);
  EXPECT_EQ(name, "p/c");
  EXPECT_EQ(MatchLinePrefix("jm-1  | 2024-03-01T10:00:00Z x", kComposeStamps, &name), 29u);
  // The name alone still goes when a line lacks the stamp.
  EXPECT_EQ(MatchLinePrefix("jm-1  | x", kComposeStamps, &name), 8u);
}

TEST(LinePrefixShape, Names) {
  EXPECT_EQ(kCompose.Name(), "docker-compose");
  EXPECT_EQ(kKubectl.Name(), "kubectl");
  EXPECT_EQ(kStamps.Name(), "timestamps");
  EXPECT_EQ(kCri.Name(), "cri");
  EXPECT_EQ(kKubectlStamps.Name(), "kubectl+timestamps");
  EXPECT_EQ(kComposeStamps.Name(), "docker-compose+timestamps");
}

// ---- detection ----

TEST(DetectLinePrefix, EachShapeFromItsHeaderLines) {
  const std::string log = kHeader + kTrace + kHeader;
  EXPECT_EQ(DetectLinePrefix(Prefixed("jobmanager-1  | ", log), false), kCompose);
  EXPECT_EQ(DetectLinePrefix(Prefixed("[pod/p/c] ", log), false), kKubectl);
  EXPECT_EQ(DetectLinePrefix(Prefixed("2024-03-01T10:00:00.1Z ", log), false), kStamps);
  EXPECT_EQ(DetectLinePrefix(Prefixed("2024-03-01T10:00:00.1Z stdout F ", log), false), kCri);
  EXPECT_EQ(DetectLinePrefix(Prefixed("[pod/p/c] 2024-03-01T10:00:00.1Z ", log), false), kKubectlStamps);
  EXPECT_EQ(DetectLinePrefix(Prefixed("jm-1 | 2024-03-01T10:00:00.1Z ", log), false), kComposeStamps);
}

TEST(DetectLinePrefix, PlainLogsAndMinoritiesAreNotPrefixed) {
  EXPECT_FALSE(DetectLinePrefix(kHeader + kTrace + kHeader, false).any());
  EXPECT_FALSE(DetectLinePrefix(
                   ReadFile(Fixture("jm-k8s-ha-jm-failover-recovery-checkpoint-type-flink1152.log")), true)
                   .any());
  EXPECT_FALSE(
      DetectLinePrefix(ReadFile(Fixture("jm-json-log4j2-jsonlayout-k8s-flink1112.log")), true).any());
  EXPECT_FALSE(DetectLinePrefix(ReadFile(Fixture("gc-g1-unified-gc-all-safepoint-jdk17.log")), true).any());
  // One prefixed header among three plain ones is not the input's shape.
  EXPECT_FALSE(DetectLinePrefix(kHeader + kHeader + kHeader + "jm-1  | " + kHeader, false).any());
  // Prefixed lines that never precede a header prove nothing.
  EXPECT_FALSE(DetectLinePrefix("web-1  | GET /index.html 200\nweb-1  | GET /a 404\n", false).any());
}

TEST(DetectLinePrefix, ACutLastLineCountsOnlyForTheWholeInput) {
  const std::string cut = "jm-1  | " + kHeader.substr(0, kHeader.size() - 1);
  EXPECT_FALSE(DetectLinePrefix(cut, false).any());
  EXPECT_EQ(DetectLinePrefix(cut, true), kCompose);
}

// ---- the filter ----

TEST(LinePrefixFilter, TimestampsStripEveryLineAndCountEveryByte) {
  const std::string log = kHeader + kTrace + kHeader + kTrace;
  const std::string input = Prefixed("2024-03-01T10:00:00.123456789Z ", log);
  for (size_t slice : {size_t{1}, size_t{7}, size_t{4096}, size_t{1} << 20}) {
    const std::vector<Segment> segments = Filter(input, kStamps, {}, slice);
    ASSERT_EQ(segments.size(), 1u) << slice;
    EXPECT_EQ(segments[0].key, "");
    EXPECT_EQ(segments[0].info.prefix, "timestamps");
    EXPECT_EQ(segments[0].info.section, "");
    EXPECT_EQ(segments[0].bytes, log);
    EXPECT_EQ(segments[0].bytes.size() + segments[0].filtered, input.size());
  }
}

TEST(LinePrefixFilter, CriPartialLinesKeepTheirLineBreak) {
  const std::string input =
      "2024-03-01T10:00:00.1Z stdout P 2024-03-01 10:00:00,123 INFO  a.B [] - first half\n"
      "2024-03-01T10:00:00.1Z stdout F  and the rest\n"
      "2024-03-01T10:00:00.2Z stderr F \tat a.b(C.java:1)\n";
  const std::vector<Segment> segments = Filter(input, kCri);
  ASSERT_EQ(segments.size(), 1u);
  EXPECT_EQ(segments[0].bytes,
            "2024-03-01 10:00:00,123 INFO  a.B [] - first half\n and the rest\n\tat a.b(C.java:1)\n");
  EXPECT_EQ(Count(segments[0].bytes, '\n'), Count(input, '\n'));
  EXPECT_EQ(segments[0].bytes.size() + segments[0].filtered, input.size());
}

TEST(LinePrefixFilter, ComposeServicesBecomeStreamsWithKindsFromTheirNames) {
  std::string input = "Attaching to jobmanager-1, taskmanager-1\n";
  std::string jm;
  std::string tm;
  for (int i = 0; i < 20; ++i) {
    input += Prefixed("jobmanager-1   | ", kHeader) + Prefixed("taskmanager-1  | ", kTrace);
    jm += kHeader;
    tm += kTrace;
  }
  input += "jobmanager-1 exited with code 137\n";  // compose's own line: follows the last service
  tm += "jobmanager-1 exited with code 137\n";
  const std::vector<Segment> segments = Filter(input, kCompose, {}, 13);
  std::map<std::string, StreamInfo> infos;
  for (const Segment& s : segments) infos.emplace(s.key, s.info);
  const auto by_key = ByKey(segments);
  ASSERT_EQ(by_key.size(), 3u);
  EXPECT_EQ(by_key.at("").first, "Attaching to jobmanager-1, taskmanager-1\n");
  EXPECT_EQ(by_key.at("jobmanager-1").first, jm);
  EXPECT_EQ(by_key.at("taskmanager-1").first, tm);
  EXPECT_EQ(infos.at("jobmanager-1").kind, StreamKind::kJobManager);
  EXPECT_EQ(infos.at("jobmanager-1").section, "jobmanager-1");
  EXPECT_EQ(infos.at("jobmanager-1").prefix, "docker-compose");
  EXPECT_EQ(infos.at("taskmanager-1").kind, StreamKind::kTaskManager);
  EXPECT_EQ(infos.at("").kind, StreamKind::kUnknown);
  EXPECT_EQ(infos.at("").section, "");
  uint64_t total = 0;
  size_t lines = 0;
  for (const auto& [key, value] : by_key) {
    total += value.first.size() + value.second;
    lines += Count(value.first, '\n');
  }
  EXPECT_EQ(total, input.size());
  EXPECT_EQ(lines, Count(input, '\n'));
}

TEST(LinePrefixFilter, KubectlPodsBecomeStreamsAndNameThePod) {
  const std::string input = Prefixed("[pod/flink-taskmanager-1-1/flink-main-container] ", kTrace) +
                            Prefixed("[pod/flink-7d9f/flink-main-container] ", kHeader);
  const auto segments = Filter(input, kKubectl);
  ASSERT_EQ(segments.size(), 2u);
  EXPECT_EQ(segments[0].info.section, "flink-taskmanager-1-1/flink-main-container");
  EXPECT_EQ(segments[0].info.pod, "flink-taskmanager-1-1");
  EXPECT_EQ(segments[0].info.kind, StreamKind::kTaskManager);
  EXPECT_EQ(segments[0].bytes, kTrace);
  EXPECT_EQ(segments[1].info.pod, "flink-7d9f");
  EXPECT_EQ(segments[1].info.kind, StreamKind::kUnknown);
  EXPECT_EQ(segments[1].bytes, kHeader);
}

// Small flush sizes force many segments: each later segment of a stream
// starts at a record header, so no record is split and no continuation line
// becomes an orphan.
TEST(LinePrefixFilter, SegmentsOfAStreamAreCutAtRecordHeaders) {
  std::string input;
  std::map<std::string, std::string> expected;
  std::mt19937 rng(3);
  for (int i = 0; i < 400; ++i) {
    const std::string service = "svc" + std::to_string(rng() % 3) + "-1";
    const std::string& record = rng() % 2 ? kHeader : kTrace;
    input += Prefixed(service + "  | ", record);
    expected[service] += record;
  }
  LinePrefixFilterOptions options;
  options.flush_bytes = 300;
  options.max_record_bytes = 4096;
  options.max_buffered_bytes = 1024;
  for (size_t slice : {size_t{3}, size_t{5000}}) {
    const std::vector<Segment> segments = Filter(input, kCompose, options, slice);
    EXPECT_GT(segments.size(), 20u);
    std::map<std::string, int> seen;
    uint64_t total = 0;
    for (const Segment& s : segments) {
      ASSERT_FALSE(s.bytes.empty());
      EXPECT_TRUE(StartsRecord(s.bytes.data(), s.bytes.data() + s.bytes.size())) << s.bytes.substr(0, 60);
      EXPECT_TRUE(s.error.empty());
      total += s.bytes.size() + s.filtered;
      ++seen[s.key];
    }
    EXPECT_EQ(total, input.size());
    const auto by_key = ByKey(segments);
    for (const auto& [service, text] : expected) EXPECT_EQ(by_key.at(service).first, text) << service;
  }
}

TEST(LinePrefixFilter, ALineLongerThanAnyBufferStreamsThrough) {
  const std::string long_line = "2024-03-01 10:00:00,123 INFO  a.B [] - " + std::string(3u << 20, 'x') + "\n";
  const std::string log = kHeader + long_line + kTrace;
  LinePrefixFilterOptions options;
  options.flush_bytes = 1024;
  options.max_record_bytes = 64u << 10;
  options.max_buffered_bytes = 128u << 10;
  options.read_block = 8192;
  // One name: the pieces of the long line follow each other in one segment.
  const std::vector<Segment> segments = Filter(Prefixed("tm-1  | ", log), kCompose, options, 100000);
  std::string joined;
  for (const Segment& s : segments) joined += s.bytes;
  EXPECT_EQ(joined, log);
  const std::vector<Segment> stamped =
      Filter(Prefixed("2024-03-01T10:00:00Z ", log), kStamps, options, 100000);
  ASSERT_EQ(stamped.size(), 1u);
  EXPECT_EQ(stamped[0].bytes, log);
}

TEST(LinePrefixFilter, LastLineWithoutNewlineCrlfAndAPrefixOnlyTail) {
  const std::string input =
      "tm-1  | " + kHeader.substr(0, kHeader.size() - 1) + "\r\n" + "tm-1  | \tat x\r\n" + "tm-1  | ";
  const std::vector<Segment> segments = Filter(input, kCompose, {}, 5);
  const auto by_key = ByKey(segments);
  ASSERT_EQ(by_key.size(), 1u);
  // The tail is nothing but a prefix: it stays, so the last line is still a line.
  EXPECT_EQ(by_key.at("tm-1").first, kHeader.substr(0, kHeader.size() - 1) + "\r\n\tat x\r\ntm-1  | ");
  EXPECT_EQ(by_key.at("tm-1").first.size() + by_key.at("tm-1").second, input.size());
}

TEST(LinePrefixFilter, ReadErrorIsReportedWithWhatCameBefore) {
  const std::string input = Prefixed("2024-03-01T10:00:00Z ", kHeader + kTrace);
  const std::vector<Segment> segments = Filter(input, kStamps, {}, 50, "read failed: EIO");
  ASSERT_EQ(segments.size(), 1u);
  EXPECT_EQ(segments[0].bytes, kHeader + kTrace);
  EXPECT_NE(segments[0].error.find("read failed: EIO"), std::string::npos);
}

// Through the chunk reader: chunk sizes plus filtered bytes add up to the file.
TEST(LinePrefixFilter, ChunkReaderAccountsForEveryByte) {
  TempDir dir;
  std::string input;
  for (int i = 0; i < 3000; ++i) {
    input += Prefixed(i % 3 ? "taskmanager-1  | " : "jobmanager-1   | ", i % 2 ? kHeader : kTrace);
  }
  const std::string path = dir.Write("compose.log", input);
  std::vector<InputFile> inputs{{path, StreamKind::kUnknown, 0, false}};
  ChunkReader reader(inputs, {64u << 10, 256u << 20});
  Chunk chunk;
  uint64_t bytes = 0;
  uint64_t newlines = 0;
  std::map<uint32_t, std::string> names;
  while (reader.Next(chunk)) {
    bytes += chunk.size + chunk.filtered_bytes;
    newlines += Count(std::string(chunk.data()), '\n');
    if (chunk.first_in_stream) names[chunk.stream] = chunk.stream_info.section;
  }
  EXPECT_EQ(bytes, input.size());
  EXPECT_EQ(newlines, Count(input, '\n'));
  ASSERT_EQ(names.size(), 2u);
  EXPECT_EQ(names.begin()->second, "jobmanager-1");
}

}  // namespace
}  // namespace flinkscan

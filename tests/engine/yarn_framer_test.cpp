// YARN aggregated output: envelope lines, section framing by LogLength, the
// end-marker fallback when LogLength lies, and the accounting rule that every
// byte lands in exactly one stream.

#include "engine/yarn_framer.h"

#include <algorithm>
#include <map>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "engine/input_opener.h"
#include "engine/yarn_envelope.h"
#include "tests/engine/string_source.h"
#include "tests/engine/test_files.h"
#include "tests/engine/yarn_output.h"

namespace flinkscan {
namespace {

using testing::StringSource;

using testing::Fixture;
using testing::ReadFile;
using testing::YarnOutput;
using testing::YarnSection;
using testing::YarnSectionText;

constexpr char kSample[] = "yarn-aggregated-format-mapreduce-hadoop334.txt";
constexpr char kContainer[] = "container_1671326373437_0001_01_000003";

struct Stream {
  StreamInfo info;
  std::string bytes;
  std::vector<std::string> errors;
  int segments = 0;
};

struct Framed {
  std::vector<std::string> order;  // keys in order of first appearance
  std::map<std::string, Stream> streams;
  std::string concatenated;  // every segment's bytes in delivery order
  const Stream& at(const std::string& key) const {
    static const Stream kNone;
    const auto it = streams.find(key);
    return it == streams.end() ? kNone : it->second;
  }
  std::vector<std::string> AllErrors() const {
    std::vector<std::string> out;
    for (const auto& [key, s] : streams) out.insert(out.end(), s.errors.begin(), s.errors.end());
    return out;
  }
};

// Drains a framer the way ChunkReader does: Read until 0, then TakeError.
Framed Drain(StreamFramer& framer, size_t read_size = 1 << 16) {
  Framed out;
  StreamInfo info;
  std::string key;
  std::vector<char> buf(read_size);
  while (framer.NextSegment(info, key)) {
    auto [it, inserted] = out.streams.try_emplace(key);
    if (inserted) {
      out.order.push_back(key);
      it->second.info = info;
    }
    ++it->second.segments;
    for (;;) {
      const size_t n = framer.Read(buf.data(), buf.size());
      if (n == 0) break;
      it->second.bytes.append(buf.data(), n);
      out.concatenated.append(buf.data(), n);
    }
    const std::string error = framer.TakeError();
    if (!error.empty()) it->second.errors.push_back(error);
  }
  return out;
}

Framed Frame(const std::string& data, size_t slice = 1 << 20, YarnFramerOptions options = {},
             size_t read_size = 1 << 16, const std::string& fail_with = "") {
  InputFile input;
  input.path = "yarn.txt";
  auto framer = MakeYarnFramer(input, std::make_unique<StringSource>(
      data, slice, fail_with.empty() ? "" : "byte " + std::to_string(data.size()) + ": " + fail_with), options);
  return Drain(*framer, read_size);
}

std::string Key(const std::string& container, const std::string& type) { return container + "/" + type; }

// The sample's sections as (log type, LogLength, body) read straight off the
// file with string searches, independent of the framer.
struct SampleSection {
  std::string type;
  size_t length;
  std::string body;
};
std::vector<SampleSection> SampleSections(const std::string& text) {
  std::vector<SampleSection> out;
  size_t at = 0;
  while ((at = text.find("\nLogType:", at)) != std::string::npos) {
    const size_t type_end = text.find('\n', at + 1);
    SampleSection s;
    s.type = text.substr(at + 9, type_end - at - 9);
    const size_t len_at = text.find("LogLength:", type_end) + 10;
    s.length = std::stoul(text.substr(len_at, text.find('\n', len_at) - len_at));
    const size_t body_at = text.find("LogContents:\n", len_at) + 13;
    s.body = text.substr(body_at, s.length);
    out.push_back(s);
    at = body_at + s.length;
  }
  return out;
}

// ---------------------------------------------------------------- envelope lines

TEST(YarnEnvelope, ClassifiesHeaderLines) {
  EnvelopeLine c =
      ClassifyEnvelopeLine("Container: container_1671326373437_0001_01_000003 on hadoopnode_36113");
  EXPECT_EQ(c.type, EnvelopeLineType::kContainer);
  EXPECT_EQ(c.value, kContainer);
  EXPECT_EQ(c.node, "hadoopnode_36113");
  EXPECT_EQ(ClassifyEnvelopeLine("LogAggregationType: AGGREGATED").type, EnvelopeLineType::kHeaderField);
  EXPECT_EQ(ClassifyEnvelopeLine("LogLastModifiedTime:Sun Dec 18 01:27:43 +0000 2022").type,
            EnvelopeLineType::kHeaderField);
  EXPECT_EQ(ClassifyEnvelopeLine("Log Upload Time:Mon Dec 14 10:00:00 +0000 2015").type,
            EnvelopeLineType::kHeaderField);
  EXPECT_EQ(ClassifyEnvelopeLine(std::string(69, '=')).type, EnvelopeLineType::kRule);
  EXPECT_EQ(ClassifyEnvelopeLine(std::string(79, '*')).type, EnvelopeLineType::kRule);
  EXPECT_EQ(ClassifyEnvelopeLine("**").type, EnvelopeLineType::kOther);
  EXPECT_EQ(ClassifyEnvelopeLine("LogType:taskmanager.log").value, "taskmanager.log");
  EXPECT_EQ(ClassifyEnvelopeLine("LogType: taskmanager.log").value, "taskmanager.log");  // Hadoop 2.2
  EXPECT_EQ(ClassifyEnvelopeLine("LogLength:1937").type, EnvelopeLineType::kLogLength);
  EXPECT_EQ(ClassifyEnvelopeLine("LogLength: 1937\r").value, "1937");
  EXPECT_EQ(ClassifyEnvelopeLine("LogContents:").type, EnvelopeLineType::kContents);
  EXPECT_EQ(ClassifyEnvelopeLine("Log Contents:").type, EnvelopeLineType::kContents);
  EXPECT_EQ(ClassifyEnvelopeLine("End of LogType:stdout").value, "stdout");
  EXPECT_EQ(
      ClassifyEnvelopeLine("End of LogType:taskmanager.log. This log file belongs to a running container "
                           "(container_1_0001_01_000002) and so may not be complete.")
          .value,
      "taskmanager.log");
  EXPECT_EQ(ClassifyEnvelopeLine("").type, EnvelopeLineType::kBlank);
  EXPECT_EQ(ClassifyEnvelopeLine("\r").type, EnvelopeLineType::kBlank);
  EXPECT_EQ(ClassifyEnvelopeLine("2023-01-01 10:00:00,000 INFO x - y").type, EnvelopeLineType::kOther);
  EXPECT_EQ(ClassifyEnvelopeLine("Container container_1 marked as failed.").type, EnvelopeLineType::kOther);
}

TEST(YarnEnvelope, NodeHostLengthAndApplicationMaster) {
  EXPECT_EQ(HostOfNodeId("hadoopnode_36113"), "hadoopnode");
  EXPECT_EQ(HostOfNodeId("ip-10-0-1-5.ec2.internal_8041"), "ip-10-0-1-5.ec2.internal");
  EXPECT_EQ(HostOfNodeId("my_host"), "my_host");
  EXPECT_EQ(HostOfNodeId("plainhost"), "plainhost");
  EXPECT_EQ(ParseLogLength("1937"), 1937u);
  EXPECT_EQ(ParseLogLength("0"), 0u);
  EXPECT_FALSE(ParseLogLength("abc"));
  EXPECT_FALSE(ParseLogLength(""));
  EXPECT_FALSE(ParseLogLength("-5"));
  EXPECT_FALSE(ParseLogLength("99999999999999999999"));
  EXPECT_TRUE(IsFirstContainerOfAttempt("container_1671326373437_0001_01_000001"));
  EXPECT_TRUE(IsFirstContainerOfAttempt("container_e07_1669378398064_0904_02_000001"));
  EXPECT_FALSE(IsFirstContainerOfAttempt("container_1671326373437_0001_01_000002"));
}

TEST(YarnEnvelope, KindOfLogType) {
  EXPECT_EQ(KindOfYarnLogType("jobmanager.log", false), StreamKind::kJobManager);
  EXPECT_EQ(KindOfYarnLogType("jobmanager-main.log", false), StreamKind::kJobManager);
  EXPECT_EQ(KindOfYarnLogType("jobmanager.out", true), StreamKind::kStdout);
  EXPECT_EQ(KindOfYarnLogType("jobmanager.err", true), StreamKind::kStdout);
  EXPECT_EQ(KindOfYarnLogType("taskmanager.log", false), StreamKind::kTaskManager);
  EXPECT_EQ(KindOfYarnLogType("taskmanager.log.2", false), StreamKind::kTaskManager);
  EXPECT_EQ(KindOfYarnLogType("taskmanager.out", false), StreamKind::kStdout);
  EXPECT_EQ(KindOfYarnLogType("stdout", false), StreamKind::kStdout);
  EXPECT_EQ(KindOfYarnLogType("stderr", false), StreamKind::kStdout);
  EXPECT_EQ(KindOfYarnLogType("gc.log", false), StreamKind::kGc);
  EXPECT_EQ(KindOfYarnLogType("gc.log.0.current", false), StreamKind::kGc);
  EXPECT_EQ(KindOfYarnLogType("taskmanager-gc.log", false), StreamKind::kGc);
  EXPECT_EQ(KindOfYarnLogType("prelaunch.out", false), StreamKind::kYarnOther);
  EXPECT_EQ(KindOfYarnLogType("prelaunch.err", false), StreamKind::kYarnOther);
  EXPECT_EQ(KindOfYarnLogType("launch_container.sh", false), StreamKind::kYarnOther);
  EXPECT_EQ(KindOfYarnLogType("directory.info", false), StreamKind::kYarnOther);
  EXPECT_EQ(KindOfYarnLogType("syslog", false), StreamKind::kYarnOther);
  EXPECT_EQ(KindOfYarnLogType("container-localizer-syslog", false), StreamKind::kYarnOther);
  // A Flink log under a custom name belongs to whoever runs in the container.
  EXPECT_EQ(KindOfYarnLogType("flink-app.log", true), StreamKind::kJobManager);
  EXPECT_EQ(KindOfYarnLogType("flink-app.log", false), StreamKind::kTaskManager);
  EXPECT_EQ(KindOfYarnLogType("container_tokens", false), StreamKind::kYarnOther);
}

TEST(YarnEnvelope, RecognisesTheEnvelopeByContent) {
  EXPECT_TRUE(LooksLikeYarnEnvelope(ReadFile(Fixture(kSample)).substr(0, 4096)));
  // Hadoop 2.7/2.8: two blank lines, Container once per container, Log Upload Time.
  EXPECT_TRUE(
      LooksLikeYarnEnvelope("\n\nContainer: container_1_0001_01_000001 on host_45454\n"
                            "=====================================================\n"
                            "LogType:jobmanager.log\nLog Upload Time:Mon Dec 14 10:00:00 +0000 "
                            "2015\nLogLength:10\nLog Contents:\n"));
  // `yarn logs -containerId`: no Container line at all.
  EXPECT_TRUE(LooksLikeYarnEnvelope("LogType: taskmanager.log\nLogLength: 10\nLog Contents:\n0123456789\n"));
  // The yarn CLI's own log lines ahead of the envelope (stderr captured too).
  EXPECT_TRUE(LooksLikeYarnEnvelope(
      "2023-01-01 10:00:00,000 INFO client.RMProxy: Connecting to ResourceManager at rm/10.0.0.1:8032\n"
      "Container: container_1_0001_01_000002 on host_45454\nLogAggregationType: AGGREGATED\n"));
  EXPECT_FALSE(
      LooksLikeYarnEnvelope(ReadFile(Fixture("jm-job-lifecycle-finished-flink1144.log")).substr(0, 4096)));
  EXPECT_FALSE(LooksLikeYarnEnvelope(
      ReadFile(Fixture("yarn-container-diagnostics-exit-103-killed-143.txt")).substr(0, 4096)));
  EXPECT_FALSE(LooksLikeYarnEnvelope(""));
  EXPECT_FALSE(LooksLikeYarnEnvelope("Container: container_1 on h_1"));  // a cut line proves nothing
  EXPECT_FALSE(LooksLikeYarnEnvelope("Container: container_1 on h_1\nsome log line\n"));
  std::string late(12, '\n');
  for (int i = 0; i < 11; ++i) late += "line " + std::to_string(i) + "\n";
  EXPECT_FALSE(LooksLikeYarnEnvelope(late + "Container: c on h_1\nLogAggregationType: AGGREGATED\n"));
}

TEST(YarnEnvelope, InputOpenerFramesYarnOutputByContent) {
  testing::TempDir dir;
  InputFile input;
  input.path = dir.Write("no-telling-name.bin", ReadFile(Fixture(kSample)));
  auto framer = OpenInput(input);
  ASSERT_TRUE(framer.ok());
  const Framed f = Drain(*framer.value());
  EXPECT_EQ(f.order.size(), 7u);
  EXPECT_EQ(f.at(Key(kContainer, "directory.info")).bytes.size(), 1937u);
}

// ---------------------------------------------------------------- the real sample

void ExpectSampleFramed(const Framed& f, const std::string& text) {
  const std::vector<SampleSection> expected = SampleSections(text);
  ASSERT_EQ(expected.size(), 6u);
  const std::vector<std::pair<std::string, size_t>> table = {{"directory.info", 1937},
                                                             {"launch_container.sh", 4932},
                                                             {"prelaunch.err", 0},
                                                             {"prelaunch.out", 100},
                                                             {"stderr", 0},
                                                             {"stdout", 0}};
  ASSERT_EQ(f.order.size(), 7u);  // the envelope first, then the sections in order
  EXPECT_EQ(f.order[0], "#envelope");
  uint64_t total = 0;
  for (size_t i = 0; i < table.size(); ++i) {
    const std::string key = Key(kContainer, table[i].first);
    EXPECT_EQ(f.order[i + 1], key);
    const Stream& s = f.at(key);
    EXPECT_EQ(s.bytes.size(), table[i].second) << key;
    EXPECT_EQ(s.bytes, expected[i].body) << key;
    EXPECT_EQ(s.info.section, key);
    EXPECT_EQ(s.info.container, kContainer);
    EXPECT_EQ(s.info.host, "hadoopnode");
    EXPECT_EQ(s.info.path, "yarn.txt");
    EXPECT_FALSE(s.info.count_only);
    EXPECT_EQ(s.info.Source(), "yarn.txt#" + key);
    EXPECT_TRUE(s.errors.empty()) << key << ": " << s.errors[0];
    total += s.bytes.size();
  }
  const Stream& envelope = f.at("#envelope");
  EXPECT_EQ(envelope.info.kind, StreamKind::kYarnEnvelope);
  EXPECT_TRUE(envelope.info.count_only);
  EXPECT_TRUE(envelope.info.section.empty());
  EXPECT_TRUE(envelope.errors.empty()) << envelope.errors[0];
  EXPECT_EQ(envelope.segments, 7);  // before each body, and the last trailer
  EXPECT_EQ(total + envelope.bytes.size(), text.size());
  EXPECT_EQ(f.concatenated, text);  // nothing lost, nothing reordered
  EXPECT_EQ(f.at(Key(kContainer, "directory.info")).info.kind, StreamKind::kYarnOther);
  EXPECT_EQ(f.at(Key(kContainer, "prelaunch.out")).info.kind, StreamKind::kYarnOther);
  EXPECT_EQ(f.at(Key(kContainer, "stdout")).info.kind, StreamKind::kStdout);
  EXPECT_EQ(f.at(Key(kContainer, "stderr")).info.kind, StreamKind::kStdout);
}

TEST(YarnFramer, RealSampleSectionsAreExactlyTheirLogLength) {
  const std::string text = ReadFile(Fixture(kSample));
  ExpectSampleFramed(Frame(text), text);
}

TEST(YarnFramer, RealSampleIndependentOfReadSizes) {
  const std::string text = ReadFile(Fixture(kSample));
  for (size_t slice : {1u, 3u, 7u, 64u, 1000u, 4096u}) {
    for (size_t read_size : {1u, 5u, 4096u}) {
      SCOPED_TRACE("slice " + std::to_string(slice) + " read " + std::to_string(read_size));
      ExpectSampleFramed(Frame(text, slice, {}, read_size), text);
    }
  }
}

TEST(YarnFramer, RealSampleWithLongBodiesStreamedUnverified) {
  // Bodies above verify_bytes bypass the window and are checked after.
  const std::string text = ReadFile(Fixture(kSample));
  for (size_t slice : {1u, 13u, 4096u}) {
    YarnFramerOptions options;
    options.verify_bytes = 16;
    options.read_block = 4096;
    ExpectSampleFramed(Frame(text, slice, options, 777), text);
  }
}

TEST(YarnFramer, BuilderReproducesTheRealSample) {
  const std::string text = ReadFile(Fixture(kSample));
  std::vector<YarnSection> sections;
  for (const SampleSection& s : SampleSections(text))
    sections.push_back({kContainer, "hadoopnode_36113", s.type, s.body});
  EXPECT_EQ(YarnOutput(sections), text);
}

// ---------------------------------------------------------------- Hadoop 2 forms

TEST(YarnFramer, Hadoop28ContainerHeaderOncePerContainer) {
  const std::string text =
      "\n\nContainer: container_1_0001_01_000001 on jm-host_45454\n"
      "=========================================================\n"
      "LogType:jobmanager.log\nLog Upload Time:Mon Dec 14 10:00:00 +0000 2015\nLogLength:6\nLog Contents:\n"
      "a\nb\nc\n"
      "\nEnd of LogType:jobmanager.log\n\n"
      "LogType:jobmanager.out\nLog Upload Time:Mon Dec 14 10:00:00 +0000 2015\nLogLength:3\nLog Contents:\n"
      "xyz"
      "\nEnd of LogType:jobmanager.out\n\n"
      "\n\nContainer: container_1_0001_01_000002 on tm-host_45454\n"
      "=========================================================\n"
      "LogType:taskmanager.log\nLog Upload Time:Mon Dec 14 10:00:00 +0000 2015\nLogLength:0\nLog Contents:\n"
      "\nEnd of LogType:taskmanager.log\n\n";
  const Framed f = Frame(text, 5);
  ASSERT_EQ(f.order.size(), 4u);
  EXPECT_EQ(f.at("container_1_0001_01_000001/jobmanager.log").bytes, "a\nb\nc\n");
  EXPECT_EQ(f.at("container_1_0001_01_000001/jobmanager.out").bytes, "xyz");
  EXPECT_EQ(f.at("container_1_0001_01_000001/jobmanager.out").info.host, "jm-host");
  EXPECT_EQ(f.at("container_1_0001_01_000002/taskmanager.log").bytes, "");
  EXPECT_EQ(f.at("container_1_0001_01_000002/taskmanager.log").info.host, "tm-host");
  EXPECT_EQ(f.at("container_1_0001_01_000002/taskmanager.log").info.kind, StreamKind::kTaskManager);
  EXPECT_TRUE(f.AllErrors().empty()) << f.AllErrors()[0];
  EXPECT_EQ(f.concatenated, text);
}

TEST(YarnFramer, Hadoop27MarkerRightAfterTheBody) {
  const std::string text =
      "Container: container_1_0001_01_000002 on tm_1\n===========================\n"
      "LogType:taskmanager.log\nLogLength:4\nLog Contents:\nabc\nEnd of LogType:taskmanager.log\n\n"
      "LogType:taskmanager.out\nLogLength:0\nLog Contents:\nEnd of LogType:taskmanager.out\n\n";
  const Framed f = Frame(text, 3);
  EXPECT_EQ(f.at("container_1_0001_01_000002/taskmanager.log").bytes, "abc\n");
  EXPECT_EQ(f.at("container_1_0001_01_000002/taskmanager.out").bytes, "");
  EXPECT_TRUE(f.AllErrors().empty()) << f.AllErrors()[0];
  EXPECT_EQ(f.concatenated, text);
}

TEST(YarnFramer, Hadoop22NoEndMarker) {
  const std::string text =
      "LogType: taskmanager.log\nLogLength: 4\nLog Contents:\nabc\n\n"
      "LogType: taskmanager.out\nLogLength: 2\nLog Contents:\nxy\n";
  const Framed f = Frame(text, 2);
  ASSERT_EQ(f.order.size(), 3u);
  EXPECT_EQ(f.at("taskmanager.log").bytes, "abc\n");  // no container: the section is the log type
  EXPECT_EQ(f.at("taskmanager.log").info.container, "");
  EXPECT_EQ(f.at("taskmanager.out").bytes, "xy");
  EXPECT_TRUE(f.AllErrors().empty()) << f.AllErrors()[0];
  EXPECT_EQ(f.concatenated, text);
}

TEST(YarnFramer, RunningContainerSectionWithoutLogLength) {
  const std::string text =
      "\n\nContainer: container_1_0001_01_000002 on tm_8042\n=====================\n"
      "LogType:taskmanager.log\nLog Upload Time:Mon Dec 14 10:00:00 +0000 2015\nLog Contents:\nline 1\nline "
      "2\n"
      "\nEnd of LogType:taskmanager.log. This log file belongs to a running container "
      "(container_1_0001_01_000002) and so may not be complete.\n\n";
  const Framed f = Frame(text, 4);
  EXPECT_EQ(f.at("container_1_0001_01_000002/taskmanager.log").bytes, "line 1\nline 2\n");
  EXPECT_TRUE(f.AllErrors().empty()) << f.AllErrors()[0];
  EXPECT_EQ(f.concatenated, text);
}

// ---------------------------------------------------------------- kinds and roles

TEST(YarnFramer, ApplicationMasterDecidesCustomLogNames) {
  const std::string text = YarnOutput({
      {"container_1_0001_01_000001", "a_1", "flink.log", "jm\n"},        // AM by id
      {"container_1_0001_01_000002", "b_1", "flink.log", "tm\n"},        // not the AM
      {"container_1_0001_02_000005", "c_1", "jobmanager.log", "jm2\n"},  // AM of a later attempt, by content
      {"container_1_0001_02_000005", "c_1", "flink.log", "jm2\n"},
      {"container_1_0001_01_000001", "a_1", "gc.log", "gc\n"},
      {"container_1_0001_01_000001", "a_1", "jobmanager.err", "err\n"},
  });
  const Framed f = Frame(text);
  EXPECT_EQ(f.at("container_1_0001_01_000001/flink.log").info.kind, StreamKind::kJobManager);
  EXPECT_EQ(f.at("container_1_0001_01_000002/flink.log").info.kind, StreamKind::kTaskManager);
  EXPECT_EQ(f.at("container_1_0001_02_000005/jobmanager.log").info.kind, StreamKind::kJobManager);
  EXPECT_EQ(f.at("container_1_0001_02_000005/flink.log").info.kind, StreamKind::kJobManager);
  EXPECT_EQ(f.at("container_1_0001_01_000001/gc.log").info.kind, StreamKind::kGc);
  EXPECT_EQ(f.at("container_1_0001_01_000001/jobmanager.err").info.kind, StreamKind::kStdout);
}

TEST(YarnFramer, RepeatedSectionContinuesItsStream) {
  const std::string text = YarnOutput({{"container_1_0001_01_000002", "b_1", "taskmanager.log", "one\n"},
                                       {"container_1_0001_01_000002", "b_1", "taskmanager.log", "two\n"}});
  const Framed f = Frame(text);
  EXPECT_EQ(f.order.size(), 2u);
  EXPECT_EQ(f.at("container_1_0001_01_000002/taskmanager.log").bytes, "one\ntwo\n");
  EXPECT_EQ(f.at("container_1_0001_01_000002/taskmanager.log").segments, 2);
}

TEST(YarnFramer, BodyWithoutTrailingNewlineLeavesTheEnvelopeNewline) {
  const std::string text = YarnOutput({{"container_1_0001_01_000002", "b_1", "taskmanager.out", "no newline"},
                                       {"container_1_0001_01_000002", "b_1", "taskmanager.log", "x\n"}});
  const Framed f = Frame(text);
  EXPECT_EQ(f.at("container_1_0001_01_000002/taskmanager.out").bytes, "no newline");
  EXPECT_EQ(f.at("container_1_0001_01_000002/taskmanager.log").bytes, "x\n");
  EXPECT_EQ(f.concatenated, text);
  EXPECT_NE(f.at("#envelope").bytes.find("LogContents:\n\nEnd of LogType:taskmanager.out\n"),
            std::string::npos);
}

TEST(YarnFramer, BodyContainingAnEnvelopeIsFramedByLength) {
  // A log that quotes `yarn logs` output: LogLength is exact, so it stays body.
  const std::string inner =
      YarnOutput({{"container_9_0009_01_000009", "z_1", "taskmanager.log", "inner\n"}}) + "\n";
  const std::string text = YarnOutput({{"container_1_0001_01_000002", "b_1", "taskmanager.out", inner},
                                       {"container_1_0001_01_000002", "b_1", "taskmanager.log", "x\n"}});
  const Framed f = Frame(text, 11);
  EXPECT_EQ(f.order.size(), 3u);
  EXPECT_EQ(f.at("container_1_0001_01_000002/taskmanager.out").bytes, inner);
  EXPECT_TRUE(f.AllErrors().empty());
}

// ---------------------------------------------------------------- damage

const char kTm[] = "container_1_0001_01_000002";

std::string ThreeSections(const std::string& middle_length) {
  std::string text = YarnSectionText({kTm, "b_1", "taskmanager.out", "out\n"});
  std::string middle = YarnSectionText({kTm, "b_1", "taskmanager.log", "line 1\nline 2\n"});
  const size_t at = middle.find("LogLength:14");
  middle.replace(at, 12, "LogLength:" + middle_length);
  return text + middle + YarnSectionText({kTm, "b_1", "gc.log", "gc\n"}, true);
}

size_t LogLengthOffset(const std::string& text, const std::string& length) {
  return text.find("LogLength:" + length);
}

TEST(YarnFramer, LogLengthLargerThanTheRestIsFramedByEndMarker) {
  const std::string text = ThreeSections("5000");
  for (size_t slice : {1u, 64u, 1u << 20}) {
    const Framed f = Frame(text, slice);
    const Stream& s = f.at(Key(kTm, "taskmanager.log"));
    EXPECT_EQ(s.bytes, "line 1\nline 2\n");
    ASSERT_EQ(s.errors.size(), 1u);
    EXPECT_EQ(s.errors[0], "byte " + std::to_string(LogLengthOffset(text, "5000")) + ": LogLength 5000 of " +
                               Key(kTm, "taskmanager.log") + " exceeds the " +
                               std::to_string(text.size() - text.find("line 1")) +
                               " bytes left in the input; framed by end marker (14 bytes)");
    EXPECT_EQ(f.at(Key(kTm, "gc.log")).bytes, "gc\n");  // the sections after it are intact
    EXPECT_EQ(f.at(Key(kTm, "taskmanager.out")).bytes, "out\n");
    EXPECT_EQ(f.concatenated, text);
    EXPECT_EQ(f.AllErrors().size(), 1u);
  }
}

TEST(YarnFramer, LogLengthLargerThanTheRestOfALongBodyTruncates) {
  // Beyond verify_bytes the body streams unchecked: the lie shows only when
  // the input ends, and the error says how much of the body there was.
  YarnFramerOptions options;
  options.verify_bytes = 8;
  const std::string text = ThreeSections("5000");
  const Framed f = Frame(text, 7, options);
  const Stream& s = f.at(Key(kTm, "taskmanager.log"));
  const size_t body_start = text.find("line 1");
  EXPECT_EQ(s.bytes, text.substr(body_start));
  ASSERT_EQ(s.errors.size(), 1u);
  EXPECT_EQ(s.errors[0], "byte " + std::to_string(LogLengthOffset(text, "5000")) + ": LogLength 5000 of " +
                             Key(kTm, "taskmanager.log") + " exceeds the rest of the input: it ends after " +
                             std::to_string(text.size() - body_start) +
                             " bytes of the body (section truncated)");
  EXPECT_EQ(f.concatenated, text);
}

TEST(YarnFramer, NonNumericLogLengthIsFramedByEndMarker) {
  const std::string text = ThreeSections("abc");
  const Framed f = Frame(text, 3);
  const Stream& s = f.at(Key(kTm, "taskmanager.log"));
  EXPECT_EQ(s.bytes, "line 1\nline 2\n");
  ASSERT_EQ(s.errors.size(), 1u);
  EXPECT_EQ(s.errors[0], "byte " + std::to_string(LogLengthOffset(text, "abc")) + ": LogLength \"abc\" of " +
                             Key(kTm, "taskmanager.log") +
                             " is not a number; framed by end marker (14 bytes)");
  EXPECT_EQ(f.at(Key(kTm, "gc.log")).bytes, "gc\n");
  EXPECT_EQ(f.concatenated, text);
}

TEST(YarnFramer, LogLengthTooSmallIsFramedByEndMarker) {
  for (size_t verify : {size_t{1} << 20, size_t{2}}) {  // checked ahead, and found out after streaming
    YarnFramerOptions options;
    options.verify_bytes = verify;
    const std::string text = ThreeSections("5");
    const Framed f = Frame(text, 4, options);
    const Stream& s = f.at(Key(kTm, "taskmanager.log"));
    EXPECT_EQ(s.bytes, "line 1\nline 2\n");
    ASSERT_EQ(s.errors.size(), 1u);
    EXPECT_EQ(s.errors[0], "byte " + std::to_string(LogLengthOffset(text, "5")) + ": LogLength 5 of " +
                               Key(kTm, "taskmanager.log") +
                               " is not followed by its end marker; framed by end marker (14 bytes)");
    EXPECT_EQ(f.at(Key(kTm, "gc.log")).bytes, "gc\n");
    EXPECT_EQ(f.concatenated, text);
  }
}

TEST(YarnFramer, LogLengthSlightlyTooLargeWithinTheInputIsFramedByEndMarker) {
  const std::string text = ThreeSections("30");
  const Framed f = Frame(text, 1);
  EXPECT_EQ(f.at(Key(kTm, "taskmanager.log")).bytes, "line 1\nline 2\n");
  EXPECT_EQ(f.at(Key(kTm, "taskmanager.log")).errors.size(), 1u);
  EXPECT_EQ(f.at(Key(kTm, "gc.log")).bytes, "gc\n");
}

TEST(YarnFramer, MissingEndMarkerStopsAtTheNextHeader) {
  std::string text = ThreeSections("x");
  const size_t marker = text.find("\nEnd of LogType:taskmanager.log\n");
  text.erase(marker + 1, std::string("End of LogType:taskmanager.log\n").size());
  const Framed f = Frame(text, 9);
  const Stream& s = f.at(Key(kTm, "taskmanager.log"));
  EXPECT_EQ(s.bytes, "line 1\nline 2\n");  // the rule and blank lines go back to the envelope
  ASSERT_EQ(s.errors.size(), 1u);
  EXPECT_NE(s.errors[0].find("no end marker, framed by the next section header (14 bytes)"),
            std::string::npos)
      << s.errors[0];
  EXPECT_EQ(f.at(Key(kTm, "gc.log")).bytes, "gc\n");
  EXPECT_EQ(f.concatenated, text);
}

TEST(YarnFramer, TruncatedLastSectionKeepsWhatWasThere) {
  const std::string full = YarnOutput({{kTm, "b_1", "taskmanager.out", "out\n"},
                                       {kTm, "b_1", "taskmanager.log", "line 1\nline 2\nline 3\n"}});
  const std::string text = full.substr(0, full.find("line 3") + 3);  // cut mid-line
  for (size_t verify : {size_t{1} << 20, size_t{4}}) {
    YarnFramerOptions options;
    options.verify_bytes = verify;
    const Framed f = Frame(text, 5, options);
    const Stream& s = f.at(Key(kTm, "taskmanager.log"));
    EXPECT_EQ(s.bytes, "line 1\nline 2\nlin");
    ASSERT_EQ(s.errors.size(), 1u);
    EXPECT_NE(s.errors[0].find("byte " + std::to_string(full.find("LogLength:21")) + ": LogLength 21 of " +
                               Key(kTm, "taskmanager.log") + " exceeds the"),
              std::string::npos)
        << s.errors[0];
    EXPECT_EQ(f.at(Key(kTm, "taskmanager.out")).bytes, "out\n");
    EXPECT_EQ(f.concatenated, text);
  }
}

TEST(YarnFramer, TruncatedInsideAHeader) {
  const std::string full =
      YarnOutput({{kTm, "b_1", "taskmanager.out", "out\n"}, {kTm, "b_1", "taskmanager.log", "line 1\n"}});
  const std::string text = full.substr(0, full.find("LogContents:", full.find("taskmanager.log")));
  const Framed f = Frame(text, 6);
  EXPECT_EQ(f.order.size(), 2u);
  const Stream& envelope = f.at("#envelope");
  ASSERT_EQ(envelope.errors.size(), 1u);
  EXPECT_NE(envelope.errors[0].find("the input ends inside the header of " + Key(kTm, "taskmanager.log")),
            std::string::npos)
      << envelope.errors[0];
  EXPECT_EQ(f.concatenated, text);
}

TEST(YarnFramer, LinesOutsideSectionsAreCountedAndReported) {
  const std::string text = "2023-01-01 10:00:00,000 INFO client.RMProxy: Connecting to ResourceManager\n" +
                           YarnOutput({{kTm, "b_1", "taskmanager.log", "x\n"}});
  const Framed f = Frame(text);
  const Stream& envelope = f.at("#envelope");
  ASSERT_EQ(envelope.errors.size(), 1u);
  EXPECT_EQ(
      envelope.errors[0],
      "byte 0: 1 line outside any LogType section (counted, not scanned), first: \"2023-01-01 10:00:00,000 "
      "INFO client.RMProxy: Connecting to ResourceManager\"");
  EXPECT_EQ(f.at(Key(kTm, "taskmanager.log")).bytes, "x\n");
  EXPECT_EQ(f.concatenated, text);
}

TEST(YarnFramer, ReadErrorEndsTheCurrentSection) {
  const std::string full = YarnOutput({{kTm, "b_1", "taskmanager.log", std::string(100000, 'a') + "\n"}});
  for (size_t verify : {size_t{1} << 20, size_t{16}}) {
    YarnFramerOptions options;
    options.verify_bytes = verify;
    const Framed f = Frame(full.substr(0, 50000), 4096, options, 1 << 16, "gzip: unexpected end of stream");
    const Stream& s = f.at(Key(kTm, "taskmanager.log"));
    ASSERT_FALSE(s.errors.empty());
    EXPECT_NE(s.errors[0].find("byte 50000: gzip: unexpected end of stream"), std::string::npos)
        << s.errors[0];
    EXPECT_EQ(f.concatenated, full.substr(0, 50000));
  }
}

TEST(YarnFramer, GarbageAndEmptyInputsNeverCrash) {
  for (const std::string& text :
       {std::string(""), std::string("\n"), std::string("LogContents:\n"), std::string("Log Contents:"),
        std::string("LogType:x\nLogLength:3\nLogContents:\nab"),
        std::string("LogType:x\nLogLength:0\nLogContents:\n"),
        std::string("Container: c on h_1\n") + std::string(200000, 'z'),
        std::string("LogType:x\nLogContents:\n") + std::string(100, '\0') + "\nEnd of LogType:x",
        std::string("LogType:x\r\nLogLength:2\r\nLogContents:\r\nab\r\nEnd of LogType:x\r\n")}) {
    for (size_t slice : {1u, 1000u}) {
      const Framed f = Frame(text, slice);
      EXPECT_EQ(f.concatenated, text);
    }
  }
}

TEST(YarnFramer, RandomDamageNeverLosesOrReordersBytes) {
  const std::string sample = ReadFile(Fixture(kSample));
  std::mt19937 rng(20261128);
  const auto pick = [&](size_t n) { return std::uniform_int_distribution<size_t>(0, n)(rng); };
  for (int round = 0; round < 400; ++round) {
    std::string text = sample;
    for (int edit = 0, edits = 1 + static_cast<int>(pick(3)); edit < edits; ++edit) {
      const size_t at = pick(text.size());
      switch (pick(4)) {
        case 0:
          text.erase(at, pick(300));
          break;  // lose bytes
        case 1:
          text.insert(at, std::string(pick(40), static_cast<char>(pick(255))));
          break;
        case 2: {  // bend a LogLength
          const size_t length = text.find("LogLength:", at);
          if (length != std::string::npos) text.insert(length + 10, std::to_string(pick(9)));
          break;
        }
        case 3:
          text.insert(at, "\nEnd of LogType:stdout\n");
          break;  // a stray marker
        default:
          text.resize(at);
          break;  // truncate
      }
    }
    YarnFramerOptions options;
    options.verify_bytes = pick(1) ? 64 : 1 << 20;
    const Framed f = Frame(text, 1 + pick(5000), options, 1 + pick(70000));
    size_t total = 0;
    for (const auto& [key, stream] : f.streams) total += stream.bytes.size();
    ASSERT_EQ(f.concatenated, text) << "round " << round;
    ASSERT_EQ(total, text.size());
  }
}

}  // namespace
}  // namespace flinkscan

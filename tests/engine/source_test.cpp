#include "engine/source.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>

#include "tests/engine/test_files.h"

namespace flinkscan {
namespace {

using testing::TempDir;

const std::string kLine = "2022-05-27 16:13:00,463 INFO  a.B [] - hello\n";

std::string Base(const std::string& path) { return path.substr(path.rfind('/') + 1); }

TEST(DiscoverInputs, FlinkLogDirectoryIsClassifiedAndOrdered) {
  TempDir dir;
  dir.Write("flink-u-standalonesession-0-h.log", kLine);
  dir.Write("flink-u-standalonesession-0-h.log.1", kLine);
  dir.Write("flink-u-standalonesession-0-h.log.2", kLine);
  dir.Write("flink-u-taskexecutor-0-h.log", kLine);
  dir.Write("flink-u-taskexecutor-0-h.out", "some stdout line\n");
  dir.Write("flink-u-standalonesession-0-h.pid", "1234\n");
  dir.Write("notes.bin", std::string("\x01\x02\x03\x00\x05", 5));
  dir.Write("app-output.txt", kLine);  // unknown name, looks like a log
  const Discovery d = DiscoverInputs({dir.path()});
  std::vector<std::string> names;
  for (const InputFile& in : d.inputs) names.push_back(Base(in.path));
  const std::vector<std::string> expected = {"app-output.txt",
                                             "flink-u-standalonesession-0-h.log.2",
                                             "flink-u-standalonesession-0-h.log.1",
                                             "flink-u-standalonesession-0-h.log",
                                             "flink-u-taskexecutor-0-h.log",
                                             "flink-u-taskexecutor-0-h.out"};
  EXPECT_EQ(names, expected);
  EXPECT_EQ(d.inputs[1].kind, StreamKind::kJobManager);
  EXPECT_EQ(d.inputs[1].rotation, 2);
  EXPECT_EQ(d.inputs[4].kind, StreamKind::kTaskManager);
  EXPECT_EQ(d.inputs[5].kind, StreamKind::kStdout);
  EXPECT_EQ(d.inputs[0].kind, StreamKind::kUnknown);
  ASSERT_EQ(d.skipped.size(), 2u);
  std::vector<std::string> skipped;
  for (const SkippedInput& s : d.skipped) skipped.push_back(Base(s.path) + ": " + s.reason);
  std::sort(skipped.begin(), skipped.end());
  EXPECT_EQ(skipped[0], "flink-u-standalonesession-0-h.pid: not a log file (no log record in its first 4 KiB)");
  EXPECT_EQ(skipped[1], "notes.bin: binary file");
}

TEST(DiscoverInputs, StdinMissingAndExplicitFiles) {
  TempDir dir;
  const std::string f = dir.Write("whatever.dat", "not a log at all\n");
  const Discovery d = DiscoverInputs({"-", f, dir.path() + "/missing.log"});
  ASSERT_EQ(d.inputs.size(), 2u);
  EXPECT_TRUE(d.inputs[0].is_stdin);
  EXPECT_EQ(d.inputs[1].path, f);  // named explicitly: always scanned
  ASSERT_EQ(d.skipped.size(), 1u);
  EXPECT_NE(d.skipped[0].reason.find("No such file"), std::string::npos);
}

TEST(DiscoverInputs, SubdirectoriesAreWalkedAndSymlinkLoopsNotFollowed) {
  TempDir dir;
  dir.Write("a/jobmanager.log", kLine);
  dir.Write("b/taskmanager.log", kLine);
  std::filesystem::create_directory_symlink(dir.path(), dir.path() + "/a/loop");
  const Discovery d = DiscoverInputs({dir.path()});
  ASSERT_EQ(d.inputs.size(), 2u);
  EXPECT_EQ(d.inputs[0].kind, StreamKind::kJobManager);
  EXPECT_EQ(d.inputs[1].kind, StreamKind::kTaskManager);
  ASSERT_EQ(d.skipped.size(), 1u);
  EXPECT_NE(d.skipped[0].reason.find("not followed"), std::string::npos);
}

}  // namespace
}  // namespace flinkscan

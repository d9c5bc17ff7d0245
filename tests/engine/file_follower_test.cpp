#include "engine/file_follower.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>

#include "test_files.h"

namespace flinkscan {
namespace {

using testing::TempDir;

void Append(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary | std::ios::app) << text;
}

std::string Lines(int from, int count) {
  std::string out;
  for (int i = from; i < from + count; ++i) out += "2024-01-01 00:00:00,000 INFO  x - line " + std::to_string(i) + "\n";
  return out;
}

// Collects what the follower delivers, per file id, and which files ended.
struct Collected {
  std::map<uint64_t, std::string> text;
  std::map<uint64_t, std::string> path;
  std::vector<uint64_t> order;  // file ids in delivery order
  std::vector<uint64_t> ended;
  int restarts = 0;

  void PollOnce(FileFollower& follower) {
    follower.Poll(
        [&](const FollowedBytes& b) {
          EXPECT_EQ(b.lines.back(), '\n');
          text[b.file_id] += b.lines;
          path[b.file_id] = std::string(b.path);
          order.push_back(b.file_id);
          if (b.restarted) ++restarts;
        },
        [&](uint64_t id) { ended.push_back(id); });
  }
  size_t LineCount() const {
    size_t n = 0;
    for (const auto& [id, t] : text) n += static_cast<size_t>(std::count(t.begin(), t.end(), '\n'));
    return n;
  }
};

TEST(FileFollowerTest, ReadsExistingLinesThenOnlyWhatIsAppended) {
  TempDir dir;
  const std::string log = dir.Write("jobmanager.log", Lines(0, 3));
  FileFollower follower({dir.path()});
  Collected got;
  got.PollOnce(follower);
  EXPECT_EQ(got.LineCount(), 3u);
  got.PollOnce(follower);
  EXPECT_EQ(got.LineCount(), 3u);
  Append(log, Lines(3, 2));
  got.PollOnce(follower);
  EXPECT_EQ(got.LineCount(), 5u);
  EXPECT_EQ(got.text[0], Lines(0, 5));
}

TEST(FileFollowerTest, HoldsAPartialLastLineUntilItsNewline) {
  TempDir dir;
  const std::string log = dir.Write("taskmanager.log", Lines(0, 2) + "2024-01-01 00:00:01,000 ERROR half");
  FileFollower follower({dir.path()});
  Collected got;
  got.PollOnce(follower);
  EXPECT_EQ(got.LineCount(), 2u);
  EXPECT_EQ(follower.stats().lag_bytes, std::string("2024-01-01 00:00:01,000 ERROR half").size());
  Append(log, " of a line");
  got.PollOnce(follower);
  EXPECT_EQ(got.LineCount(), 2u);
  Append(log, "\n" + Lines(2, 1));
  got.PollOnce(follower);
  EXPECT_EQ(got.LineCount(), 4u);
  EXPECT_EQ(got.text[0], Lines(0, 2) + "2024-01-01 00:00:01,000 ERROR half of a line\n" + Lines(2, 1));
  EXPECT_EQ(follower.stats().lag_bytes, 0u);
}

TEST(FileFollowerTest, RotationFinishesTheOldInodeBeforeTheNewFile) {
  TempDir dir;
  const std::string log = dir.Write("jobmanager.log", Lines(0, 3));
  FileFollower follower({dir.path()});
  Collected got;
  got.PollOnce(follower);
  // The writer adds lines, then log4j renames the file and opens a new one.
  Append(log, Lines(3, 2) + "2024-01-01 00:00:05,000 INFO  x - unfinished");
  std::filesystem::rename(log, log + ".1");
  Append(log + ".1", " tail\n");
  dir.Write("jobmanager.log", Lines(100, 4));
  got.PollOnce(follower);
  got.PollOnce(follower);
  EXPECT_EQ(got.LineCount(), 3u + 2u + 1u + 4u);
  EXPECT_EQ(got.text[0], Lines(0, 5) + "2024-01-01 00:00:05,000 INFO  x - unfinished tail\n");
  EXPECT_EQ(got.text[1], Lines(100, 4));
  // The old inode's lines came first.
  EXPECT_EQ(got.order.front(), 0u);
  const size_t first_new = static_cast<size_t>(std::find(got.order.begin(), got.order.end(), 1u) - got.order.begin());
  for (size_t i = first_new; i < got.order.size(); ++i) EXPECT_EQ(got.order[i], 1u);
  EXPECT_EQ(follower.stats().rotations, 1u);
  // Later polls neither re-read the rotated file nor its new name.
  Append(log, Lines(104, 1));
  got.PollOnce(follower);
  got.PollOnce(follower);
  EXPECT_EQ(got.LineCount(), 11u);
}

TEST(FileFollowerTest, ACopyTruncateCopyIsNotReadTwice) {
  TempDir dir;
  const std::string log = dir.Write("taskmanager.log", Lines(0, 3));
  FileFollower follower({dir.path()});
  Collected got;
  got.PollOnce(follower);
  // logrotate copytruncate: a new .log.1 inode with the same lines, then truncation.
  dir.Write("taskmanager.log.1", Lines(0, 3));
  std::filesystem::resize_file(log, 0);
  Append(log, Lines(3, 1));
  got.PollOnce(follower);
  EXPECT_EQ(got.LineCount(), 4u);
  EXPECT_EQ(got.text.size(), 1u);
  EXPECT_EQ(follower.stats().truncations, 1u);
}

TEST(FileFollowerTest, TruncationRestartsAtZeroAndSaysSo) {
  TempDir dir;
  const std::string log = dir.Write("jobmanager.log", Lines(0, 5));
  FileFollower follower({log});
  Collected got;
  got.PollOnce(follower);
  std::filesystem::resize_file(log, 0);
  Append(log, Lines(50, 2));
  got.PollOnce(follower);
  EXPECT_EQ(got.LineCount(), 7u);
  EXPECT_EQ(got.restarts, 1);
  EXPECT_EQ(got.text[0], Lines(0, 5) + Lines(50, 2));
  const std::vector<FollowNotice> notices = follower.TakeNotices();
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_NE(notices[0].text.find("truncated from"), std::string::npos);
  EXPECT_NE(notices[0].text.find("reading again from the start"), std::string::npos);
}

TEST(FileFollowerTest, AFileAppearingLaterIsReadFromItsStart) {
  TempDir dir;
  FileFollower follower({dir.path()});
  Collected got;
  got.PollOnce(follower);
  EXPECT_EQ(got.LineCount(), 0u);
  const std::string log = dir.Write("flink-u-taskexecutor-0-host1.log", Lines(0, 6));
  dir.Write("notes.bin", std::string("\x00\x01", 2));  // not a log's name: ignored
  got.PollOnce(follower);
  EXPECT_EQ(got.LineCount(), 6u);
  EXPECT_EQ(got.path[0], log);
  EXPECT_EQ(follower.stats().files, 1u);
}

TEST(FileFollowerTest, ADeletedFileIsDrainedThenDropped) {
  TempDir dir;
  const std::string log = dir.Write("taskmanager.log", Lines(0, 2));
  FileFollower follower({dir.path()});
  Collected got;
  got.PollOnce(follower);
  Append(log, Lines(2, 3) + "2024-01-01 00:00:09,000 INFO  x - last words");
  std::filesystem::remove(log);
  got.PollOnce(follower);
  got.PollOnce(follower);
  // Every appended line once, and the unfinished one because its writer is gone.
  EXPECT_EQ(got.LineCount(), 6u);
  ASSERT_EQ(got.ended.size(), 1u);
  EXPECT_EQ(follower.stats().deletions, 1u);
  EXPECT_EQ(follower.stats().files, 0u);
  got.PollOnce(follower);
  EXPECT_EQ(got.LineCount(), 6u);
}

TEST(FileFollowerTest, RotatedFilesPresentAtStartComeOldestFirst) {
  TempDir dir;
  dir.Write("jobmanager.log.2", Lines(0, 1));
  dir.Write("jobmanager.log", Lines(2, 1));
  dir.Write("jobmanager.log.1", Lines(1, 1));
  FileFollower follower({dir.path()});
  Collected got;
  got.PollOnce(follower);
  ASSERT_EQ(got.order.size(), 3u);
  EXPECT_EQ(got.text[got.order[0]], Lines(0, 1));
  EXPECT_EQ(got.text[got.order[1]], Lines(1, 1));
  EXPECT_EQ(got.text[got.order[2]], Lines(2, 1));
}

}  // namespace
}  // namespace flinkscan

#pragma once
// Follows log files the way `tail -F` does, by polling: files and the log
// files in watched directories are tracked by identity (device, inode), so a
// rotation that renames jobmanager.log to jobmanager.log.1 finishes the old
// inode (through the descriptor kept open) before the new jobmanager.log is
// read from its start. A file that shrinks was truncated: it is read again
// from byte 0 and a notice says so. A deleted file is drained and dropped.
// Only complete lines are delivered; a partial last line is held until its
// newline arrives (or the file is gone), so no line is lost or delivered
// twice.
//
// A rotated name (.log.N) that appears with a NEW inode after the first poll
// is a copy of lines already read (logrotate copytruncate) and is skipped;
// a rename keeps the inode, so renamed files are followed, not re-read.
//
// Thread-safety: not thread-safe; one thread polls.

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/stream_kind.h"

namespace flinkscan {

struct FollowerOptions {
  size_t read_block_bytes = 2u << 20;     // bytes read per delivery (memory per file in flight)
  size_t max_partial_line_bytes = 1u << 20;  // a longer line without newline is delivered as it is
  bool start_at_end = false;               // files present at the first poll: skip what they hold
};

// One batch of complete lines from one file.
struct FollowedBytes {
  uint64_t file_id = 0;       // stable for the inode's lifetime, in order of discovery
  std::string_view path;      // the name the file had when it was first seen
  StreamKind kind = StreamKind::kUnknown;
  std::string_view lines;     // complete lines, each ending in '\n' (except a final flush, see `final`)
  bool first = false;         // the first batch of this file
  bool restarted = false;     // the file was truncated: these lines come from byte 0 again
};

// Something an operator should know about a followed file.
struct FollowNotice {
  uint64_t file_id = 0;
  std::string path;
  std::string text;           // "truncated from N to M bytes; reading again from the start", …
};

struct FollowerStats {
  uint64_t files = 0;         // followed now
  uint64_t lag_bytes = 0;     // on disk beyond what was delivered (partial lines included)
  uint64_t rotations = 0;     // followed files renamed to another name
  uint64_t truncations = 0;
  uint64_t deletions = 0;
  uint64_t delivered_bytes = 0;
};

class FileFollower {
 public:
  FileFollower(std::vector<std::string> paths, FollowerOptions options = {});
  ~FileFollower();
  FileFollower(const FileFollower&) = delete;
  FileFollower& operator=(const FileFollower&) = delete;

  // One poll: every followed file's new complete lines, old inodes before
  // the files that replaced them; `ended(file_id)` when a file is gone for
  // good (deleted or rotated out of the watched names) after its last lines.
  void Poll(const std::function<void(const FollowedBytes&)>& deliver,
            const std::function<void(uint64_t file_id)>& ended);

  // Notices since the last call.
  std::vector<FollowNotice> TakeNotices();
  const FollowerStats& stats() const { return stats_; }

 private:
  struct Tracked {
    uint64_t id = 0;
    int fd = -1;
    dev_t dev = 0;
    ino_t ino = 0;
    std::string first_path;
    std::string current_path;
    StreamKind kind = StreamKind::kUnknown;
    uint64_t offset = 0;      // bytes read from the file
    std::string partial;      // read but not delivered: the line without its newline yet
    bool delivered_any = false;
    bool restart_pending = false;
    int missing_polls = 0;    // polls since no watched name leads to this inode
  };
  struct Candidate {
    std::string path;
    StreamKind kind = StreamKind::kUnknown;
    int rotation = 0;
    dev_t dev = 0;
    ino_t ino = 0;
  };

  std::vector<Candidate> ListCandidates() const;
  void Drain(Tracked& file, const std::function<void(const FollowedBytes&)>& deliver, bool final);
  void Deliver(Tracked& file, std::string_view lines, const std::function<void(const FollowedBytes&)>& deliver);

  std::vector<std::string> paths_;
  FollowerOptions options_;
  std::vector<Tracked> files_;   // in discovery order
  uint64_t next_id_ = 0;
  bool first_poll_ = true;
  std::vector<char> block_;
  std::vector<FollowNotice> notices_;
  FollowerStats stats_;
};

}  // namespace flinkscan

#include "engine/file_follower.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <set>

namespace flinkscan {
namespace {

namespace fs = std::filesystem;

// Compressed rotations are finished files written by another tool; their
// lines were read while they were plain.
bool IsCompressedName(std::string_view name) {
  for (std::string_view suffix : {".gz", ".zst", ".bz2", ".xz", ".zip"}) {
    if (name.size() >= suffix.size() && name.substr(name.size() - suffix.size()) == suffix) return true;
  }
  return false;
}

// Polls that an inode no watched name leads to is still drained: a writer
// may flush its last lines to the old inode just after the rename.
constexpr int kGracePolls = 2;

}  // namespace

FileFollower::FileFollower(std::vector<std::string> paths, FollowerOptions options)
    : paths_(std::move(paths)), options_(options) {}

FileFollower::~FileFollower() {
  for (Tracked& file : files_) {
    if (file.fd >= 0) ::close(file.fd);
  }
}

std::vector<FileFollower::Candidate> FileFollower::ListCandidates() const {
  std::vector<Candidate> out;
  std::set<std::pair<dev_t, ino_t>> seen;
  auto add = [&](const std::string& path, bool named_explicitly) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return;
    const std::string name = fs::path(path).filename().string();
    const FileNameClass cls = ClassifyFileName(name);
    if (!named_explicitly && (!cls.looks_like_log || IsCompressedName(name))) return;
    if (!seen.insert({st.st_dev, st.st_ino}).second) return;
    out.push_back({path, cls.kind, cls.rotation, st.st_dev, st.st_ino});
  };
  for (const std::string& path : paths_) {
    std::error_code ec;
    if (!fs::is_directory(path, ec)) {
      add(path, true);
      continue;
    }
    const size_t first = out.size();
    for (fs::recursive_directory_iterator it(path, fs::directory_options::skip_permission_denied, ec), end;
         !ec && it != end; it.increment(ec)) {
      if (it->is_regular_file(ec)) add(it->path().string(), false);
    }
    // Oldest first: .log.2, .log.1, .log, so a daemon's lines arrive in time order.
    std::sort(out.begin() + static_cast<long>(first), out.end(), [](const Candidate& a, const Candidate& b) {
      const std::string base_a = fs::path(a.path).parent_path().string() + "/" +
                                 std::string(ClassifyFileName(fs::path(a.path).filename().string()).base);
      const std::string base_b = fs::path(b.path).parent_path().string() + "/" +
                                 std::string(ClassifyFileName(fs::path(b.path).filename().string()).base);
      if (base_a != base_b) return base_a < base_b;
      return a.rotation > b.rotation;
    });
  }
  return out;
}

void FileFollower::Deliver(Tracked& file, std::string_view lines,
                           const std::function<void(const FollowedBytes&)>& deliver) {
  if (lines.empty()) return;
  FollowedBytes batch;
  batch.file_id = file.id;
  batch.path = file.first_path;
  batch.kind = file.kind;
  batch.lines = lines;
  batch.first = !file.delivered_any;
  batch.restarted = file.restart_pending;
  file.delivered_any = true;
  file.restart_pending = false;
  stats_.delivered_bytes += lines.size();
  deliver(batch);
}

void FileFollower::Drain(Tracked& file, const std::function<void(const FollowedBytes&)>& deliver, bool final) {
  struct stat st {};
  if (::fstat(file.fd, &st) != 0) return;
  const auto size = static_cast<uint64_t>(st.st_size);
  if (size < file.offset) {
    ++stats_.truncations;
    std::string text = "truncated from " + std::to_string(file.offset) + " to " + std::to_string(size) +
                       " bytes; reading again from the start";
    if (!file.partial.empty()) {
      text += " (an unfinished line of " + std::to_string(file.partial.size()) + " bytes was dropped)";
    }
    notices_.push_back({file.id, file.current_path, std::move(text)});
    file.offset = 0;
    file.partial.clear();
    file.restart_pending = true;
  }
  if (block_.size() < options_.read_block_bytes) block_.resize(options_.read_block_bytes);
  while (file.offset < size) {
    const size_t want = static_cast<size_t>(std::min<uint64_t>(block_.size(), size - file.offset));
    const ssize_t n = ::pread(file.fd, block_.data(), want, static_cast<off_t>(file.offset));
    if (n <= 0) break;
    file.offset += static_cast<uint64_t>(n);
    const std::string_view got(block_.data(), static_cast<size_t>(n));
    if (file.partial.empty()) {
      const size_t nl = got.rfind('\n');
      if (nl == std::string_view::npos) {
        file.partial.assign(got);
      } else {
        Deliver(file, got.substr(0, nl + 1), deliver);
        file.partial.assign(got.substr(nl + 1));
      }
    } else {
      file.partial.append(got);
      const size_t nl = file.partial.rfind('\n');
      if (nl != std::string::npos) {
        Deliver(file, std::string_view(file.partial).substr(0, nl + 1), deliver);
        file.partial.erase(0, nl + 1);
      }
    }
    if (file.partial.size() > options_.max_partial_line_bytes) {
      notices_.push_back({file.id, file.current_path,
                          "a line longer than " + std::to_string(options_.max_partial_line_bytes) +
                              " bytes was cut at byte " + std::to_string(file.offset)});
      file.partial += '\n';
      Deliver(file, file.partial, deliver);
      file.partial.clear();
    }
  }
  if (final && !file.partial.empty()) {
    // The writer is gone: the unfinished last line will never get its newline.
    file.partial += '\n';
    Deliver(file, file.partial, deliver);
    file.partial.clear();
  }
}

void FileFollower::Poll(const std::function<void(const FollowedBytes&)>& deliver,
                        const std::function<void(uint64_t file_id)>& ended) {
  const std::vector<Candidate> candidates = ListCandidates();
  std::map<std::pair<dev_t, ino_t>, const Candidate*> by_identity;
  for (const Candidate& c : candidates) by_identity[{c.dev, c.ino}] = &c;

  std::vector<Tracked> kept;
  kept.reserve(files_.size());
  for (Tracked& file : files_) {
    const auto found = by_identity.find({file.dev, file.ino});
    if (found != by_identity.end()) {
      if (found->second->path != file.current_path) {
        ++stats_.rotations;
        notices_.push_back({file.id, file.current_path, "rotated to " + found->second->path});
        file.current_path = found->second->path;
      }
      file.missing_polls = 0;
      Drain(file, deliver, false);
      kept.push_back(std::move(file));
      continue;
    }
    ++file.missing_polls;
    struct stat st {};
    const bool deleted = ::fstat(file.fd, &st) == 0 && st.st_nlink == 0;
    const bool gone = file.missing_polls >= kGracePolls;
    Drain(file, deliver, gone);
    if (!gone) {
      kept.push_back(std::move(file));
      continue;
    }
    if (deleted) ++stats_.deletions;
    notices_.push_back({file.id, file.current_path,
                        deleted ? "deleted; its last lines were read" : "no longer under a followed name; finished"});
    ::close(file.fd);
    file.fd = -1;
    ended(file.id);
  }
  files_ = std::move(kept);

  std::set<std::pair<dev_t, ino_t>> tracked;
  for (const Tracked& file : files_) tracked.insert({file.dev, file.ino});
  for (const Candidate& c : candidates) {
    if (tracked.count({c.dev, c.ino})) continue;
    if (!first_poll_ && c.rotation > 0) continue;  // a copy (copytruncate), see the header
    const int fd = ::open(c.path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) continue;
    struct stat st {};
    if (::fstat(fd, &st) != 0 || st.st_dev != c.dev || st.st_ino != c.ino) {
      ::close(fd);  // replaced between the listing and the open: next poll sees the new one
      continue;
    }
    Tracked file;
    file.id = next_id_++;
    file.fd = fd;
    file.dev = c.dev;
    file.ino = c.ino;
    file.first_path = c.path;
    file.current_path = c.path;
    file.kind = c.kind;
    if (first_poll_ && options_.start_at_end) file.offset = static_cast<uint64_t>(st.st_size);
    if (!first_poll_) notices_.push_back({file.id, c.path, "new file; reading from the start"});
    files_.push_back(std::move(file));
    Drain(files_.back(), deliver, false);
  }
  first_poll_ = false;

  stats_.files = files_.size();
  stats_.lag_bytes = 0;
  for (const Tracked& file : files_) {
    struct stat st {};
    if (::fstat(file.fd, &st) != 0) continue;
    const auto size = static_cast<uint64_t>(st.st_size);
    stats_.lag_bytes += (size > file.offset ? size - file.offset : 0) + file.partial.size();
  }
}

std::vector<FollowNotice> FileFollower::TakeNotices() {
  std::vector<FollowNotice> out;
  out.swap(notices_);
  return out;
}

}  // namespace flinkscan

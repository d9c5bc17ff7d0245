#pragma once
// A plain regular file read through memory maps instead of read() copies
// (docs/performance.md: the copy cost 11 % of all CPU on a healthy log).
// The file is mapped in windows, never whole: a window is unmapped as soon as
// nothing refers to it any more (the chunk reader and the chunks in flight hold
// shared references), so resident memory stays bounded whatever the file's size.
//
// Files shrink: a truncated or copytruncate-rotated log loses its pages under
// the mapping. Every window is guarded (engine/sigbus_guard.h): a SIGBUS inside
// it turns the rest of the window into zero pages and is remembered, and
// ContentEnd() says up to where the bytes are still the file's (the smaller of
// the healed address and the file's current size), so the zeros are never taken
// for log content. The size is checked with fstat before each window is mapped.
// What this leaves open: a truncation that lands after the pipeline's last
// check of a chunk (engine/chunk_reader.h StopAtShrink) and before the
// aggregator has copied that chunk's event texts puts zeros into those texts
// (never a crash, and the counts stay those of the file's real bytes).

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>

#include "base/status.h"

namespace flinkscan {

// The open file a window maps; shared by its windows so it outlives them all.
class MappedFileHandle {
 public:
  explicit MappedFileHandle(int fd) : fd_(fd) {}
  ~MappedFileHandle();
  MappedFileHandle(const MappedFileHandle&) = delete;
  MappedFileHandle& operator=(const MappedFileHandle&) = delete;

  int fd() const { return fd_; }
  // The file's size now, or `fallback` when fstat fails.
  uint64_t CurrentSize(uint64_t fallback) const;
  // Where the file's content stopped for this scan (it shrank), or UINT64_MAX.
  uint64_t stopped_at() const { return stopped_at_.load(std::memory_order_acquire); }
  void StopAt(uint64_t offset);
  // True for the first caller only: the shrink is reported once per file.
  bool ClaimShrinkReport() { return !shrink_reported_.exchange(true, std::memory_order_acq_rel); }

 private:
  int fd_;
  std::atomic<uint64_t> stopped_at_{UINT64_MAX};
  std::atomic<bool> shrink_reported_{false};
};

// One mapping of [begin, end) of the file (begin page-aligned).
class MappedWindow {
 public:
  MappedWindow(std::shared_ptr<MappedFileHandle> file, const char* base, size_t mapped_length, uint64_t begin,
               uint64_t end, int guard_slot);
  ~MappedWindow();
  MappedWindow(const MappedWindow&) = delete;
  MappedWindow& operator=(const MappedWindow&) = delete;

  uint64_t begin() const { return begin_; }
  uint64_t end() const { return end_; }
  bool Holds(uint64_t from, uint64_t to) const { return from >= begin_ && to <= end_; }
  const char* At(uint64_t offset) const { return base_ + (offset - begin_); }
  MappedFileHandle& file() const { return *file_; }
  // The first file offset a SIGBUS replaced by zeros, or UINT64_MAX.
  uint64_t LostFrom() const;
  // Up to where [.., wanted_end) is still the file's content: wanted_end when
  // nothing was lost, else the smallest of the healed offset, the file's
  // current size and where the scan already stopped. One fstat.
  uint64_t ContentEnd(uint64_t wanted_end) const;

 private:
  std::shared_ptr<MappedFileHandle> file_;
  const char* base_;
  size_t mapped_length_;
  uint64_t begin_;
  uint64_t end_;
  int guard_slot_;
};

class MappedFile {
 public:
  // Takes `fd` (closed by the last window or by the MappedFile). Null, and
  // `fd` closed, when it is not a non-empty regular file that can be mapped:
  // the caller then reads it with read().
  static std::unique_ptr<MappedFile> Adopt(int fd);

  // The size fstat reported when the last window was mapped.
  uint64_t size() const { return size_; }
  const std::shared_ptr<MappedFileHandle>& handle() const { return file_; }

  // A window holding [begin, end) or as much of it as the file still has
  // (fstat first: size() is updated, and a window never reaches past it).
  // At least `window_bytes` long when the file is. Null window when nothing
  // of the range is left.
  Result<std::shared_ptr<MappedWindow>> Map(uint64_t begin, uint64_t end, size_t window_bytes);

  // Bytes of files mapped right now in this process (all windows alive).
  static uint64_t BytesMappedNow();

 private:
  MappedFile(std::shared_ptr<MappedFileHandle> file, uint64_t size) : file_(std::move(file)), size_(size) {}

  std::shared_ptr<MappedFileHandle> file_;
  uint64_t size_;
};

}  // namespace flinkscan

#include "engine/mapped_file.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <sys/mman.h>
#include <sys/stat.h>

#include "engine/sigbus_guard.h"

namespace flinkscan {
namespace {

std::atomic<uint64_t> g_bytes_mapped{0};

uint64_t PageSize() {
  static const uint64_t page = static_cast<uint64_t>(::sysconf(_SC_PAGESIZE));
  return page;
}

}  // namespace

MappedFileHandle::~MappedFileHandle() { ::close(fd_); }

uint64_t MappedFileHandle::CurrentSize(uint64_t fallback) const {
  struct stat st {};
  if (::fstat(fd_, &st) != 0) return fallback;
  return static_cast<uint64_t>(st.st_size);
}

void MappedFileHandle::StopAt(uint64_t offset) {
  uint64_t current = stopped_at_.load(std::memory_order_relaxed);
  while (offset < current && !stopped_at_.compare_exchange_weak(current, offset, std::memory_order_acq_rel)) {
  }
}

MappedWindow::MappedWindow(std::shared_ptr<MappedFileHandle> file, const char* base, size_t mapped_length,
                           uint64_t begin, uint64_t end, int guard_slot)
    : file_(std::move(file)),
      base_(base),
      mapped_length_(mapped_length),
      begin_(begin),
      end_(end),
      guard_slot_(guard_slot) {
  g_bytes_mapped.fetch_add(mapped_length_, std::memory_order_relaxed);
}

MappedWindow::~MappedWindow() {
  UnguardMappedRange(guard_slot_);
  ::munmap(const_cast<char*>(base_), mapped_length_);
  g_bytes_mapped.fetch_sub(mapped_length_, std::memory_order_relaxed);
}

uint64_t MappedWindow::LostFrom() const {
  const uintptr_t lost = flinkscan::LostFrom(guard_slot_);
  if (lost == 0) return UINT64_MAX;
  return begin_ + (lost - reinterpret_cast<uintptr_t>(base_));
}

uint64_t MappedWindow::ContentEnd(uint64_t wanted_end) const {
  uint64_t end = std::min({wanted_end, LostFrom(), file_->stopped_at()});
  // The tail of the file's last page reads as zeros after a truncation without any SIGBUS: only the size
  // tells.
  return std::min(end, file_->CurrentSize(end));
}

std::unique_ptr<MappedFile> MappedFile::Adopt(int fd) {
  struct stat st {};
  if (fd < 0) return nullptr;
  // /proc and similar report regular files of size 0 that have content: read() them.
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0) {
    ::close(fd);
    return nullptr;
  }
  // Some file systems cannot map: find out now, while read() can still take over.
  void* probe = ::mmap(nullptr, PageSize(), PROT_READ, MAP_PRIVATE, fd, 0);
  if (probe == MAP_FAILED) {
    ::close(fd);
    return nullptr;
  }
  ::munmap(probe, PageSize());
  return std::unique_ptr<MappedFile>(
      new MappedFile(std::make_shared<MappedFileHandle>(fd), static_cast<uint64_t>(st.st_size)));
}

Result<std::shared_ptr<MappedWindow>> MappedFile::Map(uint64_t begin, uint64_t end, size_t window_bytes) {
  size_ = file_->CurrentSize(size_);
  const uint64_t first = begin - begin % PageSize();
  const uint64_t last = std::min(size_, std::max(end, first + window_bytes));
  if (last <= begin) return std::shared_ptr<MappedWindow>();
  const size_t length = static_cast<size_t>(last - first);
  void* base = ::mmap(nullptr, length, PROT_READ, MAP_PRIVATE, file_->fd(), static_cast<off_t>(first));
  if (base == MAP_FAILED) {
    return Status::Error("byte " + std::to_string(begin) + ": mmap failed: " + std::strerror(errno));
  }
  // The kernel's length: whole pages, the ones a SIGBUS can hit.
  const size_t mapped_length = static_cast<size_t>((length + PageSize() - 1) / PageSize() * PageSize());
  const int slot = GuardMappedRange(base, mapped_length);
  if (slot < 0) {
    ::munmap(base, length);
    return Status::Error("byte " + std::to_string(begin) + ": too many file mappings in this process");
  }
  // Read once, front to back: more readahead when the file is not cached yet. (MADV_WILLNEED and
  // MAP_POPULATE measured no better on cached files: docs/performance.md.)
  ::madvise(base, length, MADV_SEQUENTIAL);
  return std::make_shared<MappedWindow>(file_, static_cast<const char*>(base), mapped_length, first, last,
                                        slot);
}

uint64_t MappedFile::BytesMappedNow() { return g_bytes_mapped.load(std::memory_order_relaxed); }

}  // namespace flinkscan

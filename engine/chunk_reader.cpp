#include "engine/chunk_reader.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "parsers/record_header.h"

namespace flinkscan {

ChunkReader::ChunkReader(const std::vector<InputFile>& inputs, ChunkReaderOptions options)
    : inputs_(inputs), options_(options), results_(inputs.size()) {}

ChunkReader::~ChunkReader() { CloseCurrent(); }

void ChunkReader::CloseCurrent() {
  if (fd_ > 0) ::close(fd_);  // never close stdin (fd 0)
  fd_ = -1;
  have_stream_ = false;
}

bool ChunkReader::OpenNext() {
  while (next_input_ < inputs_.size()) {
    const size_t index = next_input_++;
    const InputFile& input = inputs_[index];
    int fd = input.is_stdin ? 0 : ::open(input.path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      results_[index].error = std::string("cannot open: ") + std::strerror(errno);
      continue;
    }
    results_[index].opened = true;
    fd_ = fd;
    stream_ = static_cast<uint32_t>(index);
    eof_ = false;
    have_stream_ = true;
    stream_started_ = false;
    seen_record_ = false;
    stream_offset_ = 0;
    carry_size_ = 0;
    return true;
  }
  return false;
}

void ChunkReader::Fill(std::vector<char>& buf, size_t& size, size_t want) {
  if (buf.size() < want) buf.resize(want);
  while (!eof_ && size < want) {
    const ssize_t n = ::read(fd_, buf.data() + size, want - size);
    if (n > 0) {
      size += static_cast<size_t>(n);
      results_[stream_].bytes += static_cast<uint64_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      results_[stream_].error = "byte " + std::to_string(results_[stream_].bytes) + ": read failed: " +
                                std::strerror(errno);
    }
    eof_ = true;
  }
}

size_t ChunkReader::FindCut(const char* data, size_t size, bool at_eof, bool starts_with_record,
                            size_t max_record_bytes) {
  if (at_eof) return size;
  const char* end = data + size;
  // Last record start after position 0, searching backwards line by line.
  size_t scan_end = size;
  while (scan_end > 0) {
    const void* nl = memrchr(data, '\n', scan_end);
    if (!nl) break;
    const size_t line_start = static_cast<size_t>(static_cast<const char*>(nl) - data) + 1;
    if (line_start < size && StartsRecord(data + line_start, end)) return line_start;
    scan_end = line_start - 1;
  }
  // No record starts here. Orphan lines (before the stream's first record)
  // may be cut at any line; a record continues into the next read unless it
  // has grown past the cap.
  if (!starts_with_record || size >= max_record_bytes) {
    // Prefer a line that does not continue an indented block, so that the
    // scanner's header-less pseudo-records are never split either.
    scan_end = size;
    while (scan_end > 0) {
      const void* nl = memrchr(data, '\n', scan_end);
      if (!nl) break;
      const size_t line_start = static_cast<size_t>(static_cast<const char*>(nl) - data) + 1;
      if (line_start < size && data[line_start] != ' ' && data[line_start] != '\t') return line_start;
      scan_end = line_start - 1;
    }
    const void* nl = memrchr(data, '\n', size);
    if (nl && (size >= max_record_bytes || static_cast<const char*>(nl) + 1 < end)) {
      return static_cast<size_t>(static_cast<const char*>(nl) - data) + 1;
    }
    if (size >= max_record_bytes) return size;  // one line longer than the cap
  }
  return 0;
}

bool ChunkReader::Next(Chunk& chunk) {
  for (;;) {
    if (!have_stream_ && !OpenNext()) return false;

    std::vector<char>& buf = chunk.buffer;
    const size_t target = options_.target_chunk_bytes;
    if (buf.size() < std::max(target, carry_size_)) buf.resize(std::max(target, carry_size_));
    if (carry_size_ > 0) std::memcpy(buf.data(), carry_.data(), carry_size_);
    size_t size = carry_size_;
    carry_size_ = 0;
    Fill(buf, size, std::max(target, size));

    if (size == 0 && eof_ && stream_started_) {
      CloseCurrent();
      continue;
    }

    const bool starts_with_record = size > 0 && StartsRecord(buf.data(), buf.data() + size);
    size_t cut = 0;
    for (;;) {
      cut = FindCut(buf.data(), size, eof_, starts_with_record, options_.max_record_bytes);
      if (cut > 0 || (eof_ && size == 0)) break;
      Fill(buf, size, std::min(std::max(size * 2, target), options_.max_record_bytes + target));
    }

    chunk.ResetResults();
    chunk.stream = stream_;
    chunk.stream_offset = stream_offset_;
    chunk.sequence = sequence_++;
    chunk.first_in_stream = !stream_started_;
    chunk.starts_in_orphan_region = !seen_record_ && !starts_with_record;
    chunk.split_inside_record = false;
    chunk.size = cut;
    chunk.read_error.clear();

    const size_t rest = size - cut;
    if (rest > 0) {
      if (carry_.size() < rest) carry_.resize(std::max(rest, target));
      std::memcpy(carry_.data(), buf.data() + cut, rest);
      carry_size_ = rest;
      chunk.split_inside_record = starts_with_record && !StartsRecord(buf.data() + cut, buf.data() + size) &&
                                  cut >= options_.max_record_bytes;
    }
    if (starts_with_record || (rest > 0 && StartsRecord(buf.data() + cut, buf.data() + size))) {
      seen_record_ = true;
    }
    stream_started_ = true;
    stream_offset_ += cut;
    chunk.last_in_stream = eof_ && carry_size_ == 0;
    if (chunk.last_in_stream) {
      chunk.read_error = results_[stream_].error;
      CloseCurrent();
    }
    return true;
  }
}

}  // namespace flinkscan

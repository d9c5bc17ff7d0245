#include "engine/chunk_reader.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>

#include "engine/input_opener.h"
#include "parsers/record_header.h"

namespace flinkscan {

namespace {

// The report and stderr put the file's path in front ("path: byte N: …").
std::string ShrinkMessage(uint64_t content_end) {
  return "byte " + std::to_string(content_end) + ": file shrank to " + std::to_string(content_end) +
         " bytes while being read (truncated, e.g. rotated by copytruncate); the scan of it stops there";
}

// Ends the file at `content_end`. Whoever does so first (the reader or the
// pipeline's last stage) gets the file's one message; the others get "".
std::string StopFileAt(MappedFileHandle& file, uint64_t content_end) {
  file.StopAt(content_end);
  return file.ClaimShrinkReport() ? ShrinkMessage(content_end) : "";
}

}  // namespace

ChunkReader::ChunkReader(const std::vector<InputFile>& inputs, ChunkReaderOptions options)
    : inputs_(inputs), options_(options) {
  if (MapsDisabledByEnvironment()) options_.map_files = false;
}

bool ChunkReader::MapsDisabledByEnvironment() {
  const char* value = std::getenv("FLINKSCAN_READ_FILES");
  return value != nullptr && std::strcmp(value, "copy") == 0;
}

ChunkReader::~ChunkReader() = default;

bool ChunkReader::OpenNextInput(Chunk& error_chunk, bool& emitted_error) {
  emitted_error = false;
  if (next_input_ >= inputs_.size()) return false;
  InputFile input = inputs_[next_input_++];
  input.max_decoded_bytes = options_.max_decoded_bytes;
  input.decode_ahead = options_.decode_ahead;
  stream_ids_.clear();
  Result<OpenedInput> framer = OpenInputForChunking(input, options_.map_files);
  if (!framer.ok()) {
    // Still a stream of the report: an input that could not be read.
    error_chunk.ResetResults();
    error_chunk.stream = next_stream_id_++;
    error_chunk.stream_info = StreamInfo{};
    error_chunk.stream_info.path = input.path;
    error_chunk.stream_info.kind = input.kind;
    error_chunk.stream_offset = 0;
    error_chunk.sequence = sequence_++;
    error_chunk.first_in_stream = true;
    error_chunk.last_in_segment = true;
    error_chunk.starts_in_orphan_region = true;
    error_chunk.split_inside_record = false;
    error_chunk.count_only = true;
    error_chunk.free_text = false;
    error_chunk.open_failed = true;
    error_chunk.read_error = framer.message();
    error_chunk.size = 0;
    error_chunk.ReleaseView();
    error_chunk.filtered_bytes = 0;
    emitted_error = true;
    return true;
  }
  framer_ = std::move(framer.value().framer);
  mapped_ = std::move(framer.value().mapped);
  window_.reset();
  return true;
}

void ChunkReader::Fill(std::vector<char>& buf, size_t& size, size_t want) {
  if (buf.size() < want) buf.resize(want);
  while (!eof_ && size < want) {
    const size_t n = framer_->Read(buf.data() + size, want - size);
    if (n == 0) {
      eof_ = true;
      const std::string error = framer_->TakeError();
      if (!error.empty()) error_ = error;
      break;
    }
    size += n;
  }
}

void ChunkReader::AppendError(const std::string& error) {
  if (!error.empty()) error_ = error_.empty() ? error : error_ + "; " + error;
}

void ChunkReader::ReportShrink(uint64_t content_end) { AppendError(StopFileAt(*mapped_->handle(), content_end)); }

uint64_t ChunkReader::HoldMapped(uint64_t offset, uint64_t end) {
  const uint64_t known_size = mapped_->size();
  const uint64_t wanted = std::min(end, known_size);
  if (window_ && window_->Holds(offset, wanted)) return wanted;
  window_.reset();  // unmapped now unless a chunk in flight still holds it
  Result<std::shared_ptr<MappedWindow>> window = mapped_->Map(offset, end, options_.map_window_bytes);
  if (!window.ok()) {
    AppendError(window.message());
    return offset;
  }
  window_ = std::move(window.value());
  // Shrank since the last look: the input ends at its new size (sooner if bytes already read are gone).
  if (mapped_->size() < known_size) ReportShrink(mapped_->size());
  return window_ ? std::min(end, window_->end()) : offset;
}

const char* ChunkReader::FillMapped(uint64_t offset, size_t& size, size_t want) {
  if (!eof_ && size < want) {
    // As read() would: fill up to `want`; the end of input shows only when a read comes back empty.
    const uint64_t want_end = offset + want;
    mapped_read_end_ = HoldMapped(offset, want_end);
    if (mapped_read_end_ < want_end) {
      eof_ = true;
      AppendError(framer_->TakeError());
    }
    size = static_cast<size_t>(mapped_read_end_ - offset);
  } else if (size > 0) {
    const uint64_t held_end = HoldMapped(offset, offset + size);
    if (held_end < offset + size) {  // the file lost bytes already counted as read (or mmap failed)
      eof_ = true;
      mapped_read_end_ = held_end;
      size = static_cast<size_t>(held_end - offset);
    }
  }
  return size > 0 ? window_->At(offset) : nullptr;
}

bool ChunkReader::CheckShrink(uint64_t offset, size_t& size) {
  if (!window_ || size == 0) return false;
  const uint64_t end = offset + size;
  const MappedFileHandle& file = *mapped_->handle();
  uint64_t content_end = std::min({end, window_->LostFrom(), file.stopped_at()});
  if (content_end == end) return false;
  content_end = std::min(content_end, file.CurrentSize(content_end));
  ReportShrink(content_end);
  eof_ = true;
  size = content_end > offset ? static_cast<size_t>(content_end - offset) : 0;
  mapped_read_end_ = offset + size;
  return true;
}

bool ChunkReader::StopAtShrink(Chunk& chunk) {
  if (!chunk.view_window || chunk.size == 0) return false;
  const MappedWindow& window = *chunk.view_window;
  const uint64_t end = chunk.stream_offset + chunk.size;
  const uint64_t content_end = window.ContentEnd(end);
  if (content_end >= end) return false;
  chunk.size = content_end > chunk.stream_offset ? static_cast<size_t>(content_end - chunk.stream_offset) : 0;
  const std::string message = StopFileAt(window.file(), content_end);
  if (!message.empty()) chunk.read_error = chunk.read_error.empty() ? message : message + "; " + chunk.read_error;
  return true;
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
    // Only at the cap is an indented block cut inside: otherwise the scanner's
    // grouping would depend on the chunk size (found by fuzz_differential).
    const void* nl = memrchr(data, '\n', size);
    if (nl && size >= max_record_bytes) return static_cast<size_t>(static_cast<const char*>(nl) - data) + 1;
    if (size >= max_record_bytes) return size;  // one line longer than the cap
  }
  return 0;
}

bool ChunkReader::Next(Chunk& chunk) {
  for (;;) {
    if (!framer_) {
      bool emitted_error = false;
      if (!OpenNextInput(chunk, emitted_error)) return false;
      if (emitted_error) return true;
    }
    if (!in_segment_) {
      StreamInfo info;
      std::string key;
      if (!framer_->NextSegment(info, key)) {
        framer_.reset();
        window_.reset();
        mapped_.reset();
        continue;
      }
      auto [it, inserted] = stream_ids_.try_emplace(key, next_stream_id_);
      if (inserted) ++next_stream_id_;
      stream_ = it->second;
      pending_first_ = inserted;
      info_ = std::move(info);
      count_only_ = info_.count_only;
      in_segment_ = true;
      eof_ = false;
      segment_started_ = false;
      seen_record_ = false;
      carry_size_ = 0;
      mapped_read_end_ = stream_offsets_[stream_];
      error_.clear();
    }

    std::vector<char>& buf = chunk.buffer;
    const size_t target = options_.target_chunk_bytes;
    uint64_t& offset = stream_offsets_[stream_];
    const char* data = nullptr;
    size_t size = 0;
    if (mapped_) {
      size = static_cast<size_t>(mapped_read_end_ - offset);  // the carry, still in the map
      data = FillMapped(offset, size, std::max(target, size));
    } else {
      if (buf.size() < std::max(target, carry_size_)) buf.resize(std::max(target, carry_size_));
      if (carry_size_ > 0) std::memcpy(buf.data(), carry_.data(), carry_size_);
      size = carry_size_;
      carry_size_ = 0;
      Fill(buf, size, std::max(target, size));
      data = buf.data();
    }

    if (size == 0 && eof_ && segment_started_ && error_.empty()) {
      in_segment_ = false;
      continue;
    }

    bool starts_with_record = !count_only_ && size > 0 && StartsRecord(data, data + size);
    size_t cut = 0;
    for (;;) {
      cut = FindCut(data, size, eof_, starts_with_record, options_.max_record_bytes);
      if (cut > 0 || (eof_ && size == 0)) break;
      const size_t want = std::min(std::max(size * 2, target), options_.max_record_bytes + target);
      if (mapped_) {
        data = FillMapped(offset, size, want);
      } else {
        Fill(buf, size, want);
        data = buf.data();
      }
      // Judged again on the longer buffer: a first line cut short by a small read may be a record
      // (found by fuzz_differential with 1-byte chunks).
      starts_with_record = !count_only_ && size > 0 && StartsRecord(data, data + size);
    }
    // The cut was found in mapped bytes: if the file lost some of them meanwhile, it ends before them.
    if (mapped_ && CheckShrink(offset, size)) {
      cut = size;
      starts_with_record = !count_only_ && size > 0 && StartsRecord(data, data + size);
    }

    chunk.ResetResults();
    chunk.stream = stream_;
    chunk.first_in_stream = pending_first_;
    if (pending_first_) chunk.stream_info = info_;
    pending_first_ = false;
    chunk.stream_offset = offset;
    chunk.sequence = sequence_++;
    chunk.count_only = count_only_;
    chunk.free_text = info_.kind == StreamKind::kStdout || info_.kind == StreamKind::kYarnOther;
    chunk.open_failed = false;
    chunk.starts_in_orphan_region = !seen_record_ && !starts_with_record;
    chunk.split_inside_record = false;
    chunk.size = cut;
    if (mapped_ && cut > 0) {
      chunk.view = data;
      chunk.view_window = window_;
    } else {
      chunk.ReleaseView();
    }
    // Bytes dropped by a filter belong to this stream; the carry stays in it too.
    chunk.filtered_bytes = framer_->TakeFilteredBytes();

    const size_t rest = size - cut;
    if (rest > 0) {
      if (!mapped_) {
        if (carry_.size() < rest) carry_.resize(std::max(rest, target));
        std::memcpy(carry_.data(), data + cut, rest);
        carry_size_ = rest;
      }
      chunk.split_inside_record = starts_with_record && cut >= options_.max_record_bytes &&
                                  !StartsRecord(data + cut, data + size);
    }
    if (starts_with_record || (rest > 0 && StartsRecord(data + cut, data + size))) {
      seen_record_ = true;
    }
    segment_started_ = true;
    offset += cut;
    chunk.last_in_segment = eof_ && rest == 0;
    chunk.read_error.clear();
    if (chunk.last_in_segment) {
      chunk.read_error = std::move(error_);
      error_.clear();
      in_segment_ = false;
    }
    return true;
  }
}

}  // namespace flinkscan

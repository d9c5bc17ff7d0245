#include "engine/reversed_log_filter.h"

#include <algorithm>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "parsers/record_header.h"

namespace flinkscan {
namespace {

std::string_view WithoutLineEnd(std::string_view line) {
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
  return line;
}

std::string HumanMiB(size_t bytes) {
  if (bytes % (1u << 20) == 0) return std::to_string(bytes >> 20) + " MiB";
  return std::to_string(bytes) + " bytes";
}

class ReversedLogFilter final : public StreamFramer {
 public:
  ReversedLogFilter(const InputFile& input, std::unique_ptr<ByteSource> source,
                    const ReversedLogFilterOptions& options)
      : input_(input), source_(std::move(source)), options_(options) {
    options_.max_bytes = std::max<size_t>(options_.max_bytes, 1);
    options_.read_block = std::max<size_t>(options_.read_block, 1);
  }

  bool NextSegment(StreamInfo& info, std::string& key) override {
    if (started_) return false;
    started_ = true;
    info = StreamInfo{};
    info.path = input_.path;
    info.kind = input_.kind;
    info.reversed = true;
    key.clear();
    return true;
  }

  size_t Read(char* buf, size_t n) override {
    if (served_ == piece_ && !LoadPiece()) return 0;
    const size_t k = std::min(n, piece_ - served_);
    std::memcpy(buf, data_.data() + served_, k);
    served_ += k;
    return k;
  }

  std::string TakeError() override { return std::exchange(error_, std::string()); }

 private:
  // Moves the bytes after the served piece to the front, reads up to
  // max_bytes, and reverses the next piece. False at the end of input.
  bool LoadPiece() {
    const size_t rest = size_ - piece_;
    if (rest > 0) std::memmove(data_.data(), data_.data() + piece_, rest);
    size_ = rest;
    piece_ = 0;
    served_ = 0;
    // One read past max_bytes tells a longer input from one of exactly max_bytes.
    while (!eof_ && size_ <= options_.max_bytes) {
      const size_t want = size_ < options_.max_bytes
                              ? std::min(options_.read_block, options_.max_bytes - size_)
                              : options_.read_block;
      if (data_.size() < size_ + want) {
        data_.resize(std::max(size_ + want, std::min(data_.size() * 2, options_.max_bytes)));
      }
      const size_t got = source_->Read(data_.data() + size_, want);
      if (got == 0) {
        eof_ = true;
        AppendError(source_->error());
        break;
      }
      size_ += got;
    }
    if (size_ == 0) return false;
    piece_ = size_;
    if (!eof_) {
      // A piece ends at a line end; the rest opens the next piece.
      piece_ = std::min(size_, options_.max_bytes);
      const void* nl = memrchr(data_.data(), '\n', piece_);
      if (nl) piece_ = static_cast<size_t>(static_cast<const char*>(nl) - data_.data()) + 1;
      if (!warned_) {
        warned_ = true;
        AppendError("byte " + std::to_string(consumed_ + piece_) + ": newest-first input longer than " +
                    HumanMiB(options_.max_bytes) + ": reversed in pieces of " + HumanMiB(options_.max_bytes) +
                    ", so times go back between pieces and a record across a piece edge is split");
      }
    }
    ReverseLines(data_.data(), piece_);
    consumed_ += piece_;
    return true;
  }

  void AppendError(const std::string& error) {
    if (error.empty()) return;
    if (!error_.empty()) error_ += "; ";
    error_ += error;
  }

  InputFile input_;
  std::unique_ptr<ByteSource> source_;
  ReversedLogFilterOptions options_;
  bool started_ = false;
  bool eof_ = false;
  bool warned_ = false;
  std::vector<char>
      data_;  // data_[0, size_) read; [0, piece_) the reversed piece, [served_, piece_) unserved
  size_t size_ = 0;
  size_t piece_ = 0;
  size_t served_ = 0;
  uint64_t consumed_ = 0;  // input bytes of the pieces loaded so far
  std::string error_;
};

}  // namespace

void ReverseLines(char* data, size_t size) {
  // Reversing all bytes, then each line's bytes, reverses the order of the
  // lines in place. A final '\n' stays last, so a last line without one
  // comes first with the '\n' that separated it from the line before.
  const size_t body = size > 0 && data[size - 1] == '\n' ? size - 1 : size;
  std::reverse(data, data + body);
  char* p = data;
  char* const end = data + body;
  while (p < end) {
    char* nl = static_cast<char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
    char* line_end = nl ? nl : end;
    std::reverse(p, line_end);
    p = line_end + 1;
  }
}

// Enough steps between timed records to tell a newest-first export from a log
// in time order; judging every record of a 64 KiB head cost ~45 us per file.
constexpr size_t kMaxJudgedSteps = 64;

bool LooksReversed(std::string_view head, bool whole_input) {
  size_t decreases = 0;
  size_t increases = 0;
  WallTime previous;
  size_t pos = 0;
  while (pos < head.size()) {
    const size_t nl = head.find('\n', pos);
    if (nl == std::string_view::npos && !whole_input) break;
    const size_t line_end = nl == std::string_view::npos ? head.size() : nl + 1;
    const std::string_view line = head.substr(pos, line_end - pos);
    pos = line_end;
    if (!StartsRecord(line.data(), line.data() + line.size())) continue;
    const Result<RecordHeader> header = ParseHeader(WithoutLineEnd(line));
    if (!header.ok() || !header.value().time.known()) continue;
    const WallTime time = header.value().time;
    if (previous.known() && previous.has_date == time.has_date) {
      if (time.ms < previous.ms) ++decreases;
      if (time.ms > previous.ms) ++increases;
    }
    previous = time;
    if (decreases + increases >= kMaxJudgedSteps) break;
  }
  return decreases >= 2 && decreases > 4 * increases;
}

std::unique_ptr<StreamFramer> MakeReversedLogFilter(const InputFile& input,
                                                    std::unique_ptr<ByteSource> source,
                                                    const ReversedLogFilterOptions& options) {
  return std::make_unique<ReversedLogFilter>(input, std::move(source), options);
}

}  // namespace flinkscan

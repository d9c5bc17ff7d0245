#include "engine/gzip_source.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include <isa-l/igzip_lib.h>

namespace flinkscan {
namespace {

// Large enough that the file reads stay cheap next to inflate; small enough
// to stay in L2 with the decoder's tables.
constexpr size_t kInputBytes = 256u << 10;

std::string_view IsalErrorText(int code) {
  switch (code) {
    case ISAL_INVALID_BLOCK:
      return "invalid deflate block";
    case ISAL_INVALID_SYMBOL:
      return "invalid deflate symbol";
    case ISAL_INVALID_LOOKBACK:
      return "invalid back-reference distance";
    case ISAL_INVALID_WRAPPER:
      return "invalid gzip header";
    case ISAL_UNSUPPORTED_METHOD:
      return "unsupported compression method in gzip header";
    case ISAL_INCORRECT_CHECKSUM:
      return "CRC or length mismatch in gzip trailer";
    case ISAL_NEED_DICT:
      return "deflate stream needs a preset dictionary";
    default:
      return "inflate failed";
  }
}

class GzipSource final : public ByteSource {
 public:
  explicit GzipSource(std::unique_ptr<ByteSource> compressed)
      : in_(std::move(compressed)), state_(std::make_unique<inflate_state>()), buffer_(kInputBytes) {
    isal_inflate_init(state_.get());
    state_->next_in = buffer_.data();
    state_->avail_in = 0;
  }

  size_t Read(char* buf, size_t n) override {
    if (done_ || n == 0) return 0;
    auto* const out = reinterpret_cast<uint8_t*>(buf);
    size_t produced = 0;
    while (produced < n && !done_) {
      if (!member_open_ && !StartMember()) break;
      if (state_->avail_in == 0 && !in_eof_) Refill();
      const uint32_t avail_in_before = state_->avail_in;
      state_->next_out = out + produced;
      state_->avail_out =
          static_cast<uint32_t>(std::min<size_t>(n - produced, std::numeric_limits<uint32_t>::max()));
      const int ret = isal_inflate(state_.get());
      const size_t wrote = static_cast<size_t>(state_->next_out - (out + produced));
      produced += wrote;
      if (ret < 0 || ret == ISAL_NEED_DICT) {
        Fail(std::string(IsalErrorText(ret)), produced);
        break;
      }
      if (state_->block_state == ISAL_BLOCK_FINISH) {
        member_open_ = false;
        continue;
      }
      if (wrote == 0 && state_->avail_in == avail_in_before) {
        if (in_eof_ && state_->avail_in == 0) {
          Fail("unexpected end of gzip stream", produced);
          break;
        }
        if (state_->avail_in > 0) {
          // ISA-L keeps a partial header or trailer in its own buffer and
          // asks for more; a stall with input left means it cannot proceed.
          if (in_eof_ || state_->avail_in >= buffer_.size()) {
            Fail("gzip decoder made no progress", produced);
            break;
          }
          Refill();
        }
      }
    }
    position_ += produced;
    return produced;
  }

 private:
  uint64_t CompressedOffset() const {
    return consumed_base_ + static_cast<uint64_t>(state_->next_in - buffer_.data());
  }

  // Moves unread input to the front and reads more behind it.
  void Refill() {
    const size_t keep = state_->avail_in;
    const size_t front = static_cast<size_t>(state_->next_in - buffer_.data());
    if (keep > 0 && front > 0) std::memmove(buffer_.data(), state_->next_in, keep);
    consumed_base_ += front;
    state_->next_in = buffer_.data();
    while (!in_eof_ && state_->avail_in < buffer_.size()) {
      const size_t got = in_->Read(reinterpret_cast<char*>(buffer_.data()) + state_->avail_in,
                                   buffer_.size() - state_->avail_in);
      if (got == 0) {
        in_eof_ = true;
        inner_error_ = in_->error();
        break;
      }
      state_->avail_in += static_cast<uint32_t>(got);
      if (state_->avail_in >= 2) break;  // do not wait for a full buffer from a slow pipe
    }
  }

  // Between members: opens the next one, skips zero padding, or ends.
  bool StartMember() {
    for (;;) {
      while (state_->avail_in < 2 && !in_eof_) Refill();
      if (state_->avail_in == 0) {
        done_ = true;
        if (!inner_error_.empty()) error_ = inner_error_;
        return false;
      }
      const uint8_t* p = state_->next_in;
      if (state_->avail_in >= 2 && p[0] == 0x1f && p[1] == 0x8b) break;
      // Tape-style zero padding after the last member, as gzip tolerates.
      const uint8_t* end = p + state_->avail_in;
      const uint8_t* nonzero = std::find_if(p, end, [](uint8_t b) { return b != 0; });
      const uint32_t zeros = static_cast<uint32_t>(nonzero - p);
      state_->next_in += zeros;
      state_->avail_in -= zeros;
      if (nonzero != end) {
        Fail("data after gzip member " + std::to_string(members_) + " is not gzip (ignored)", 0);
        return false;
      }
    }
    isal_inflate_reset(state_.get());
    state_->crc_flag = ISAL_GZIP;
    member_open_ = true;
    ++members_;
    return true;
  }

  void Fail(const std::string& what, size_t produced_now) {
    done_ = true;
    if (!inner_error_.empty() && in_eof_ && state_->avail_in == 0) {
      // The compressed bytes themselves ended early because reading failed
      // (or an enclosing archive or decoder failed): that is the cause.
      error_ = inner_error_;
      return;
    }
    error_ = "compressed byte " + std::to_string(CompressedOffset()) + ": " + what;
    if (members_ > 1) error_ += " (member " + std::to_string(members_) + ")";
    error_ += ", after " + std::to_string(position_ + produced_now) + " decoded bytes";
  }

  std::unique_ptr<ByteSource> in_;
  std::unique_ptr<inflate_state> state_;
  std::vector<uint8_t> buffer_;
  uint64_t consumed_base_ = 0;  // compressed offset of buffer_[0]
  bool in_eof_ = false;
  std::string inner_error_;
  bool member_open_ = false;
  bool done_ = false;
  uint64_t members_ = 0;
};

}  // namespace

bool LooksLikeGzip(std::string_view head) {
  return head.size() >= 3 && static_cast<uint8_t>(head[0]) == 0x1f && static_cast<uint8_t>(head[1]) == 0x8b &&
         head[2] == 8;
}

std::unique_ptr<ByteSource> MakeGzipSource(std::unique_ptr<ByteSource> compressed) {
  return std::make_unique<GzipSource>(std::move(compressed));
}

}  // namespace flinkscan

#include "engine/zstd_source.h"

#include <zstd.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

namespace flinkscan {
namespace {

constexpr size_t kInputBytes = 256u << 10;

struct DctxDeleter {
  void operator()(ZSTD_DCtx* dctx) const { ZSTD_freeDCtx(dctx); }
};

class ZstdSource final : public ByteSource {
 public:
  explicit ZstdSource(std::unique_ptr<ByteSource> compressed)
      : in_(std::move(compressed)),
        dctx_(ZSTD_createDCtx()),
        buffer_(std::max(kInputBytes, ZSTD_DStreamInSize())) {}

  size_t Read(char* buf, size_t n) override {
    if (done_ || n == 0) return 0;
    if (!dctx_) {
      Fail("cannot allocate a zstd decoder", 0);
      return 0;
    }
    ZSTD_outBuffer out{buf, n, 0};
    while (out.pos < n && !done_) {
      if (input_.pos == input_.size && !in_eof_) Refill();
      const size_t pos_before = input_.pos;
      const size_t out_before = out.pos;
      const size_t ret = ZSTD_decompressStream(dctx_.get(), &out, &input_);
      if (ZSTD_isError(ret)) {
        Fail(ZSTD_getErrorName(ret), out.pos);
        break;
      }
      if (ret == 0) {
        frame_open_ = false;
        ++frames_;
      } else if (input_.pos != pos_before || out.pos != out_before) {
        frame_open_ = true;
      }
      if (input_.pos == input_.size && in_eof_ && out.pos == out_before && input_.pos == pos_before) {
        // No input left and nothing more to flush.
        if (frame_open_) {
          Fail("unexpected end of zstd stream", out.pos);
        } else {
          done_ = true;
          if (!inner_error_.empty()) error_ = inner_error_;
        }
        break;
      }
    }
    position_ += out.pos;
    return out.pos;
  }

 private:
  void Refill() {
    consumed_base_ += input_.size;
    input_ = ZSTD_inBuffer{buffer_.data(), 0, 0};
    const size_t got = in_->Read(buffer_.data(), buffer_.size());
    if (got == 0) {
      in_eof_ = true;
      inner_error_ = in_->error();
      return;
    }
    input_.size = got;
  }

  void Fail(const std::string& what, size_t produced_now) {
    done_ = true;
    if (!inner_error_.empty() && in_eof_ && input_.pos == input_.size) {
      error_ = inner_error_;  // the compressed bytes ended because reading them failed
      return;
    }
    error_ = "compressed byte " + std::to_string(consumed_base_ + input_.pos) + ": " + what;
    if (frames_ > 0) error_ += " (frame " + std::to_string(frames_ + 1) + ")";
    error_ += ", after " + std::to_string(position_ + produced_now) + " decoded bytes";
  }

  std::unique_ptr<ByteSource> in_;
  std::unique_ptr<ZSTD_DCtx, DctxDeleter> dctx_;
  std::vector<char> buffer_;
  ZSTD_inBuffer input_{nullptr, 0, 0};
  uint64_t consumed_base_ = 0;  // compressed offset of buffer_[0]
  bool in_eof_ = false;
  std::string inner_error_;
  bool frame_open_ = false;
  bool done_ = false;
  uint64_t frames_ = 0;
};

}  // namespace

bool LooksLikeZstd(std::string_view head) {
  if (head.size() < 4) return false;
  const auto* u = reinterpret_cast<const uint8_t*>(head.data());
  if (u[0] == 0x28 && u[1] == 0xb5 && u[2] == 0x2f && u[3] == 0xfd) return true;
  return (u[0] & 0xf0) == 0x50 && u[1] == 0x2a && u[2] == 0x4d && u[3] == 0x18;  // skippable frame
}

std::unique_ptr<ByteSource> MakeZstdSource(std::unique_ptr<ByteSource> compressed) {
  return std::make_unique<ZstdSource>(std::move(compressed));
}

}  // namespace flinkscan

#include "engine/decoded_size_cap.h"

#include <algorithm>
#include <string>

namespace flinkscan {
namespace {

class DecodedSizeCap final : public ByteSource {
 public:
  DecodedSizeCap(std::unique_ptr<ByteSource> inner, uint64_t max_bytes)
      : inner_(std::move(inner)), max_bytes_(max_bytes) {}

  size_t Read(char* buf, size_t n) override {
    if (!error_.empty()) return 0;
    if (position_ >= max_bytes_) {
      // One byte more tells a file that is exactly at the limit from one that is over it.
      char probe = 0;
      if (inner_->Read(&probe, 1) == 0) {
        error_ = inner_->error();
        return 0;
      }
      error_ = "decoded size limit: stopped after " + std::to_string(position_) +
               " decoded bytes (--max-decoded-bytes " + std::to_string(max_bytes_) +
               "); the rest of the input is not scanned (a compression bomb, or raise the limit)";
      return 0;
    }
    const size_t want = static_cast<size_t>(std::min<uint64_t>(n, max_bytes_ - position_));
    const size_t got = inner_->Read(buf, want);
    if (got == 0) error_ = inner_->error();
    position_ += got;
    return got;
  }

 private:
  std::unique_ptr<ByteSource> inner_;
  uint64_t max_bytes_;
};

}  // namespace

std::unique_ptr<ByteSource> CapDecodedSize(std::unique_ptr<ByteSource> decoded, uint64_t max_bytes) {
  return std::make_unique<DecodedSizeCap>(std::move(decoded), max_bytes);
}

}  // namespace flinkscan

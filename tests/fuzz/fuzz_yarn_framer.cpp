// The YARN framer on arbitrary `yarn logs` output, read in arbitrary slices
// and with an arbitrary read-ahead window: whatever the envelope claims
// (lying or non-numeric LogLength, missing end markers), every input byte is
// delivered exactly once, in input order, to some stream.

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "engine/yarn_framer.h"
#include "tests/fuzz/fuzz_input.h"

namespace {

// Hands out the input in slices of at most `slice` bytes.
class SlicedSource final : public flinkscan::ByteSource {
 public:
  SlicedSource(std::string_view data, size_t slice) : data_(data), slice_(slice) {}
  size_t Read(char* buf, size_t n) override {
    const size_t got = std::min({n, slice_, data_.size() - static_cast<size_t>(position_)});
    std::copy_n(data_.data() + position_, got, buf);
    position_ += got;
    return got;
  }

 private:
  std::string_view data_;
  size_t slice_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  using namespace flinkscan;
  fuzz::FuzzInput input(bytes, size);
  YarnFramerOptions options;
  options.verify_bytes = input.TakeInRange(1, 8192);
  options.read_block = input.TakeInRange(1, 4096);
  const size_t slice = input.TakeInRange(1, 4096);
  const size_t read_size = input.TakeInRange(1, 4096);
  const std::string_view data = input.Rest();

  const InputFile file{"fuzz-yarn.txt", StreamKind::kUnknown, 0, false};
  std::unique_ptr<StreamFramer> framer =
      MakeYarnFramer(file, std::make_unique<SlicedSource>(data, slice), options);
  std::string delivered;
  std::vector<char> buf(read_size);
  StreamInfo info;
  std::string key;
  size_t segments = 0;
  while (framer->NextSegment(info, key)) {
    FUZZ_CHECK(++segments <= data.size() + 2);  // every segment but the first two carries bytes
    for (;;) {
      const size_t got = framer->Read(buf.data(), buf.size());
      if (got == 0) break;
      FUZZ_CHECK(got <= buf.size());
      delivered.append(buf.data(), got);
    }
    (void)framer->TakeError();
  }
  FUZZ_CHECK(delivered == data);
  return 0;
}

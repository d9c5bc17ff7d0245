// Decoders' error paths through the one place inputs are opened
// (OpenInput): gzip, zstd and tar recognised by content, then every stream
// drained. The input lives in memory (a memfd), so the fuzzer never touches
// the disk. Damage must end a stream with an error naming where, never a
// crash, a hang or unbounded output.

#include <unistd.h>

#include <string>
#include <vector>

#include <sys/mman.h>

#include "engine/input_opener.h"
#include "tests/fuzz/fuzz_input.h"

namespace {

// Small enough that a bomb in the corpus costs milliseconds, large enough for every seed.
constexpr uint64_t kFuzzMaxDecodedBytes = 1u << 20;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  using namespace flinkscan;
  const int fd = memfd_create("fuzz-input", 0);
  if (fd < 0) return 0;
  size_t written = 0;
  while (written < size) {
    const ssize_t n = write(fd, bytes + written, size - written);
    if (n <= 0) break;
    written += static_cast<size_t>(n);
  }
  InputFile file{"/proc/self/fd/" + std::to_string(fd), StreamKind::kUnknown, 0, false};
  file.max_decoded_bytes = kFuzzMaxDecodedBytes;
  Result<std::unique_ptr<StreamFramer>> opened = OpenInput(file);
  if (opened.ok()) {
    StreamFramer& framer = *opened.value();
    std::vector<char> buf(64u << 10);
    StreamInfo info;
    std::string key;
    while (framer.NextSegment(info, key)) {
      for (;;) {
        const size_t got = framer.Read(buf.data(), buf.size());
        if (got == 0) break;
      }
      const std::string error = framer.TakeError();
      FUZZ_CHECK(framer.TakeError().empty());  // an error is taken once
      (void)error;
    }
  } else {
    FUZZ_CHECK(!opened.message().empty());
  }
  close(fd);
  return 0;
}

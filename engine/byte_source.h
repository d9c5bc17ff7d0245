#pragma once
// Decoded bytes of one input. One virtual call per buffer fill (megabytes),
// never per line. Decoders (gzip, zstd, archives) are ByteSources too.

#include <cstdint>
#include <memory>
#include <string>

#include "base/status.h"
#include "engine/source.h"

namespace flinkscan {

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Reads up to `n` bytes. Returns 0 at the end of the input or on failure;
  // on failure error() says where ("byte N: …", N counted in decoded bytes).
  virtual size_t Read(char* buf, size_t n) = 0;
  const std::string& error() const { return error_; }
  uint64_t position() const { return position_; }  // decoded bytes delivered so far
  // The file it reads undecoded (to map it, engine/mapped_file.h), or -1: stdin, decoders, archives.
  virtual int file_descriptor() const { return -1; }

 protected:
  std::string error_;
  uint64_t position_ = 0;
};

// A file (read() into the caller's buffer) or stdin.
Result<std::unique_ptr<ByteSource>> OpenByteSource(const InputFile& input);

}  // namespace flinkscan

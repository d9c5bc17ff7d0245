#pragma once
// Runs a decoder (gzip, zstd) on a thread of its own, a few buffers ahead of
// the reader, so decoding overlaps the serial read stage and the scan
// workers instead of taking turns with them. Memory: `buffers` × `buffer_bytes`,
// reused for the whole input.

#include <cstddef>
#include <memory>

#include "engine/byte_source.h"

namespace flinkscan {

struct PrefetchOptions {
  size_t buffer_bytes = 1u << 20;
  size_t buffers = 3;  // one being read, the rest being decoded into
};

// Delivers exactly the bytes `inner` delivers, then its error(). Destroying
// it early stops the decoder after its current buffer. Only for inputs whose
// Read returns (files), not for a pipe that may never end.
std::unique_ptr<ByteSource> MakePrefetchSource(std::unique_ptr<ByteSource> inner,
                                               PrefetchOptions options = {});

}  // namespace flinkscan

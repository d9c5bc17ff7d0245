#pragma once
// A ceiling on how many bytes the decoders of one input may produce, so a
// zip bomb (a small .gz/.zst that inflates to terabytes) costs bounded time.
// Memory is bounded anyway (decoders stream); this bounds the work.

#include <cstdint>
#include <memory>

#include "engine/byte_source.h"

namespace flinkscan {

// Passes `decoded` through until `max_bytes` have been delivered (default
// kDefaultMaxDecodedBytes, engine/source.h), then ends the input with error() = "decoded size limit: stopped
// after N decoded bytes (--max-decoded-bytes N) ..."; the reader puts it in the stream's errors[] with the
// file's path. An inner error is passed on unchanged.
std::unique_ptr<ByteSource> CapDecodedSize(std::unique_ptr<ByteSource> decoded, uint64_t max_bytes);

}  // namespace flinkscan

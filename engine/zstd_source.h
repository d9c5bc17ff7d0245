#pragma once
// zstd decoding in-process, streaming (libzstd's ZSTD_decompressStream).

#include <memory>
#include <string_view>

#include "engine/byte_source.h"

namespace flinkscan {

// True when `head` opens a zstd frame or a skippable frame (which zstd
// tools put before the data, e.g. for seek tables).
bool LooksLikeZstd(std::string_view head);

// Decodes every frame in turn (multi-frame files from `zstd` on
// concatenated input, pzstd, or `cat a.zst b.zst`). Damage ends the output
// after everything decoded before it, with error() = "compressed byte N: …",
// N counted in `compressed` bytes. Frames needing a window above libzstd's
// default limit (128 MiB, `zstd --long=28` and beyond) are refused rather
// than allowed to take unbounded memory.
std::unique_ptr<ByteSource> MakeZstdSource(std::unique_ptr<ByteSource> compressed);

}  // namespace flinkscan

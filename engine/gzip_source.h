#pragma once
// gzip decoding in-process, streaming, with ISA-L's inflate (libisal-dev).
// ISA-L was chosen by measurement (bench/bench_decoders.cpp, ARCHITECTURE.md
// "Decoders"): it inflates about twice as fast as zlib on Flink logs, and a
// .gz scan is decoder-bound.

#include <memory>
#include <string_view>

#include "engine/byte_source.h"

namespace flinkscan {

// True when `head` opens a gzip member (magic 1f 8b, method deflate).
bool LooksLikeGzip(std::string_view head);

// Decodes every member of a gzip file in turn, as `gzip -d` does with
// concatenated members; zero padding after the last member is ignored.
// Damage (truncation, a corrupt block, a bad CRC, trailing garbage) ends the
// output after everything decoded before it, with error() =
// "compressed byte N: …", N counted in `compressed` bytes (the file's own
// offsets, so `tail -c +N` finds the spot).
std::unique_ptr<ByteSource> MakeGzipSource(std::unique_ptr<ByteSource> compressed);

}  // namespace flinkscan

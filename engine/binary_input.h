#pragma once
// Inputs that are not text logs, named explicitly (a directory walk already
// skips them): say so instead of reporting megabytes of rejected "lines".
// A file whose magic bytes name a known binary format (an executable, a
// class file, a zip or jar, an image, xz/bzip2/7z/lz4 data that flinkscan
// does not decode) is counted (bytes, lines) and not scanned. Any other file
// that is mostly control bytes with no log record in its first bytes is
// scanned as text anyway (a log whose start was zeroed by copytruncate is
// still a log), with a warning.

#include <memory>
#include <string>
#include <string_view>

#include "engine/byte_source.h"
#include "engine/source.h"
#include "engine/stream_framer.h"

namespace flinkscan {

struct BinaryVerdict {
  std::string message;      // "" for text; else the stream's error, "byte 0: …"
  bool count_only = false;  // a known binary format: counted, not scanned
};

// Judges `head`, the input's first bytes (~64 KiB). `whole_input`: head is all of it.
BinaryVerdict JudgeBinary(std::string_view head, bool whole_input);

// The whole input as one stream, like MakePlainFramer, carrying the
// verdict's message as its error and its count_only flag.
std::unique_ptr<StreamFramer> MakeBinaryInputFramer(const InputFile& input,
                                                    std::unique_ptr<ByteSource> source,
                                                    BinaryVerdict verdict);

}  // namespace flinkscan

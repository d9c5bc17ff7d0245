#pragma once
// Input discovery: turns the paths a user gives (files, directories, "-")
// into an ordered list of inputs, each classified by name, and a list of
// what was skipped and why. Unreadable paths are reported, never fatal.

#include <cstdint>
#include <string>
#include <vector>

#include "engine/stream_kind.h"

namespace flinkscan {

// --max-decoded-bytes default (engine/decoded_size_cap.h): far above any real
// log file (Flink logs compress about 10:1, so this is a multi-GiB archive),
// small enough that a compression bomb is stopped within tens of seconds at the
// decoders' ~1.4 GiB/s.
inline constexpr uint64_t kDefaultMaxDecodedBytes = uint64_t{32} << 30;

struct InputFile {
  std::string path;      // as opened ("-" for stdin)
  StreamKind kind = StreamKind::kUnknown;
  int rotation = 0;      // N of ".log.N": older content than the live file
  bool is_stdin = false;
  // Ceiling on the bytes its gzip/zstd layers may produce (engine/decoded_size_cap.h);
  // the chunk reader sets it from ChunkReaderOptions.
  uint64_t max_decoded_bytes = kDefaultMaxDecodedBytes;
  // Its gzip/zstd decoding runs on a thread of its own (engine/prefetch_source.h); the chunk reader sets
  // it from ChunkReaderOptions.
  bool decode_ahead = false;
};

struct SkippedInput {
  std::string path;
  std::string reason;
};

struct Discovery {
  std::vector<InputFile> inputs;
  std::vector<SkippedInput> skipped;
};

// Directories are walked recursively (symlinks to directories are not
// followed, which also keeps loops out). Inside a directory, a file is
// scanned when its name is a log's name or its first bytes look like text
// log lines; anything else is listed in `skipped`. Files named explicitly
// are always scanned. Order: as given; within a directory by base name,
// then rotated files oldest first (.log.3, .log.2, .log.1, .log) so each
// daemon's lines come in time order.
Discovery DiscoverInputs(const std::vector<std::string>& paths);

}  // namespace flinkscan

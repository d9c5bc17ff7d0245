#pragma once
// Turns an input into logical streams: opens it, recognises compression by
// magic bytes (not by name), unpacks archives, and frames `yarn logs` output
// by container and log type. The one place where input formats are chosen.

#include <memory>

#include "base/status.h"
#include "engine/mapped_file.h"
#include "engine/source.h"
#include "engine/stream_framer.h"

namespace flinkscan {

Result<std::unique_ptr<StreamFramer>> OpenInput(const InputFile& input);

struct OpenedInput {
  std::unique_ptr<StreamFramer> framer;
  // Set when the input is a plain regular file whose one stream is its bytes unchanged (no decoder,
  // archive, YARN envelope or line filter): its stream can then be read through memory maps
  // (engine/mapped_file.h) instead of framer->Read(). The framer still names the stream.
  std::unique_ptr<MappedFile> mapped;
};

// OpenInput, plus the mapping when `map_files` and the input allows one.
Result<OpenedInput> OpenInputForChunking(const InputFile& input, bool map_files);

}  // namespace flinkscan

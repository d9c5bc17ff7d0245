#pragma once
// read (serial, in order) → scan + extract (parallel) → consume (serial, in
// input order). The consumer sees chunks in exactly the order the reader
// produced them, whatever the thread count, which is what makes N-thread
// results byte-identical to 1-thread results.

#include <functional>
#include <vector>

#include "base/status.h"
#include "engine/chunk.h"
#include "engine/chunk_reader.h"
#include "engine/chunk_scanner.h"
#include "engine/source.h"

namespace flinkscan {

struct PipelineOptions {
  size_t threads = 0;  // 0: all hardware threads
  size_t tokens = 0;   // chunks in flight; 0: 2 per thread (memory = tokens × (chunk size + its events))
  ChunkReaderOptions reader;
};

// Called once per chunk, serially, in input order. Per chunk, not per line,
// so a std::function costs nothing measurable.
using ChunkConsumer = std::function<void(Chunk&)>;

// Every stream, error and byte reaches `consume` through the chunks.
void RunPipeline(const std::vector<InputFile>& inputs, const ChunkScanner& scanner,
                                          const PipelineOptions& options, const ChunkConsumer& consume);

}  // namespace flinkscan

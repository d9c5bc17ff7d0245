#pragma once
// The chunker: reads inputs one after another with read() into pooled
// buffers and cuts each stream into chunks at record starts, so no record
// is ever split between two chunks (a record longer than the chunk extends
// it, up to a cap). Serial by design: one reader feeds the pipeline.

#include <cstdint>
#include <string>
#include <vector>

#include "engine/chunk.h"
#include "engine/source.h"

namespace flinkscan {

struct ChunkReaderOptions {
  size_t target_chunk_bytes = 2u << 20;     // performance.md: 64 KiB..16 MiB all fine; 2 MiB default
  size_t max_record_bytes = 256u << 20;     // a longer record is cut at a line boundary
};

struct StreamReadResult {
  uint64_t bytes = 0;
  std::string error;   // "byte N: message" when reading failed part-way
  bool opened = false;
};

class ChunkReader {
 public:
  ChunkReader(const std::vector<InputFile>& inputs, ChunkReaderOptions options);
  ~ChunkReader();
  ChunkReader(const ChunkReader&) = delete;
  ChunkReader& operator=(const ChunkReader&) = delete;

  // Fills `chunk` with the next piece (buffers reused). Returns false when
  // every input is exhausted. Empty inputs still yield one empty chunk so
  // they are accounted for.
  bool Next(Chunk& chunk);

  // Per input, after the scan: bytes read and any read/open error.
  const std::vector<StreamReadResult>& results() const { return results_; }

  // Where the chunk may be cut: one past the last byte of the chunk. Exposed
  // for tests (the boundary matrix). `at_eof`: no more bytes follow.
  static size_t FindCut(const char* data, size_t size, bool at_eof, bool starts_with_record,
                        size_t max_record_bytes);

 private:
  bool OpenNext();
  void CloseCurrent();
  // Reads until `buf` holds at least `want` bytes or the input ends.
  void Fill(std::vector<char>& buf, size_t& size, size_t want);

  const std::vector<InputFile>& inputs_;
  ChunkReaderOptions options_;
  std::vector<StreamReadResult> results_;
  size_t next_input_ = 0;
  int fd_ = -1;
  uint32_t stream_ = 0;
  bool eof_ = true;
  bool have_stream_ = false;
  bool stream_started_ = false;
  bool seen_record_ = false;
  uint64_t stream_offset_ = 0;
  uint64_t sequence_ = 0;
  std::vector<char> carry_;      // bytes read past the previous cut
  size_t carry_size_ = 0;
};

}  // namespace flinkscan

#include "engine/pipeline.h"

#include <atomic>
#include <oneapi/tbb/concurrent_queue.h>
#include <oneapi/tbb/enumerable_thread_specific.h>
#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/info.h>
#include <oneapi/tbb/parallel_pipeline.h>

#include <memory>

namespace flinkscan {
namespace {

struct WorkerScratch {
  MatchScratch match;
  bool ready = false;
};

}  // namespace

void RunPipeline(const std::vector<InputFile>& inputs, const ChunkScanner& scanner,
                                          const PipelineOptions& options, const ChunkConsumer& consume) {
  const size_t threads =
      options.threads ? options.threads : static_cast<size_t>(std::max(1, tbb::info::default_concurrency()));
  // Two chunks per thread keep every worker busy (performance.md lesson 6: 2-16 tokens all reach the
  // same speed); each in-flight chunk of a JobManager log holds ~2 MB of events, so fewer is less memory.
  const size_t tokens = options.tokens ? options.tokens : 2 * threads;
  tbb::global_control parallelism(tbb::global_control::max_allowed_parallelism, threads);

  // A decoder thread pays off only on a core the scan workers leave free: with
  // one worker per core it slowed a .gz scan by 25 % (docs/performance.md).
  ChunkReaderOptions reader_options = options.reader;
  reader_options.decode_ahead = threads < static_cast<size_t>(tbb::info::default_concurrency());
  ChunkReader reader(inputs, reader_options);
  // Pooled chunks: buffers and result vectors keep their capacity.
  std::vector<std::unique_ptr<Chunk>> owned;
  tbb::concurrent_queue<Chunk*> free_chunks;
  for (size_t i = 0; i < tokens; ++i) {
    owned.push_back(std::make_unique<Chunk>());
    free_chunks.push(owned.back().get());
  }
  tbb::enumerable_thread_specific<WorkerScratch> scratches;

  // Every stage ends with a release on `stage_done`, and the join acquires it: the join itself happens in
  // libtbb.so, out of ThreadSanitizer's sight, and without this edge the chunks, the scratch and the
  // filters' stack state read after the pipeline look raced (tests/tsan.supp says the rest).
  std::atomic<uint64_t> stage_done{0};
  struct StageDone {
    std::atomic<uint64_t>& count;
    ~StageDone() { count.fetch_add(1, std::memory_order_release); }
  };

  const auto scan = [&](Chunk& chunk) {
    WorkerScratch& scratch = scratches.local();
    if (!scratch.ready) {
      const Status status = scanner.matcher().AllocateScratch(scratch.match);
      if (!status.ok()) {
        chunk.scan_error = status.message();
        return;
      }
      scratch.ready = true;
    }
    scanner.Scan(chunk, scratch.match);
  };

  tbb::parallel_pipeline(
      tokens,
      tbb::make_filter<void, Chunk*>(tbb::filter_mode::serial_in_order,
                                     [&](tbb::flow_control& fc) -> Chunk* {
                                       const StageDone done{stage_done};
                                       Chunk* chunk = nullptr;
                                       // At most `tokens` chunks are in flight, so one is always free.
                                       while (!free_chunks.try_pop(chunk)) {
                                       }
                                       if (!reader.Next(*chunk)) {
                                         free_chunks.push(chunk);
                                         fc.stop();
                                         return nullptr;
                                       }
                                       return chunk;
                                     }) &
          tbb::make_filter<Chunk*, Chunk*>(tbb::filter_mode::parallel,
                                           [&](Chunk* chunk) -> Chunk* {
                                             const StageDone done{stage_done};
                                             scan(*chunk);
                                             return chunk;
                                           }) &
          tbb::make_filter<Chunk*, void>(tbb::filter_mode::serial_in_order, [&](Chunk* chunk) {
            const StageDone done{stage_done};
            // A mapped file that shrank under a chunk's view ends where it ended (engine/chunk_reader.h):
            // the chunk is scanned again without the bytes it lost. In order, so the cut holds for the rest.
            if (ChunkReader::StopAtShrink(*chunk)) {
              chunk->ResetResults();
              scan(*chunk);
            }
            consume(*chunk);
            chunk->ReleaseView();  // its mapping window is unmapped once no chunk in flight needs it
            free_chunks.push(chunk);
          }));
  (void)stage_done.load(std::memory_order_acquire);
}

}  // namespace flinkscan

#pragma once
// A TaskManager .out corpus with HotSpot thread dumps (JDK 17 format), seeded,
// with its ground truth: `dumps` dumps of `threads` threads each, of which
// `stuck` task threads are BLOCKED in `stuck_method` on one monitor held by a
// refresher thread, the others RUNNABLE or WAITING in varied code. Needs only
// the standard library, so its truth cannot be shaped by the code it checks.

#include <cstdint>
#include <string>

namespace flinkscan::bench {

struct ThreadDumpCorpusOptions {
  uint64_t seed = 42;
  int dumps = 5;
  int threads = 40;          // per dump, the stuck ones included
  int stuck = 12;            // BLOCKED threads per dump
  std::string stuck_method = "com.acme.enrich.RateTable.lookup";
  std::string holder_method = "com.acme.enrich.RateTable.refresh";
  std::string lock_class = "com.acme.enrich.RateTable";
};

struct ThreadDumpCorpus {
  std::string text;
  uint64_t blocked_samples = 0;  // dumps × stuck
  uint64_t thread_samples = 0;   // threads with a Java state and frames, over all dumps
};

ThreadDumpCorpus GenerateThreadDumpCorpus(const ThreadDumpCorpusOptions& options);

}  // namespace flinkscan::bench

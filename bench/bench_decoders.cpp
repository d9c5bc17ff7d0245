// Decoder paths for compressed inputs (issue 3): which gzip inflater to use
// (ISA-L vs zlib vs Boost.Iostreams), zstd, and the tar framer over a .tar.gz,
// all in uncompressed bytes/s over a synthetic Flink log held in memory.
// Every benchmark decodes once and compares with the original before timing;
// a mismatch makes the binary exit 1.
//
// FLINKSCAN_BENCH_MIB sets the corpus size (default 64); FLINKSCAN_BENCH_INPUT=FILE
// measures on a given log instead (e.g. one of bench/gen_corpus's). With
// FLINKSCAN_BENCH_WRITE_CORPUS=DIR the corpus is also written as DIR/corpus.log
// so command-line decoders can be timed on the same bytes.

#include <zlib.h>
#include <zstd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <benchmark/benchmark.h>
#include <boost/iostreams/device/array.hpp>
#include <boost/iostreams/filter/gzip.hpp>
#include <boost/iostreams/filtering_stream.hpp>

#include "bench/checked_benchmark.h"
#include "bench/memory_source.h"
#include "engine/archive_framer.h"
#include "engine/byte_source.h"
#include "engine/gzip_source.h"
#include "engine/peek_source.h"
#include "engine/zstd_source.h"

namespace flinkscan {
namespace {

constexpr size_t kOutBytes = 2u << 20;  // the chunk reader's default chunk size

using bench::Fail;
using bench::MemorySource;

// Flink-like lines (~200 B): mostly INFO/DEBUG chatter with changing ids,
// some GC lines, checkpoints, warnings and a stack trace now and then.
std::string MakeCorpus(size_t bytes) {
  std::string out;
  out.reserve(bytes + 4096);
  uint64_t state = 0x9e3779b97f4a7c15ull;
  auto next = [&state]() {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
  };
  // Ids repeat in real logs (the same tasks and partitions over and over).
  std::vector<uint64_t> ids(256);
  for (uint64_t& id : ids) id = next();
  auto id = [&](uint64_t r) { return static_cast<unsigned long long>(ids[r % ids.size()]); };
  int64_t ms = 0;
  uint64_t checkpoint = 1;
  char line[512];
  while (out.size() < bytes) {
    ms += static_cast<int64_t>(next() % 50);
    const int h = static_cast<int>((ms / 3600000) % 24), m = static_cast<int>((ms / 60000) % 60),
              s = static_cast<int>((ms / 1000) % 60), milli = static_cast<int>(ms % 1000);
    const uint64_t r = next();
    const unsigned pick = static_cast<unsigned>(r % 100);
    int n = 0;
    if (pick < 60) {
      n = std::snprintf(
          line, sizeof line,
          "2024-03-01 %02d:%02d:%02d,%03d INFO  org.apache.flink.runtime.taskmanager.Task [] - "
          "Source: kafka-%u -> Map (%u/%u)#0 (%016llx%016llx_%u) switched from DEPLOYING to RUNNING.\n",
          h, m, s, milli, static_cast<unsigned>(r >> 40) % 64, static_cast<unsigned>(r >> 8) % 32 + 1, 32u,
          id(r >> 3), id(r >> 11), static_cast<unsigned>(r >> 20) % 8);
    } else if (pick < 85) {
      n = std::snprintf(line, sizeof line,
                        "2024-03-01 %02d:%02d:%02d,%03d DEBUG org.apache.flink.runtime.io.network.netty."
                        "CreditBasedPartitionRequestClientHandler [] - Received buffer %llu of %u bytes from "
                        "channel %u for partition %016llx.\n",
                        h, m, s, milli, static_cast<unsigned long long>(r % 1000),
                        static_cast<unsigned>(r >> 16) % 64 * 512, static_cast<unsigned>(r >> 48) % 64,
                        id(r >> 24));
    } else if (pick < 92) {
      n = std::snprintf(
          line, sizeof line,
          "2024-03-01 %02d:%02d:%02d,%03d INFO  org.apache.flink.runtime.checkpoint.CheckpointCoordinator "
          "[] - Completed checkpoint %llu for job %016llx%016llx (%u bytes, checkpointDuration=%u ms, "
          "finalizationTime=%u ms).\n",
          h, m, s, milli, static_cast<unsigned long long>(checkpoint++), 0x5e1f4c2a9b3d7e01ull,
          0x0123456789abcdefull, static_cast<unsigned>(r >> 12) % 90000000,
          static_cast<unsigned>(r >> 36) % 60000, static_cast<unsigned>(r >> 50) % 20);
    } else if (pick < 97) {
      n = std::snprintf(
          line, sizeof line,
          "[%u.%03us][info][gc] GC(%u) Pause Young (Normal) (G1 Evacuation Pause) %uM->%uM(%uM) "
          "%u.%03ums\n",
          static_cast<unsigned>(ms / 1000), static_cast<unsigned>(ms % 1000),
          static_cast<unsigned>(checkpoint), static_cast<unsigned>(r >> 8) % 4096 + 512,
          static_cast<unsigned>(r >> 24) % 512 + 64, 4096u, static_cast<unsigned>(r >> 40) % 200,
          static_cast<unsigned>(r >> 52) % 1000);
    } else if (pick < 99) {
      n = std::snprintf(line, sizeof line,
                        "2024-03-01 %02d:%02d:%02d,%03d WARN  org.apache.flink.runtime.taskmanager.Task [] - "
                        "Map (%u/32) switched from RUNNING to FAILED with failure cause:\n"
                        "java.io.IOException: Connection reset by peer (remote %u.%u.%u.%u:%u)\n"
                        "\tat "
                        "org.apache.flink.runtime.io.network.netty.PartitionRequestQueue.channelRead("
                        "PartitionRequestQueue.java:%u)\n"
                        "\tat "
                        "org.apache.flink.shaded.netty4.io.netty.channel.AbstractChannelHandlerContext."
                        "invokeChannelRead(AbstractChannelHandlerContext.java:379)\n",
                        h, m, s, milli, static_cast<unsigned>(r >> 8) % 32 + 1,
                        static_cast<unsigned>(r >> 16) % 256, static_cast<unsigned>(r >> 24) % 256,
                        static_cast<unsigned>(r >> 32) % 256, static_cast<unsigned>(r >> 40) % 256,
                        static_cast<unsigned>(r >> 48) % 65536, static_cast<unsigned>(r >> 56) + 100);
    } else {
      n = std::snprintf(
          line, sizeof line,
          "2024-03-01 %02d:%02d:%02d,%03d INFO  org.apache.flink.yarn.YarnResourceManagerDriver [] - "
          "Container container_e%02u_1671326373437_0001_01_%06u is completed with diagnostics: "
          "Container killed on request. Exit code is 143\n",
          h, m, s, milli, static_cast<unsigned>(r >> 8) % 100, static_cast<unsigned>(r >> 20) % 1000);
    }
    out.append(line, static_cast<size_t>(n));
  }
  return out;
}

std::string GzipCompress(std::string_view data, int level) {
  z_stream z{};
  deflateInit2(&z, level, Z_DEFLATED, MAX_WBITS + 16, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&z, static_cast<uLong>(data.size())), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

std::string ZstdCompress(std::string_view data, int level) {
  std::string out(ZSTD_compressBound(data.size()), '\0');
  out.resize(ZSTD_compress(out.data(), out.size(), data.data(), data.size(), level));
  return out;
}

// ustar archive of `members` equal slices of the corpus (as a log bundle would be).
std::string MakeTar(std::string_view data, int members) {
  std::string tar;
  const size_t slice = data.size() / static_cast<size_t>(members) + 1;
  for (int i = 0; i < members; ++i) {
    const std::string_view part = data.substr(std::min(data.size(), slice * static_cast<size_t>(i)), slice);
    char header[512] = {};
    std::snprintf(header, 100, "log/taskmanager-%d.log", i);
    std::snprintf(header + 100, 8, "%07o", 0644);
    std::snprintf(header + 108, 8, "%07o", 0);
    std::snprintf(header + 116, 8, "%07o", 0);
    std::snprintf(header + 124, 12, "%011llo", static_cast<unsigned long long>(part.size()));
    std::snprintf(header + 136, 12, "%011o", 0);
    header[156] = '0';
    std::memcpy(header + 257,
                "ustar\0"
                "00",
                8);
    std::memset(header + 148, ' ', 8);
    unsigned sum = 0;
    for (unsigned char c : header) sum += c;
    std::snprintf(header + 148, 8, "%06o", sum);
    tar.append(header, 512);
    tar.append(part);
    tar.append((512 - part.size() % 512) % 512, '\0');
  }
  tar.append(1024, '\0');
  return tar;
}

struct Inputs {
  std::string plain;
  std::string gz;
  std::string zst;
  std::string tar;
  std::string tar_gz;
};

const Inputs& Corpus() {
  static const Inputs inputs = [] {
    Inputs in;
    const char* mib = std::getenv("FLINKSCAN_BENCH_MIB");
    if (const char* file = std::getenv("FLINKSCAN_BENCH_INPUT")) {
      std::ifstream stream(file, std::ios::binary);
      in.plain.assign(std::istreambuf_iterator<char>(stream), std::istreambuf_iterator<char>());
    } else {
      in.plain = MakeCorpus(static_cast<size_t>(mib ? std::atoi(mib) : 64) << 20);
    }
    in.gz = GzipCompress(in.plain, 6);   // gzip's default level
    in.zst = ZstdCompress(in.plain, 3);  // zstd's default level
    in.tar = MakeTar(in.plain, 8);
    in.tar_gz = GzipCompress(in.tar, 6);
    if (const char* dir = std::getenv("FLINKSCAN_BENCH_WRITE_CORPUS")) {
      std::ofstream(std::string(dir) + "/corpus.log", std::ios::binary) << in.plain;
    }
    return in;
  }();
  return inputs;
}

// Runs `decode(sink)` where sink(data, size) receives the decoded bytes in
// order; fails the benchmark unless they equal `expected`.
template <typename Decode>
void CheckedLoop(benchmark::State& state, const std::string& expected, Decode decode) {
  {
    size_t at = 0;
    bool same = true;
    decode([&](const char* data, size_t size) {
      if (at + size > expected.size() || std::memcmp(expected.data() + at, data, size) != 0) same = false;
      at += size;
    });
    if (!same || at != expected.size()) return Fail(state, "decoded bytes differ from the original");
  }
  for (auto _ : state) {
    size_t total = 0;
    decode([&](const char* data, size_t size) {
      benchmark::DoNotOptimize(data);
      total += size;
    });
    benchmark::DoNotOptimize(total);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(expected.size()));
}

template <typename Sink>
void DrainSource(ByteSource& source, Sink& sink) {
  static std::vector<char> out(kOutBytes);
  for (;;) {
    const size_t got = source.Read(out.data(), out.size());
    if (got == 0) break;
    sink(out.data(), got);
  }
}

void BM_GzipIsal(benchmark::State& state) {
  const Inputs& in = Corpus();
  CheckedLoop(state, in.plain, [&](auto&& sink) {
    std::unique_ptr<ByteSource> source = MakeGzipSource(std::make_unique<MemorySource>(in.gz));
    DrainSource(*source, sink);
  });
}
BENCHMARK(BM_GzipIsal)->Unit(benchmark::kMillisecond);

void BM_GzipZlib(benchmark::State& state) {
  const Inputs& in = Corpus();
  const size_t in_chunk = static_cast<size_t>(state.range(0));
  CheckedLoop(state, in.plain, [&](auto&& sink) {
    static std::vector<char> out(kOutBytes);
    z_stream z{};
    inflateInit2(&z, MAX_WBITS + 32);
    size_t offset = 0;
    int ret = Z_OK;
    while (ret != Z_STREAM_END) {
      if (z.avail_in == 0) {
        const size_t take = std::min(in_chunk, in.gz.size() - offset);
        if (take == 0) break;
        z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.gz.data() + offset));
        z.avail_in = static_cast<uInt>(take);
        offset += take;
      }
      z.next_out = reinterpret_cast<Bytef*>(out.data());
      z.avail_out = static_cast<uInt>(out.size());
      ret = inflate(&z, Z_NO_FLUSH);
      if (ret != Z_OK && ret != Z_STREAM_END) break;
      sink(out.data(), out.size() - z.avail_out);
    }
    inflateEnd(&z);
  });
}
BENCHMARK(BM_GzipZlib)->Arg(256 << 10)->Unit(benchmark::kMillisecond);

void BM_GzipBoost(benchmark::State& state) {
  const Inputs& in = Corpus();
  const int buffer = static_cast<int>(state.range(0));  // 0: Boost's defaults
  CheckedLoop(state, in.plain, [&](auto&& sink) {
    namespace io = boost::iostreams;
    static std::vector<char> out(kOutBytes);
    io::filtering_istream stream;
    if (buffer > 0) {
      stream.push(io::gzip_decompressor(io::zlib::default_window_bits, buffer), buffer);
      stream.push(io::array_source(in.gz.data(), in.gz.size()), buffer);
    } else {
      stream.push(io::gzip_decompressor());
      stream.push(io::array_source(in.gz.data(), in.gz.size()));
    }
    for (;;) {
      stream.read(out.data(), static_cast<std::streamsize>(out.size()));
      const std::streamsize got = stream.gcount();
      if (got <= 0) break;
      sink(out.data(), static_cast<size_t>(got));
    }
  });
}
BENCHMARK(BM_GzipBoost)->Arg(0)->Arg(128 << 10)->Unit(benchmark::kMillisecond);

void BM_Zstd(benchmark::State& state) {
  const Inputs& in = Corpus();
  CheckedLoop(state, in.plain, [&](auto&& sink) {
    std::unique_ptr<ByteSource> source = MakeZstdSource(std::make_unique<MemorySource>(in.zst));
    DrainSource(*source, sink);
  });
}
BENCHMARK(BM_Zstd)->Unit(benchmark::kMillisecond);

// The whole .tar.gz path: magic detection, ISA-L, tar framing, member judging.
void BM_TarGzFramer(benchmark::State& state) {
  const Inputs& in = Corpus();
  const InputFile input{"bench.tar.gz", StreamKind::kUnknown, 0, false};
  CheckedLoop(state, in.plain, [&](auto&& sink) {
    static std::vector<char> out(kOutBytes);
    int layers = 0;
    std::unique_ptr<PeekSource> source =
        Decompress(std::make_unique<PeekSource>(std::make_unique<MemorySource>(in.tar_gz)), layers);
    std::unique_ptr<StreamFramer> framer = MakeArchiveFramer(input, std::move(source));
    StreamInfo info;
    std::string key;
    while (framer->NextSegment(info, key)) {
      for (;;) {
        const size_t got = framer->Read(out.data(), out.size());
        if (got == 0) break;
        sink(out.data(), got);
      }
    }
  });
}
BENCHMARK(BM_TarGzFramer)->Unit(benchmark::kMillisecond);

// The memory-speed floor: the same bytes copied out of a plain source.
void BM_PlainCopy(benchmark::State& state) {
  const Inputs& in = Corpus();
  CheckedLoop(state, in.plain, [&](auto&& sink) {
    MemorySource source(in.plain);
    DrainSource(source, sink);
  });
}
BENCHMARK(BM_PlainCopy)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace flinkscan

int main(int argc, char** argv) { return flinkscan::bench::RunCheckedBenchmarks(argc, argv); }

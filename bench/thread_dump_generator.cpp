#include "bench/thread_dump_generator.h"

#include <cstdio>
#include <random>
#include <vector>

namespace flinkscan::bench {
namespace {

const std::vector<std::vector<std::string>> kBusyStacks = {
    {"sun.nio.ch.EPoll.wait(java.base@17.0.10/Native Method)",
     "org.apache.kafka.clients.consumer.KafkaConsumer.poll(KafkaConsumer.java:1250)",
     "org.apache.flink.connector.kafka.source.reader.KafkaPartitionSplitReader.fetch(KafkaPartitionSplitReader.java:113)",
     "org.apache.flink.connector.base.source.reader.fetcher.SplitFetcher.run(SplitFetcher.java:114)",
     "java.lang.Thread.run(java.base@17.0.10/Thread.java:840)"},
    {"com.acme.score.Model.predict(Model.java:211)", "com.acme.score.ScoreFunction.map(ScoreFunction.java:48)",
     "org.apache.flink.streaming.api.operators.StreamMap.processElement(StreamMap.java:38)",
     "org.apache.flink.streaming.runtime.tasks.StreamTask.invoke(StreamTask.java:788)",
     "java.lang.Thread.run(java.base@17.0.10/Thread.java:840)"},
    {"jdk.internal.misc.Unsafe.park(java.base@17.0.10/Native Method)",
     "java.util.concurrent.locks.LockSupport.park(java.base@17.0.10/LockSupport.java:341)",
     "org.apache.flink.streaming.runtime.tasks.mailbox.TaskMailboxImpl.take(TaskMailboxImpl.java:149)",
     "java.lang.Thread.run(java.base@17.0.10/Thread.java:840)"},
};

std::string Line(const char* format, auto... values) {
  char buf[512];
  std::snprintf(buf, sizeof buf, format, values...);
  return buf;
}

}  // namespace

ThreadDumpCorpus GenerateThreadDumpCorpus(const ThreadDumpCorpusOptions& o) {
  std::mt19937_64 rng(o.seed);
  ThreadDumpCorpus corpus;
  std::string& t = corpus.text;
  const unsigned long long lock = 0xd1c0ffee00ULL + (rng() % 4096) * 16;
  for (int d = 0; d < o.dumps; ++d) {
    t += Line("2024-09-02 14:%02d:%02d\n", (d * 30) / 60 % 60, (d * 30) % 60);
    t += "Full thread dump OpenJDK 64-Bit Server VM (17.0.10+7 mixed mode, sharing):\n\n";
    t += "Threads class SMR info:\n_java_thread_list=0x00007f8c2c001f30, length=3, elements={\n}\n\n";
    for (int i = 0; i < o.threads; ++i) {
      const int number = 60 + i;
      const double cpu = static_cast<double>(rng() % 100000) / 10.0;
      if (i == 0) {
        t += Line("\"rate-refresher\" #%d daemon prio=5 os_prio=0 cpu=%.2fms elapsed=%d.50s tid=0x00007f8c2c%06x nid=0x%x "
                  "runnable  [0x00007f8bf4afc000]\n",
                  number, cpu, 900 + d * 30, number, number);
        t += "   java.lang.Thread.State: RUNNABLE\n";
        t += "\tat sun.nio.ch.Net.poll(java.base@17.0.10/Native Method)\n";
        t += "\tat " + o.holder_method + "(RateTable.java:101)\n";
        t += Line("\t- locked <0x%016llx> (a ", lock) + o.lock_class + ")\n";
        t += "\tat java.lang.Thread.run(java.base@17.0.10/Thread.java:840)\n\n";
        ++corpus.thread_samples;
        continue;
      }
      const bool blocked = i <= o.stuck;
      t += Line("\"Map -> Enrich (%d/%d)#0\" #%d prio=5 os_prio=0 cpu=%.2fms elapsed=%d.10s tid=0x00007f8c2c%06x nid=0x%x %s\n",
                i, o.threads, number, cpu, 900 + d * 30, number, number,
                blocked ? "waiting for monitor entry  [0x00007f8bf5dfe000]" : "runnable  [0x00007f8bf5dfe000]");
      if (blocked) {
        t += "   java.lang.Thread.State: BLOCKED (on object monitor)\n";
        t += "\tat " + o.stuck_method + "(RateTable.java:64)\n";
        t += Line("\t- waiting to lock <0x%016llx> (a ", lock) + o.lock_class + ")\n";
        t += "\tat com.acme.enrich.EnrichFunction.map(EnrichFunction.java:39)\n";
        t += "\tat org.apache.flink.streaming.api.operators.StreamMap.processElement(StreamMap.java:38)\n";
        t += "\tat java.lang.Thread.run(java.base@17.0.10/Thread.java:840)\n\n";
        ++corpus.blocked_samples;
      } else {
        const std::vector<std::string>& stack = kBusyStacks[rng() % kBusyStacks.size()];
        const bool parked = stack.front().find("park") != std::string::npos;
        t += parked ? "   java.lang.Thread.State: WAITING (parking)\n" : "   java.lang.Thread.State: RUNNABLE\n";
        for (const std::string& frame : stack) t += "\tat " + frame + "\n";
        t += "\n";
      }
      ++corpus.thread_samples;
    }
    t += "\"VM Thread\" os_prio=0 cpu=1260.44ms elapsed=3601.20s tid=0x00007f1e8c0d9000 nid=0x5b runnable  \n\n";
    t += "JNI global refs: 31, weak refs: 0\n\n";
  }
  return corpus;
}

}  // namespace flinkscan::bench

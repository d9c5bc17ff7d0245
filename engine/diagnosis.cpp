#include "engine/diagnosis.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string_view>

#include "engine/internal/incident_parts.h"
#include "engine/internal/text_match.h"
#include "engine/metric_series.h"

namespace flinkscan {
namespace {

using text::Contains;

bool ChainHas(const StoredThrowable& t, std::string_view part) {
  if (Contains(t.root_class, part) || Contains(t.outer_class, part)) return true;
  for (const std::string& link : t.chain) {
    if (Contains(link, part)) return true;
  }
  return false;
}

bool IsFrameworkFrame(const std::string& frame) {
  static constexpr std::string_view kPrefixes[] = {"org.apache.flink.", "java.",  "javax.", "sun.", "jdk.",
                                                   "scala.",            "akka.",  "org.apache.kafka.",
                                                   "org.apache.pekko.", "com.esotericsoftware."};
  for (std::string_view p : kPrefixes) {
    if (frame.rfind(p, 0) == 0) return true;
  }
  return false;
}

}  // namespace

OomKind OomKindOf(const StoredThrowable& t) {
  if (!t.present || !ChainHas(t, "OutOfMemoryError")) return OomKind::kNone;
  std::string all = t.root_message + "\n" + t.outer_message;
  for (const std::string& link : t.chain) all += "\n" + link;
  if (Contains(all, "Java heap space")) return OomKind::kHeap;
  if (Contains(all, "GC overhead limit exceeded")) return OomKind::kGcOverhead;
  if (Contains(all, "Metaspace")) return OomKind::kMetaspace;
  if (Contains(all, "Direct buffer memory")) return OomKind::kDirect;
  if (Contains(all, "native thread")) return OomKind::kNativeThread;
  return OomKind::kOther;
}

Diagnosis DiagnoseOom(OomKind kind) {
  switch (kind) {
    case OomKind::kHeap:
      return {"oom_heap", "The task ran out of JVM heap (java.lang.OutOfMemoryError: Java heap space).",
              "Raise taskmanager.memory.task.heap.size (or taskmanager.memory.process.size); if one subtask fails "
              "repeatedly, check the key distribution for data skew and state kept on the heap."};
    case OomKind::kGcOverhead:
      return {"oom_gc_overhead", "The JVM spent nearly all its time in GC (GC overhead limit exceeded).",
              "Raise taskmanager.memory.task.heap.size and check the GC log for the heap occupancy trend."};
    case OomKind::kMetaspace:
      return {"oom_metaspace", "Metaspace is exhausted, usually by classes loaded again on every job restart.",
              "Raise taskmanager.memory.jvm-metaspace.size; look for class-loader leaks in user code or "
              "connectors (threads, static caches) that survive a restart."};
    case OomKind::kDirect:
      return {"oom_direct", "Direct (off-heap) memory is exhausted.",
              "Raise taskmanager.memory.task.off-heap.size (user code/connectors) or "
              "taskmanager.memory.framework.off-heap.size; check network buffers and native connectors."};
    case OomKind::kNativeThread:
      return {"oom_native_thread", "The JVM could not create a new native thread.",
              "Check the process/thread limits (ulimit -u, pids cgroup) and user code that creates threads."};
    case OomKind::kContainerPmem:
      return {"container_memory_exceeded",
              "YARN killed the container for exceeding its physical memory limit: the process used more than "
              "taskmanager.memory.process.size (native memory, e.g. RocksDB, is the usual cause).",
              "Raise taskmanager.memory.process.size or the JVM overhead (taskmanager.memory.jvm-overhead.fraction); "
              "with RocksDB keep state.backend.rocksdb.memory.managed=true."};
    case OomKind::kContainerVmem:
      return {"container_vmem_exceeded",
              "YARN killed the container for exceeding its virtual memory limit (exit -103).",
              "Disable yarn.nodemanager.vmem-check-enabled or raise yarn.nodemanager.vmem-pmem-ratio on the "
              "NodeManagers; virtual memory limits are rarely meaningful for JVMs."};
    case OomKind::kPodOomKilled:
      return {"pod_oom_killed",
              "Kubernetes killed the TaskManager container for exceeding its memory limit (OOMKilled, exit 137).",
              "Raise taskmanager.memory.process.size / the pod memory limit together; check native memory "
              "(RocksDB, direct buffers) and taskmanager.memory.jvm-overhead.*."};
    case OomKind::kOther:
      return {"oom_other", "The JVM ran out of memory.", "Read the OutOfMemoryError message for the memory pool."};
    case OomKind::kNone:
      break;
  }
  return {};
}

Diagnosis DiagnoseFailure(const StoredThrowable& t) {
  if (!t.present) {
    return {"unknown", "The log shows the failure but not its cause.",
            "Read the TaskManager log of the failing task around the failure time."};
  }
  const OomKind oom = OomKindOf(t);
  if (oom != OomKind::kNone) return DiagnoseOom(oom);
  if (ChainHas(t, "Heartbeat of TaskManager") || ChainHas(t, "heartbeat of TaskManager") ||
      ChainHas(t, "remote task manager was lost") || ChainHas(t, "RemoteTransportException") ||
      ChainHas(t, "is no longer reachable")) {
    return {"taskmanager_lost", "A TaskManager was lost (heartbeat timeout or broken connection).",
            "Find why that TaskManager died: its own log and .out, the GC log (long pauses), and the "
            "container/pod exit reason; heartbeat.timeout only hides the symptom."};
  }
  if (ChainHas(t, "NoResourceAvailableException") || ChainHas(t, "Could not acquire the minimum required")) {
    return {"resource_shortage", "The job could not get the task slots it needs.",
            "Check that enough TaskManagers are running and registered (taskmanager.numberOfTaskSlots, "
            "cluster quota); lower the parallelism or raise slot.request.timeout."};
  }
  if (ChainHas(t, "tolerable failure threshold")) {
    return {"checkpoint_failure", "The job failed because too many checkpoints failed in a row.",
            "See the checkpoint failures incident for why they failed; "
            "execution.checkpointing.tolerable-failed-checkpoints sets how many are allowed."};
  }
  if (ChainHas(t, "Deserializ") || ChainHas(t, "deserializ") || ChainHas(t, "SerializationException") ||
      ChainHas(t, "KryoException") || ChainHas(t, "InvalidClassException") || ChainHas(t, "JsonParseException") ||
      ChainHas(t, "SchemaParseException") || ChainHas(t, "EOFException")) {
    return {"deserialization_exception", "A record or state could not be (de)serialized: " + t.root_class + ".",
            "Check the source schema against the data (a poison record or a changed schema), or state "
            "serializer compatibility after a job change; consider a dead-letter path for bad records."};
  }
  if (ChainHas(t, "OffsetOutOfRangeException")) {
    return {"kafka_offset_out_of_range",
            "The Kafka offset to resume from no longer exists (retention removed it) and no reset policy is set.",
            "Set properties.auto.offset.reset (or scan.startup.mode) for the source, and check that the job "
            "recovers faster than the topic's retention."};
  }
  if (ChainHas(t, "TimeoutException")) {
    return {"timeout", "An operation timed out: " + t.root_class + ".",
            "Check the external system or RPC named in the message; look for GC pauses or network trouble at "
            "that time."};
  }
  if (!t.root_frame.empty() && !IsFrameworkFrame(t.root_frame)) {
    return {"user_code_exception", "User code threw " + t.root_class + ".",
            "Fix or guard the user function at " + t.root_frame + " (e.g. bad input data)."};
  }
  return {"exception", "The failure's root cause is " + t.root_class + ".",
          "Read the full stack trace of the first failure (evidence) and the TaskManager log around it."};
}

Diagnosis DiagnoseCheckpointFailures(const std::string& reason_class) {
  if (reason_class == "timeout") {
    return {"checkpoint_timeout", "Checkpoints expired before completing: barriers are slow (backpressure) or "
                                  "snapshots take too long.",
            "Find the backpressured or slow operator; consider unaligned checkpoints "
            "(execution.checkpointing.unaligned), a larger execution.checkpointing.timeout, or incremental "
            "RocksDB checkpoints."};
  }
  if (reason_class == "tasks_not_running") {
    return {"tasks_not_running", "Checkpoints were declined because not all tasks were running.",
            "Usually transient during (re)deployment; if persistent, look for tasks stuck in DEPLOYING/"
            "INITIALIZING or finished sources (execution.checkpointing.checkpoints-after-tasks-finish)."};
  }
  if (reason_class == "external_storage") {
    return {"external_storage", "Writing the checkpoint to its storage failed.",
            "Check the checkpoint storage (state.checkpoints.dir: S3/HDFS/OSS endpoint, credentials, quota, "
            "throttling) named in the exception."};
  }
  if (reason_class == "state_size") {
    return {"state_too_large", "The checkpoint's state is too large for its transport or storage.",
            "Reduce state size (TTL, incremental checkpoints) or raise the limit named in the message."};
  }
  if (reason_class == "declined") {
    return {"checkpoint_declined", "Tasks declined the checkpoint.",
            "Read the decline cause in the TaskManager log of the declining task."};
  }
  if (reason_class == "failover") {
    return {"checkpoint_aborted_by_failover", "Checkpoints were discarded because the job failed over.",
            "See the failover incident for its root cause."};
  }
  return {"checkpoint_failure", "Checkpoints failed.", "Read the exception attached to the failure lines."};
}

}  // namespace flinkscan

namespace flinkscan {
namespace {

struct VertexPeak {
  const ResolvedMetricSeries* series = nullptr;
  double value = -1;
};

// The series of `metric` with the highest point mean overlapping [from, to];
// `skip` leaves out vertices back-pressured above a share (to find a bottleneck).
VertexPeak PeakDuring(const ResolvedMetrics& metrics, SeriesMetric metric, int64_t from, int64_t to) {
  VertexPeak best;
  for (const ResolvedMetricSeries& s : metrics.series) {
    if (s.metric != metric) continue;
    for (const MetricPoint& p : s.points) {
      if (p.end_ms < from || p.start_ms > to) continue;
      if (p.mean > best.value) best = {&s, p.mean};
    }
  }
  return best;
}

double VertexMeanDuring(const ResolvedMetrics& metrics, SeriesMetric metric, const std::string& vertex, int64_t from,
                        int64_t to) {
  double best = 0;
  for (const ResolvedMetricSeries& s : metrics.series) {
    if (s.metric != metric || s.vertex != vertex) continue;
    for (const MetricPoint& p : s.points) {
      if (p.end_ms >= from && p.start_ms <= to) best = std::max(best, p.mean);
    }
  }
  return best;
}

// The busiest vertex during the window that is not itself back-pressured: the bottleneck.
VertexPeak BottleneckDuring(const ResolvedMetrics& metrics, int64_t from, int64_t to) {
  VertexPeak best;
  for (const ResolvedMetricSeries& s : metrics.series) {
    if (s.metric != SeriesMetric::kBusy) continue;
    if (VertexMeanDuring(metrics, SeriesMetric::kBackpressure, s.vertex, from, to) >= 0.2) continue;
    for (const MetricPoint& p : s.points) {
      if (p.end_ms >= from && p.start_ms <= to && p.mean > best.value) best = {&s, p.mean};
    }
  }
  return best;
}

std::string Percent(double share) { return std::to_string(static_cast<int>(share * 100 + 0.5)) + " %"; }

std::string FactOf(const Incident& inc, std::string_view key) {
  for (const auto& [k, v] : inc.facts) {
    if (k == key) return v;
  }
  return "";
}

bool IsCrash(const Incident& inc) {
  return inc.kind == "job_failover" || inc.kind == "job_failed" || inc.kind == "task_failure";
}

// "Name (i/n)" -> Name, i, n.
bool SplitTask(const std::string& failed_task, std::string& name, int& index, int& parallelism) {
  const size_t open = failed_task.rfind(" (");
  if (open == std::string::npos || failed_task.back() != ')') return false;
  name = failed_task.substr(0, open);
  return std::sscanf(failed_task.c_str() + open, " (%d/%d)", &index, &parallelism) == 2;
}

bool SkewCanExplain(const std::string& cause) {
  return cause.rfind("oom_", 0) == 0 || cause == "container_memory_exceeded" || cause == "pod_oom_killed" ||
         cause == "timeout" || cause == "user_code_exception" || cause == "exception" || cause == "unknown";
}

void RefineStall(const ResolvedMetrics& metrics, Incident& inc) {
  const bool stall = inc.kind == "job_stall";
  const bool timeout = inc.kind == "checkpoint_failures" && inc.diagnosis.cause == "checkpoint_timeout";
  if (!stall && !timeout) return;
  const int64_t from = inc.sort_time_ms;
  const int64_t to = inc.end_sort_time_ms > from ? inc.end_sort_time_ms : from + 10 * 60'000;
  if (!metrics.Has(SeriesMetric::kBackpressure)) {
    inc.diagnosis.text += " No backpressure metrics (Slf4jReporter) in the input tell a back-pressured job from a "
                          "stuck checkpoint.";
    return;
  }
  const VertexPeak bp = PeakDuring(metrics, SeriesMetric::kBackpressure, from, to);
  if (bp.value >= 0.5) {
    const VertexPeak neck = BottleneckDuring(metrics, from, to);
    const std::string where = bp.series->vertex.empty() ? "a task" : "'" + bp.series->vertex + "'";
    inc.diagnosis.cause = stall ? "backpressure_stall" : "checkpoint_timeout_backpressure";
    inc.diagnosis.text = "Checkpoint barriers were held up by backpressure: " + where + " was back-pressured " +
                         Percent(bp.value) + (stall ? " while checkpoints stopped completing." : " while checkpoints expired.");
    inc.diagnosis.next_step =
        (neck.series && neck.value >= 0.5
             ? "The bottleneck is downstream: '" + neck.series->vertex + "' is busy " + Percent(neck.value) +
                   " and not back-pressured; give it more parallelism or resources. "
             : "Find the first busy, not back-pressured vertex downstream of " + where +
                   " (Web UI Backpressure tab) and give it more parallelism or resources. ") +
        "Unaligned checkpoints (execution.checkpointing.unaligned: true) or buffer debloating "
        "(taskmanager.network.memory.buffer-debloat.enabled) let barriers pass the backlog.";
    incident::AddFact(inc, "backpressured_vertex", bp.series->vertex);
    incident::AddFact(inc, "backpressure", Percent(bp.value));
    return;
  }
  inc.diagnosis.cause = stall ? "checkpoint_stuck" : inc.diagnosis.cause;
  inc.diagnosis.text += " Metrics show no vertex back-pressured at the time (at most " +
                        Percent(std::max(bp.value, 0.0)) + "): a snapshot itself is stuck or slow.";
  inc.diagnosis.next_step =
      "Open the checkpoint's details (Web UI Checkpoints) for the subtask that did not acknowledge, take a thread "
      "dump of its TaskManager (blocked snapshot or async upload threads), and check the checkpoint storage "
      "(state.checkpoints.dir) for slow writes.";
}

}  // namespace

void RefineDiagnoses(const ResolvedMetrics& metrics, const EventFormatter& fmt, std::vector<Incident>& incidents) {
  (void)fmt;
  for (Incident& inc : incidents) RefineStall(metrics, inc);

  // Data skew from repetition: one subtask index of a parallel task fails again and again, no sibling does.
  std::map<std::pair<std::string, std::string>, std::map<int, int>> failures;  // (job, task) -> index -> count
  for (const Incident& inc : incidents) {
    std::string name;
    int index = 0, parallelism = 0;
    if (!IsCrash(inc) || !SplitTask(FactOf(inc, "failed_task"), name, index, parallelism)) continue;
    ++failures[{inc.job_id, name}][index];
  }
  // Data skew from metrics: the metric incidents name the hot subtask.
  std::map<std::string, std::pair<int, std::string>> hot;  // vertex -> (0-based subtask, figure)
  for (const Incident& inc : incidents) {
    if (inc.kind != "data_skew") continue;
    hot[FactOf(inc, "vertex")] = {std::atoi(FactOf(inc, "hot_subtask").c_str()), FactOf(inc, "hot_subtask_busy")};
  }
  for (Incident& inc : incidents) {
    std::string name;
    int index = 0, parallelism = 0;
    if (!IsCrash(inc) || !SplitTask(FactOf(inc, "failed_task"), name, index, parallelism) || parallelism < 2) continue;
    if (!SkewCanExplain(inc.diagnosis.cause)) continue;
    const std::map<int, int>& by_index = failures[{inc.job_id, name}];
    const int repeats = by_index.count(index) ? by_index.at(index) : 0;
    std::string evidence;
    if (repeats >= 3 && by_index.size() == 1) {
      evidence = "subtask " + std::to_string(index) + "/" + std::to_string(parallelism) + " of '" + name +
                 "' failed " + std::to_string(repeats) + " times and none of its siblings did";
    } else {
      for (const auto& [vertex, h] : hot) {
        if (vertex.empty() || name.compare(0, vertex.size(), vertex) != 0 || h.first + 1 != index) continue;
        evidence = "metrics show subtask " + std::to_string(index) + "/" + std::to_string(parallelism) + " of '" +
                   name + "' busy " + h.second + " while its siblings idled";
      }
    }
    if (evidence.empty()) continue;
    const Diagnosis original = inc.diagnosis;
    inc.diagnosis.cause = "data_skew";
    inc.diagnosis.text = "Data skew: " + evidence + " (the failure itself: " + original.cause +
                         "). One key or partition likely sends that subtask far more records or state.";
    inc.diagnosis.next_step =
        "Check the key distribution feeding '" + name +
        "' (hot keys after keyBy, per-subtask numRecordsIn and state size in the Web UI); salt or pre-aggregate "
        "hot keys, or rebalance the source partitions. Meanwhile: " +
        original.next_step;
    incident::AddFact(inc, "skewed_subtask", std::to_string(index));
  }
}

}  // namespace flinkscan

namespace flinkscan {

bool CheckpointGrowth::Growing() const {
  return checkpoints >= 3 && first_bytes > 0 && last_bytes >= first_bytes * 3 / 2 && last_ms >= first_ms;
}

std::string StorageSystemOf(const StoredThrowable& t) {
  if (!t.present) return "";
  std::string all = t.outer_class + ": " + t.outer_message + "\n" + t.root_class + ": " + t.root_message;
  for (const std::string& link : t.chain) all += "\n" + link;
  struct Kind {
    std::string_view part;
    std::string_view name;
  };
  static constexpr Kind kKinds[] = {
      {"AmazonS3Exception", "S3"},     {"SdkClientException", "S3"},   {"com.amazonaws", "S3"},
      {"software.amazon", "S3"},       {"s3a://", "S3"},               {"s3://", "S3"},
      {"S3AFileSystem", "S3"},         {"presto.s3", "S3"},            {"LeaseExpiredException", "HDFS"},
      {"org.apache.hadoop.hdfs", "HDFS"}, {"hdfs://", "HDFS"},         {"org.apache.hadoop.ipc", "HDFS"},
      {"com.aliyun.oss", "OSS"},       {"oss://", "OSS"},              {"com.google.cloud.storage", "GCS"},
      {"gs://", "GCS"},                {"com.microsoft.azure", "Azure storage"}, {"abfs://", "Azure storage"},
      {"wasb://", "Azure storage"},    {"org.apache.hadoop.fs", "Hadoop FileSystem"},
      {"No space left on device", "local disk (full)"}, {"FileNotFoundException", "checkpoint directory (missing file)"},
  };
  for (const Kind& k : kKinds) {
    if (text::Contains(all, k.part)) return std::string(k.name);
  }
  return "";
}

Diagnosis DiagnoseCheckpointFailures(const std::string& reason_class, const StoredThrowable* cause,
                                     const CheckpointGrowth& growth) {
  Diagnosis d = DiagnoseCheckpointFailures(reason_class);
  if (reason_class == "external_storage" && cause != nullptr) {
    const std::string storage = StorageSystemOf(*cause);
    if (!storage.empty()) {
      d.text = "Writing the checkpoint to its storage failed: " + storage + " (" + cause->root_class + ").";
      d.next_step = "Check " + storage +
                    " for the path in state.checkpoints.dir: endpoint reachability, credentials, quota and "
                    "throttling (S3 503 SlowDown, HDFS lease or NameNode errors); the exception chain names the "
                    "request.";
    }
  }
  if ((reason_class == "timeout" || reason_class == "state_size") && growth.Growing()) {
    d.cause = "state_too_large";
    d.text = "State grows: completed checkpoints grew from " + std::to_string(growth.first_bytes) + " to " +
             std::to_string(growth.last_bytes) + " bytes and from " + std::to_string(growth.first_ms) + " to " +
             std::to_string(growth.last_ms) + " ms over the last " + std::to_string(growth.checkpoints) +
             " before checkpoints started to fail.";
    d.next_step =
        "Bound the state (state TTL: table.exec.state.ttl or StateTtlConfig; windows that never fire), use "
        "incremental RocksDB checkpoints (execution.checkpointing.incremental / state.backend.incremental), and "
        "raise execution.checkpointing.timeout only as a stopgap.";
  }
  return d;
}

}  // namespace flinkscan

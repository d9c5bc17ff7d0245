#include "engine/diagnosis.h"

#include <string_view>

#include "engine/internal/text_match.h"

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

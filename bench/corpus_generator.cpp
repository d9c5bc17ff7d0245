#include "bench/corpus_generator.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <queue>
#include <string_view>
#include <system_error>
#include <utility>

#include <fmt/format.h>

#include "base/wall_time.h"

namespace flinkscan {
namespace {

constexpr int64_t kNever = INT64_MAX;
constexpr int64_t kCheckpointTimeoutMs = 60'000;
constexpr int64_t kHeartbeatTimeoutMs = 50'000;
constexpr int64_t kRestartDelayMs = 10'000;
constexpr int64_t kSlowThresholdMs = 30'000;       // the engine's default slow_checkpoint threshold
constexpr int64_t kSameLossWindowMs = 6 * 60'000;  // > the engine's 5 min window for one loss
constexpr int kQuietCheckpoints = 2;               // normal completions between two incidents
constexpr std::string_view kVersion = "1.17.2";

// splitmix64 (Steele, Lea, Flood 2014): tiny, fast, and the same sequence on
// every platform, unlike std:: distributions.
class SplitMix64 {
 public:
  explicit SplitMix64(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n).
  uint64_t Below(uint64_t n) {
    return n == 0 ? 0 : static_cast<uint64_t>((static_cast<unsigned __int128>(Next()) * n) >> 64);
  }
  // Uniform in [lo, hi].
  int64_t Between(int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(Below(static_cast<uint64_t>(hi - lo) + 1));
  }
  bool Percent(int p) { return Below(100) < static_cast<uint64_t>(p); }
  std::string Hex(size_t digits) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string s(digits, '0');
    uint64_t bits = 0;
    for (size_t i = 0; i < digits; ++i) {
      if (i % 16 == 0) bits = Next();
      s[i] = kDigits[bits & 15];
      bits >>= 4;
    }
    return s;
  }
  template <typename T>
  void Shuffle(std::vector<T>& v) {
    for (size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[Below(i)]);
  }

 private:
  uint64_t state_;
};

// ---------------------------------------------------------------------------
// Timestamps: "2026-11-28 09:55:01,512" (log4j2 %d{yyyy-MM-dd HH:mm:ss,SSS}).

class TimeText {
 public:
  void AppendLogStamp(std::string& out, int64_t ms) {
    const int64_t day = ms / kMillisPerDay;
    if (day != cached_day_) {
      const CivilDate d = CivilFromDays(day);
      cached_date_ = fmt::format("{:04}-{:02}-{:02}", d.year, d.month, d.day);
      cached_day_ = day;
    }
    int64_t rest = ms % kMillisPerDay;
    const int h = static_cast<int>(rest / 3'600'000);
    rest %= 3'600'000;
    const int m = static_cast<int>(rest / 60'000);
    rest %= 60'000;
    const int s = static_cast<int>(rest / 1000);
    const int milli = static_cast<int>(rest % 1000);
    char buf[16];
    buf[0] = ' ';
    buf[1] = static_cast<char>('0' + h / 10);
    buf[2] = static_cast<char>('0' + h % 10);
    buf[3] = ':';
    buf[4] = static_cast<char>('0' + m / 10);
    buf[5] = static_cast<char>('0' + m % 10);
    buf[6] = ':';
    buf[7] = static_cast<char>('0' + s / 10);
    buf[8] = static_cast<char>('0' + s % 10);
    buf[9] = ',';
    buf[10] = static_cast<char>('0' + milli / 100);
    buf[11] = static_cast<char>('0' + milli / 10 % 10);
    buf[12] = static_cast<char>('0' + milli % 10);
    out += cached_date_;
    out.append(buf, 13);
  }
  static std::string Iso(int64_t ms) {
    const CivilDate d = CivilFromDays(ms / kMillisPerDay);
    const int64_t rest = ms % kMillisPerDay;
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}", d.year, d.month, d.day, rest / 3'600'000,
                       rest / 60'000 % 60, rest / 1000 % 60, rest % 1000);
  }

 private:
  int64_t cached_day_ = INT64_MIN;
  std::string cached_date_;
};

// ---------------------------------------------------------------------------
// One output file, written through its own buffer so memory stays bounded.

class CorpusFile {
 public:
  CorpusFile(std::string relative_path, std::string kind) {
    truth_.path = std::move(relative_path);
    truth_.kind = std::move(kind);
  }
  CorpusFile(CorpusFile&& other) noexcept
      : truth_(std::move(other.truth_)),
        fd_(std::exchange(other.fd_, -1)),
        buffer_(std::move(other.buffer_)) {}
  CorpusFile(const CorpusFile&) = delete;
  CorpusFile& operator=(const CorpusFile&) = delete;
  ~CorpusFile() {
    if (fd_ >= 0) ::close(fd_);
  }

  Status Open(const std::string& root) {
    const std::string path = root + "/" + truth_.path;
    fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd_ < 0) return Status::Error(fmt::format("{}: {}", path, std::strerror(errno)));
    buffer_.reserve(kBufferBytes + 4096);
    return Status::Ok();
  }

  void Append(std::string_view text, bool is_record) {
    truth_.bytes += text.size();
    truth_.lines += static_cast<uint64_t>(std::count(text.begin(), text.end(), '\n'));
    if (is_record) ++truth_.records;
    buffer_.append(text);
    if (buffer_.size() >= kBufferBytes) Flush();
  }

  Status Close() {
    Flush();
    if (fd_ >= 0 && ::close(fd_) != 0 && error_.empty()) error_ = std::strerror(errno);
    fd_ = -1;
    if (!error_.empty()) return Status::Error(fmt::format("{}: {}", truth_.path, error_));
    return Status::Ok();
  }

  const CorpusFileTruth& truth() const { return truth_; }

 private:
  static constexpr size_t kBufferBytes = 1u << 20;

  void Flush() {
    size_t done = 0;
    while (done < buffer_.size() && error_.empty()) {
      const ssize_t n = ::write(fd_, buffer_.data() + done, buffer_.size() - done);
      if (n < 0) {
        if (errno == EINTR) continue;
        error_ = std::strerror(errno);
        break;
      }
      done += static_cast<size_t>(n);
    }
    buffer_.clear();
  }

  CorpusFileTruth truth_;
  int fd_ = -1;
  std::string buffer_;
  std::string error_;
};

// ---------------------------------------------------------------------------
// Loggers, exactly as Flink 1.17 / kafka-clients 3.2 / the user job name them.

constexpr std::string_view kLogEntrypoint = "org.apache.flink.runtime.entrypoint.ClusterEntrypoint";
constexpr std::string_view kLogTmRunner = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";
constexpr std::string_view kLogConfig = "org.apache.flink.configuration.GlobalConfiguration";
constexpr std::string_view kLogCheckpointCoordinator =
    "org.apache.flink.runtime.checkpoint.CheckpointCoordinator";
constexpr std::string_view kLogFailureManager =
    "org.apache.flink.runtime.checkpoint.CheckpointFailureManager";
constexpr std::string_view kLogExecutionGraph = "org.apache.flink.runtime.executiongraph.ExecutionGraph";
constexpr std::string_view kLogRegionFailover =
    "org.apache.flink.runtime.executiongraph.failover.flip1.RestartPipelinedRegionFailoverStrategy";
constexpr std::string_view kLogJobMaster = "org.apache.flink.runtime.jobmaster.JobMaster";
constexpr std::string_view kLogDispatcher = "org.apache.flink.runtime.dispatcher.StandaloneDispatcher";
constexpr std::string_view kLogResourceManager =
    "org.apache.flink.runtime.resourcemanager.StandaloneResourceManager";
constexpr std::string_view kLogSlotManager =
    "org.apache.flink.runtime.resourcemanager.slotmanager.DeclarativeSlotManager";
constexpr std::string_view kLogSourceCoordinator =
    "org.apache.flink.runtime.source.coordinator.SourceCoordinator";
constexpr std::string_view kLogTask = "org.apache.flink.runtime.taskmanager.Task";
constexpr std::string_view kLogTaskExecutor = "org.apache.flink.runtime.taskexecutor.TaskExecutor";
constexpr std::string_view kLogSlotTable = "org.apache.flink.runtime.taskexecutor.slot.TaskSlotTableImpl";
constexpr std::string_view kLogJobLeader = "org.apache.flink.runtime.taskexecutor.DefaultJobLeaderService";
constexpr std::string_view kLogStreamTask = "org.apache.flink.streaming.runtime.tasks.StreamTask";
constexpr std::string_view kLogSourceReader =
    "org.apache.flink.connector.base.source.reader.SourceReaderBase";
constexpr std::string_view kLogSplitFetcher =
    "org.apache.flink.connector.base.source.reader.fetcher.SplitFetcher";
constexpr std::string_view kLogSplitFetcherManager =
    "org.apache.flink.connector.base.source.reader.fetcher.SplitFetcherManager";
constexpr std::string_view kLogConsumerConfig = "org.apache.kafka.clients.consumer.ConsumerConfig";
constexpr std::string_view kLogProducerConfig = "org.apache.kafka.clients.producer.ProducerConfig";
constexpr std::string_view kLogAppInfo = "org.apache.kafka.common.utils.AppInfoParser";
constexpr std::string_view kLogKafkaConsumer = "org.apache.kafka.clients.consumer.KafkaConsumer";
constexpr std::string_view kLogKafkaProducer = "org.apache.kafka.clients.producer.KafkaProducer";
constexpr std::string_view kLogKafkaMetrics = "org.apache.kafka.common.metrics.Metrics";
constexpr std::string_view kLogFetcher = "org.apache.kafka.clients.consumer.internals.Fetcher";
constexpr std::string_view kLogFetchSession = "org.apache.kafka.clients.FetchSessionHandler";
constexpr std::string_view kLogNetworkClient = "org.apache.kafka.clients.NetworkClient";
constexpr std::string_view kLogSender = "org.apache.kafka.clients.producer.internals.Sender";
constexpr std::string_view kLogHeapBuilder =
    "org.apache.flink.runtime.state.heap.HeapKeyedStateBackendBuilder";
constexpr std::string_view kLogHeapBackend = "org.apache.flink.runtime.state.heap.HeapKeyedStateBackend";
constexpr std::string_view kLogFraudDetector = "com.example.fraud.FraudDetector";
constexpr std::string_view kLogEnricher = "com.example.fraud.TransactionEnricher";
constexpr std::string_view kLogParser = "com.example.fraud.TransactionParser";
constexpr std::string_view kLogAlertSink = "com.example.fraud.AlertSink";
constexpr std::string_view kLogRuleLoader = "com.example.fraud.RuleLoader";

enum class Level { kInfo, kWarn, kError };

std::string_view LevelText(Level level) {
  switch (level) {
    case Level::kInfo:
      return "INFO ";
    case Level::kWarn:
      return "WARN ";
    case Level::kError:
      return "ERROR";
  }
  return "INFO ";
}

// ---------------------------------------------------------------------------
// Throwables: frames with the jar log4j2's extended stack trace prints.

enum class Jar : uint8_t {
  kJdk,        // ~[?:?]
  kJdkExact,   // [?:?]
  kDist,       // ~[flink-dist-1.17.2.jar:1.17.2]
  kDistExact,  // [flink-dist-1.17.2.jar:1.17.2]
  kUser,       // the job's blob on a TaskManager, ~[?:?] on the JobManager
  kKafkaConnector,
  kConnectorBase,
  kKafkaClients,
  kFlinkJson,
  kRpc,
};

struct Frame {
  std::string_view call;  // "java.util.HashMap.resize(HashMap.java:704)"
  Jar jar;
};

struct ThrowableLevel {
  std::string header;       // "java.lang.OutOfMemoryError: Java heap space"
  std::string_view detail;  // extra message lines (e.g. Jackson's " at [Source: …]"), each ending in '\n'
  const Frame* frames = nullptr;
  size_t frame_count = 0;
  int more = 0;  // "\t... N more"
};

constexpr Frame kTaskThreadFrames[] = {
    {"org.apache.flink.streaming.runtime.io.StreamOneInputProcessor.processInput(StreamOneInputProcessor."
     "java:65)",
     Jar::kDist},
    {"org.apache.flink.streaming.runtime.tasks.StreamTask.processInput(StreamTask.java:550)", Jar::kDist},
    {"org.apache.flink.streaming.runtime.tasks.mailbox.MailboxProcessor.runMailboxLoop(MailboxProcessor.java:"
     "231)",
     Jar::kDist},
    {"org.apache.flink.streaming.runtime.tasks.StreamTask.runMailboxLoop(StreamTask.java:839)", Jar::kDist},
    {"org.apache.flink.streaming.runtime.tasks.StreamTask.invoke(StreamTask.java:788)", Jar::kDist},
    {"org.apache.flink.runtime.taskmanager.Task.runWithSystemExitMonitoring(Task.java:952)", Jar::kDist},
    {"org.apache.flink.runtime.taskmanager.Task.restoreAndInvoke(Task.java:931)", Jar::kDistExact},
    {"org.apache.flink.runtime.taskmanager.Task.doRun(Task.java:745)", Jar::kDistExact},
    {"org.apache.flink.runtime.taskmanager.Task.run(Task.java:562)", Jar::kDistExact},
    {"java.lang.Thread.run(Thread.java:829)", Jar::kJdkExact},
};

constexpr Frame kOomFrames[] = {
    {"java.util.HashMap.resize(HashMap.java:704)", Jar::kJdk},
    {"java.util.HashMap.putVal(HashMap.java:663)", Jar::kJdk},
    {"java.util.HashMap.put(HashMap.java:612)", Jar::kJdk},
    {"com.example.fraud.CardFingerprintCache.remember(CardFingerprintCache.java:58)", Jar::kUser},
    {"com.example.fraud.FraudDetector.processElement(FraudDetector.java:94)", Jar::kUser},
    {"com.example.fraud.FraudDetector.processElement(FraudDetector.java:37)", Jar::kUser},
    {"org.apache.flink.streaming.api.operators.KeyedProcessOperator.processElement(KeyedProcessOperator.java:"
     "83)",
     Jar::kDist},
    {"org.apache.flink.streaming.runtime.tasks.OneInputStreamTask$StreamTaskNetworkOutput.emitRecord("
     "OneInputStreamTask.java:237)",
     Jar::kDist},
    {"org.apache.flink.streaming.runtime.io.AbstractStreamTaskNetworkInput.processElement("
     "AbstractStreamTaskNetworkInput.java:146)",
     Jar::kDist},
    {"org.apache.flink.streaming.runtime.io.AbstractStreamTaskNetworkInput.emitNext("
     "AbstractStreamTaskNetworkInput.java:110)",
     Jar::kDist},
};

constexpr Frame kUserCodeFrames[] = {
    {"com.example.fraud.RuleEngine.score(RuleEngine.java:131)", Jar::kUser},
    {"com.example.fraud.RuleEngine.evaluate(RuleEngine.java:77)", Jar::kUser},
    {"com.example.fraud.FraudDetector.processElement(FraudDetector.java:88)", Jar::kUser},
    {"com.example.fraud.FraudDetector.processElement(FraudDetector.java:37)", Jar::kUser},
    {"org.apache.flink.streaming.api.operators.KeyedProcessOperator.processElement(KeyedProcessOperator.java:"
     "83)",
     Jar::kDist},
    {"org.apache.flink.streaming.runtime.tasks.OneInputStreamTask$StreamTaskNetworkOutput.emitRecord("
     "OneInputStreamTask.java:237)",
     Jar::kDist},
    {"org.apache.flink.streaming.runtime.io.AbstractStreamTaskNetworkInput.processElement("
     "AbstractStreamTaskNetworkInput.java:146)",
     Jar::kDist},
    {"org.apache.flink.streaming.runtime.io.AbstractStreamTaskNetworkInput.emitNext("
     "AbstractStreamTaskNetworkInput.java:110)",
     Jar::kDist},
};

constexpr Frame kDeserializeOuterFrames[] = {
    {"org.apache.flink.connector.kafka.source.reader.KafkaRecordEmitter.emitRecord(KafkaRecordEmitter.java:"
     "56)",
     Jar::kKafkaConnector},
    {"org.apache.flink.connector.kafka.source.reader.KafkaRecordEmitter.emitRecord(KafkaRecordEmitter.java:"
     "33)",
     Jar::kKafkaConnector},
    {"org.apache.flink.connector.base.source.reader.SourceReaderBase.pollNext(SourceReaderBase.java:144)",
     Jar::kConnectorBase},
    {"org.apache.flink.streaming.api.operators.SourceOperator.emitNext(SourceOperator.java:419)", Jar::kDist},
    {"org.apache.flink.streaming.runtime.io.StreamTaskSourceInput.emitNext(StreamTaskSourceInput.java:68)",
     Jar::kDist},
};

constexpr Frame kJacksonFrames[] = {
    {"org.apache.flink.shaded.jackson2.com.fasterxml.jackson.core.JsonParser._constructError(JsonParser.java:"
     "2391)",
     Jar::kDist},
    {"org.apache.flink.shaded.jackson2.com.fasterxml.jackson.core.base.ParserMinimalBase._reportError("
     "ParserMinimalBase.java:735)",
     Jar::kDist},
    {"org.apache.flink.shaded.jackson2.com.fasterxml.jackson.core.base.ParserMinimalBase._"
     "reportUnexpectedChar("
     "ParserMinimalBase.java:659)",
     Jar::kDist},
    {"org.apache.flink.shaded.jackson2.com.fasterxml.jackson.core.json.UTF8StreamJsonParser._handleOddName("
     "UTF8StreamJsonParser.java:2023)",
     Jar::kDist},
    {"org.apache.flink.shaded.jackson2.com.fasterxml.jackson.core.json.UTF8StreamJsonParser.nextFieldName("
     "UTF8StreamJsonParser.java:1034)",
     Jar::kDist},
    {"org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.deser.BeanDeserializer."
     "vanillaDeserialize("
     "BeanDeserializer.java:320)",
     Jar::kDist},
    {"org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper._readMapAndClose("
     "ObjectMapper.java:4674)",
     Jar::kDist},
    {"org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper.readValue(ObjectMapper."
     "java:3690)",
     Jar::kDist},
    {"org.apache.flink.formats.json.JsonDeserializationSchema.deserialize(JsonDeserializationSchema.java:69)",
     Jar::kFlinkJson},
    {"org.apache.flink.api.common.serialization.DeserializationSchema.deserialize(DeserializationSchema.java:"
     "82)",
     Jar::kDist},
    {"org.apache.flink.connector.kafka.source.reader.deserializer.KafkaValueOnlyDeserializationSchemaWrapper."
     "deserialize(KafkaValueOnlyDeserializationSchemaWrapper.java:51)",
     Jar::kKafkaConnector},
    {"org.apache.flink.connector.kafka.source.reader.KafkaRecordEmitter.emitRecord(KafkaRecordEmitter.java:"
     "53)",
     Jar::kKafkaConnector},
};

constexpr Frame kFetcherCheckFrames[] = {
    {"org.apache.flink.connector.base.source.reader.fetcher.SplitFetcherManager.checkErrors("
     "SplitFetcherManager.java:261)",
     Jar::kConnectorBase},
    {"org.apache.flink.connector.base.source.reader.SourceReaderBase.getNextFetch(SourceReaderBase.java:169)",
     Jar::kConnectorBase},
    {"org.apache.flink.connector.base.source.reader.SourceReaderBase.pollNext(SourceReaderBase.java:131)",
     Jar::kConnectorBase},
    {"org.apache.flink.connector.base.source.reader.SourceReaderBase.pollNext(SourceReaderBase.java:157)",
     Jar::kConnectorBase},
    {"org.apache.flink.streaming.api.operators.SourceOperator.emitNext(SourceOperator.java:419)", Jar::kDist},
    {"org.apache.flink.streaming.runtime.io.StreamTaskSourceInput.emitNext(StreamTaskSourceInput.java:68)",
     Jar::kDist},
};

constexpr Frame kSplitFetcherFrames[] = {
    {"org.apache.flink.connector.base.source.reader.fetcher.SplitFetcher.runOnce(SplitFetcher.java:165)",
     Jar::kConnectorBase},
    {"org.apache.flink.connector.base.source.reader.fetcher.SplitFetcher.run(SplitFetcher.java:114)",
     Jar::kConnectorBase},
    {"java.util.concurrent.Executors$RunnableAdapter.call(Executors.java:515)", Jar::kJdk},
    {"java.util.concurrent.FutureTask.run(FutureTask.java:264)", Jar::kJdk},
    {"java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1128)", Jar::kJdk},
    {"java.util.concurrent.ThreadPoolExecutor$Worker.run(ThreadPoolExecutor.java:628)", Jar::kJdk},
};

constexpr Frame kOffsetOutOfRangeFrames[] = {
    {"org.apache.kafka.clients.consumer.internals.Fetcher.handleOffsetOutOfRange(Fetcher.java:1405)",
     Jar::kKafkaClients},
    {"org.apache.kafka.clients.consumer.internals.Fetcher.initializeCompletedFetch(Fetcher.java:1357)",
     Jar::kKafkaClients},
    {"org.apache.kafka.clients.consumer.internals.Fetcher.collectFetch(Fetcher.java:658)",
     Jar::kKafkaClients},
    {"org.apache.kafka.clients.consumer.KafkaConsumer.pollForFetches(KafkaConsumer.java:1286)",
     Jar::kKafkaClients},
    {"org.apache.kafka.clients.consumer.KafkaConsumer.poll(KafkaConsumer.java:1242)", Jar::kKafkaClients},
    {"org.apache.kafka.clients.consumer.KafkaConsumer.poll(KafkaConsumer.java:1215)", Jar::kKafkaClients},
    {"org.apache.flink.connector.kafka.source.reader.KafkaPartitionSplitReader.fetch("
     "KafkaPartitionSplitReader.java:101)",
     Jar::kKafkaConnector},
    {"org.apache.flink.connector.base.source.reader.fetcher.FetchTask.run(FetchTask.java:58)",
     Jar::kConnectorBase},
    {"org.apache.flink.connector.base.source.reader.fetcher.SplitFetcher.runOnce(SplitFetcher.java:162)",
     Jar::kConnectorBase},
};

constexpr Frame kExpiredFrames[] = {
    {"org.apache.flink.runtime.checkpoint.CheckpointCoordinator$CheckpointCanceller.run("
     "CheckpointCoordinator.java:2216)",
     Jar::kDistExact},
    {"java.util.concurrent.Executors$RunnableAdapter.call(Executors.java:515)", Jar::kJdkExact},
    {"java.util.concurrent.FutureTask.run(FutureTask.java:264)", Jar::kJdkExact},
    {"java.util.concurrent.ScheduledThreadPoolExecutor$ScheduledFutureTask.run("
     "ScheduledThreadPoolExecutor.java:304)",
     Jar::kJdkExact},
    {"java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1128)", Jar::kJdkExact},
    {"java.util.concurrent.ThreadPoolExecutor$Worker.run(ThreadPoolExecutor.java:628)", Jar::kJdkExact},
    {"java.lang.Thread.run(Thread.java:829)", Jar::kJdkExact},
};

constexpr Frame kSuspendingFrames[] = {
    {"org.apache.flink.runtime.checkpoint.CheckpointCoordinator.stopCheckpointScheduler("
     "CheckpointCoordinator.java:1976)",
     Jar::kDist},
    {"org.apache.flink.runtime.checkpoint.CheckpointCoordinatorDeActivator.jobStatusChanges("
     "CheckpointCoordinatorDeActivator.java:46)",
     Jar::kDist},
    {"org.apache.flink.runtime.executiongraph.DefaultExecutionGraph.notifyJobStatusChange("
     "DefaultExecutionGraph.java:1589)",
     Jar::kDist},
    {"org.apache.flink.runtime.executiongraph.DefaultExecutionGraph.transitionState(DefaultExecutionGraph."
     "java:1155)",
     Jar::kDist},
    {"org.apache.flink.runtime.executiongraph.DefaultExecutionGraph.transitionState(DefaultExecutionGraph."
     "java:1127)",
     Jar::kDist},
    {"org.apache.flink.runtime.scheduler.SchedulerBase.transitionExecutionGraphState(SchedulerBase.java:604)",
     Jar::kDist},
    {"org.apache.flink.runtime.scheduler.DefaultScheduler.addVerticesToRestartPending(DefaultScheduler.java:"
     "351)",
     Jar::kDist},
    {"org.apache.flink.runtime.scheduler.DefaultScheduler.restartTasksWithDelay(DefaultScheduler.java:318)",
     Jar::kDist},
    {"org.apache.flink.runtime.scheduler.DefaultScheduler.maybeRestartTasks(DefaultScheduler.java:291)",
     Jar::kDist},
    {"org.apache.flink.runtime.scheduler.DefaultScheduler.handleTaskFailure(DefaultScheduler.java:262)",
     Jar::kDist},
    {"org.apache.flink.runtime.scheduler.DefaultScheduler.onTaskFailed(DefaultScheduler.java:255)",
     Jar::kDist},
    {"org.apache.flink.runtime.scheduler.SchedulerBase.onTaskExecutionStateUpdate(SchedulerBase.java:753)",
     Jar::kDist},
    {"org.apache.flink.runtime.scheduler.SchedulerBase.updateTaskExecutionState(SchedulerBase.java:730)",
     Jar::kDist},
    {"org.apache.flink.runtime.jobmaster.JobMaster.updateTaskExecutionState(JobMaster.java:483)", Jar::kDist},
    {"jdk.internal.reflect.GeneratedMethodAccessor31.invoke(Unknown Source)", Jar::kJdk},
    {"jdk.internal.reflect.DelegatingMethodAccessorImpl.invoke(DelegatingMethodAccessorImpl.java:43)",
     Jar::kJdk},
    {"java.lang.reflect.Method.invoke(Method.java:566)", Jar::kJdk},
    {"org.apache.flink.runtime.rpc.akka.AkkaRpcActor.lambda$handleRpcInvocation$1(AkkaRpcActor.java:309)",
     Jar::kRpc},
    {"org.apache.flink.runtime.concurrent.akka.ClassLoadingUtils.runWithContextClassLoader(ClassLoadingUtils."
     "java:83)",
     Jar::kRpc},
    {"org.apache.flink.runtime.rpc.akka.AkkaRpcActor.handleRpcInvocation(AkkaRpcActor.java:307)", Jar::kRpc},
    {"org.apache.flink.runtime.rpc.akka.AkkaRpcActor.handleRpcMessage(AkkaRpcActor.java:222)", Jar::kRpc},
    {"org.apache.flink.runtime.rpc.akka.FencedAkkaRpcActor.handleRpcMessage(FencedAkkaRpcActor.java:84)",
     Jar::kRpc},
    {"org.apache.flink.runtime.rpc.akka.AkkaRpcActor.handleMessage(AkkaRpcActor.java:168)", Jar::kRpc},
    {"akka.actor.ActorCell.receiveMessage(ActorCell.scala:579)", Jar::kRpc},
    {"akka.actor.ActorCell.invoke(ActorCell.scala:547)", Jar::kRpc},
    {"akka.dispatch.Mailbox.run(Mailbox.scala:231)", Jar::kRpc},
    {"java.util.concurrent.ForkJoinPool$WorkQueue.topLevelExec(ForkJoinPool.java:1020)", Jar::kJdkExact},
    {"java.util.concurrent.ForkJoinWorkerThread.run(ForkJoinWorkerThread.java:183)", Jar::kJdkExact},
};

constexpr Frame kRecoverySuppressedFrames[] = {
    {"org.apache.flink.runtime.executiongraph.failover.flip1.ExecutionFailureHandler.handleFailure("
     "ExecutionFailureHandler.java:139)",
     Jar::kDist},
    {"org.apache.flink.runtime.executiongraph.failover.flip1.ExecutionFailureHandler."
     "getFailureHandlingResult("
     "ExecutionFailureHandler.java:83)",
     Jar::kDist},
    {"org.apache.flink.runtime.scheduler.DefaultScheduler.recordTaskFailure(DefaultScheduler.java:258)",
     Jar::kDist},
    {"org.apache.flink.runtime.scheduler.DefaultScheduler.handleTaskFailure(DefaultScheduler.java:249)",
     Jar::kDist},
    {"org.apache.flink.runtime.scheduler.DefaultScheduler.onTaskFailed(DefaultScheduler.java:242)",
     Jar::kDist},
    {"org.apache.flink.runtime.scheduler.SchedulerBase.onTaskExecutionStateUpdate(SchedulerBase.java:748)",
     Jar::kDist},
    {"org.apache.flink.runtime.scheduler.SchedulerBase.updateTaskExecutionState(SchedulerBase.java:725)",
     Jar::kDist},
    {"org.apache.flink.runtime.jobmaster.JobMaster.updateTaskExecutionState(JobMaster.java:483)", Jar::kDist},
    {"jdk.internal.reflect.GeneratedMethodAccessor31.invoke(Unknown Source)", Jar::kJdk},
    {"java.lang.reflect.Method.invoke(Method.java:566)", Jar::kJdk},
    {"org.apache.flink.runtime.rpc.akka.AkkaRpcActor.handleRpcInvocation(AkkaRpcActor.java:307)", Jar::kRpc},
    {"akka.actor.ActorCell.invoke(ActorCell.scala:547)", Jar::kRpc},
    {"akka.dispatch.Mailbox.run(Mailbox.scala:231)", Jar::kRpc},
    {"java.util.concurrent.ForkJoinWorkerThread.run(ForkJoinWorkerThread.java:183)", Jar::kJdkExact},
};

template <size_t N>
ThrowableLevel MakeLevel(std::string header, const Frame (&frames)[N], int more = 0,
                         std::string_view detail = {}) {
  ThrowableLevel level;
  level.header = std::move(header);
  level.detail = detail;
  level.frames = frames;
  level.frame_count = N;
  level.more = more;
  return level;
}

// Renders a throwable as log4j2 prints it after the message line: the
// header, "\tat frame suffix" lines, then each cause as "Caused by: …".
// `jobmanager_view`: frames of the user jar print `~[?:?]` there.
std::string RenderThrowable(const std::vector<ThrowableLevel>& levels, bool jobmanager_view,
                            const std::string& user_blob, const std::string& rpc_jar,
                            const Frame* tail = nullptr, size_t tail_count = 0) {
  std::string out;
  for (size_t i = 0; i < levels.size(); ++i) {
    const ThrowableLevel& level = levels[i];
    if (i > 0) out += "Caused by: ";
    out += level.header;
    out += '\n';
    out += level.detail;
    auto frame = [&](const Frame& f) {
      out += "\tat ";
      out += f.call;
      switch (f.jar) {
        case Jar::kJdk:
          out += " ~[?:?]";
          break;
        case Jar::kJdkExact:
          out += " [?:?]";
          break;
        case Jar::kDist:
          out += " ~[flink-dist-1.17.2.jar:1.17.2]";
          break;
        case Jar::kDistExact:
          out += " [flink-dist-1.17.2.jar:1.17.2]";
          break;
        case Jar::kUser:
          out += jobmanager_view ? " ~[?:?]" : " ~[" + user_blob + ":?]";
          break;
        case Jar::kKafkaConnector:
          out += " ~[flink-connector-kafka-1.17.2.jar:1.17.2]";
          break;
        case Jar::kConnectorBase:
          out += " ~[flink-connector-base-1.17.2.jar:1.17.2]";
          break;
        case Jar::kKafkaClients:
          out += " ~[kafka-clients-3.2.3.jar:?]";
          break;
        case Jar::kFlinkJson:
          out += " ~[flink-json-1.17.2.jar:1.17.2]";
          break;
        case Jar::kRpc:
          out += " ~[" + rpc_jar + ":1.17.2]";
          break;
      }
      out += '\n';
    };
    for (size_t f = 0; f < level.frame_count; ++f) frame(level.frames[f]);
    // The outermost throwable of a task failure ends in the task thread's frames.
    if (i == 0 && tail) {
      for (size_t f = 0; f < tail_count; ++f) frame(tail[f]);
    }
    if (level.more > 0) out += fmt::format("\t... {} more\n", level.more);
  }
  return out;
}

enum class RootCause { kOomHeap, kUserCode, kDeserialization, kKafkaOffset };
constexpr RootCause kRootCauses[] = {RootCause::kOomHeap, RootCause::kUserCode, RootCause::kDeserialization,
                                     RootCause::kKafkaOffset};

struct RootCauseInfo {
  std::string_view root_class;
  std::string_view cause;
  int vertex;  // 0: the source chain, 1: the keyed chain
};

RootCauseInfo Describe(RootCause cause) {
  switch (cause) {
    case RootCause::kOomHeap:
      return {"java.lang.OutOfMemoryError", "oom_heap", 1};
    case RootCause::kUserCode:
      return {"java.lang.RuntimeException", "user_code_exception", 1};
    case RootCause::kDeserialization:
      return {"org.apache.flink.shaded.jackson2.com.fasterxml.jackson.core.JsonParseException",
              "deserialization_exception", 0};
    case RootCause::kKafkaOffset:
      return {"org.apache.kafka.clients.consumer.OffsetOutOfRangeException", "kafka_offset_out_of_range", 0};
  }
  return {};
}

enum class IncidentKind { kFailover, kCheckpointStreak, kSlowCheckpoints, kLostTaskManager };

constexpr std::string_view kConsumerConfigBody =
    "\tauto.offset.reset = earliest\n"
    "\tbootstrap.servers = [kafka-1:9092, kafka-2:9092, kafka-3:9092]\n"
    "\tclient.dns.lookup = use_all_dns_ips\n"
    "\tclient.id = fraud-detection-{0}\n"
    "\tclient.rack = \n"
    "\tenable.auto.commit = false\n"
    "\tgroup.id = fraud-detection\n"
    "\tisolation.level = read_uncommitted\n"
    "\tkey.deserializer = class org.apache.kafka.common.serialization.ByteArrayDeserializer\n"
    "\tpartition.assignment.strategy = [class org.apache.kafka.clients.consumer.RangeAssignor, class "
    "org.apache.kafka.clients.consumer.CooperativeStickyAssignor]\n"
    "\trequest.timeout.ms = 30000\n"
    "\tsecurity.protocol = PLAINTEXT\n"
    "\tvalue.deserializer = class org.apache.kafka.common.serialization.ByteArrayDeserializer\n"
    "\n";

constexpr std::string_view kProducerConfigBody =
    "\tacks = -1\n"
    "\tbootstrap.servers = [kafka-1:9092, kafka-2:9092, kafka-3:9092]\n"
    "\tclient.dns.lookup = use_all_dns_ips\n"
    "\tclient.id = producer-{0}\n"
    "\tcompression.type = lz4\n"
    "\tdelivery.timeout.ms = 120000\n"
    "\tenable.idempotence = true\n"
    "\tkey.serializer = class org.apache.kafka.common.serialization.ByteArraySerializer\n"
    "\tlinger.ms = 5\n"
    "\trequest.timeout.ms = 30000\n"
    "\tretries = 2147483647\n"
    "\tsecurity.protocol = PLAINTEXT\n"
    "\ttransactional.id = null\n"
    "\tvalue.serializer = class org.apache.kafka.common.serialization.ByteArraySerializer\n"
    "\n";

// ---------------------------------------------------------------------------
// The simulation: processes (checkpoint coordinator, chatter per busy
// TaskManager, the incident director) fire in time order and queue lines;
// queued lines are written in (time, sequence) order, so every file's
// timestamps only go forward. A process only ever queues lines at or after
// its own firing time, which keeps that invariant.

struct QueuedLine {
  int64_t time;
  uint64_t sequence;
  int file;
  bool is_record;
  std::string text;
};

struct LaterFirst {
  bool operator()(const QueuedLine& a, const QueuedLine& b) const {
    return a.time != b.time ? a.time > b.time : a.sequence > b.sequence;
  }
};

struct TaskManager {
  int index = 0;
  std::string host;
  std::string ip;
  int rpc_port = 0;
  int data_port = 0;
  std::string resource_id;    // "10.0.1.11:40213-5c2f1a"
  std::string instance_id;    // slot manager registration id (changes on re-registration)
  std::string allocation_id;  // the job's slot on it
  std::string user_blob;      // "blob_p-<sha>-<key>"
  int log_file = 0;
  int out_file = 0;
  bool busy = false;  // runs subtask `index` of both vertices
  int producer_counter = 0;
  int64_t next_chatter = kNever;
  int64_t next_stats = kNever;
  uint64_t card_cache = 0;
  int rules_version = 42;
};

class CorpusSimulation {
 public:
  explicit CorpusSimulation(const CorpusOptions& options) : options_(options), rng_(options.seed) {}

  Result<CorpusTruth> Run();

 private:
  // --- output ---
  void Log(int file, int64_t t, Level level, std::string_view logger, std::string_view message,
           std::string_view body = {});
  void Raw(int file, int64_t t, std::string text);
  void Drain(int64_t until);

  // --- setup ---
  std::string UuidLike();  // "76107d26-5438-73f9-0efc-5c31862fc6da"
  void PlanIncidents();
  int64_t StartJobManager(int64_t t);
  int64_t StartTaskManager(TaskManager& tm, int64_t t);
  int64_t SubmitJob(int64_t t);

  // --- the job's tasks ---
  int parallelism() const { return busy_count_; }
  std::string TaskName(int vertex, int subtask) const;
  std::string TmTaskName(int vertex, int subtask) const;
  std::string AttemptId(int vertex, int subtask) const;
  std::string Location(const TaskManager& tm) const;
  int64_t DeployAll(int64_t t, bool restored);
  int64_t CancelTask(int vertex, int subtask, int64_t t_jm, int64_t t_tm);
  std::string FailureTrace(RootCause cause, bool jobmanager_view, const TaskManager& tm) const;
  int64_t FailTask(RootCause cause, int vertex, int subtask, int64_t t);

  // --- processes ---
  int64_t NextProcessTime() const;
  void Fire(int64_t now);
  void FireCheckpoint(int64_t now);
  void FireChatter(TaskManager& tm, int64_t now);
  void FireStats(TaskManager& tm, int64_t now);
  void FireDirector(int64_t now);
  void AbortPendingCheckpoint(int64_t t);

  // --- incidents ---
  bool CanStart(IncidentKind kind, int64_t now) const;
  void StartFailover(int64_t now);
  void StartCheckpointStreak(int64_t now);
  void StartSlowCheckpoints(int64_t now);
  void StartLostTaskManager(int64_t now);
  void FailJobForGood(int64_t now);
  void Finish(int64_t now);

  const CorpusOptions& options_;
  SplitMix64 rng_;
  TimeText time_text_;
  std::vector<CorpusFile> files_;
  std::priority_queue<QueuedLine, std::vector<QueuedLine>, LaterFirst> queue_;
  uint64_t sequence_ = 0;
  uint64_t bytes_written_ = 0;
  int64_t first_time_ = kNever;
  int64_t last_time_ = 0;
  std::string scratch_;

  // cluster
  int jm_log_ = 0;
  std::vector<TaskManager> tms_;
  int busy_count_ = 0;
  int spare_ = -1;  // index of the spare TaskManager, or -1
  std::string rpc_jar_;
  std::string rm_resource_id_;

  // job
  std::string job_id_;
  std::string job_name_ = "Fraud Detection";
  std::string graph_id_;
  std::array<std::string, 2> vertex_ids_;
  std::array<std::string_view, 2> vertex_names_ = {"Source: Kafka Source -> Map",
                                                   "KeyedProcess -> Sink: Alerts"};
  int attempt_ = 0;
  int64_t max_restarts_ = 2147483647;
  bool job_running_ = false;
  int64_t chatter_resume_at_ = 0;
  bool chatter_stopped_ = false;

  // checkpoint coordinator
  enum class CheckpointPhase { kIdle, kPending };
  enum class CheckpointOutcome { kComplete, kExpire };
  CheckpointPhase cp_phase_ = CheckpointPhase::kIdle;
  CheckpointOutcome cp_outcome_ = CheckpointOutcome::kComplete;
  int64_t cp_next_action_ = kNever;
  int64_t cp_next_id_ = 1;
  int64_t cp_id_ = 0;
  int64_t cp_trigger_epoch_ = 0;
  int64_t cp_duration_ = 0;
  int64_t cp_finalization_ = 0;
  int64_t cp_size_ = 0;
  int cp_expire_remaining_ = 0;
  int cp_slow_remaining_ = 0;
  int cp_consecutive_failures_ = 0;
  int cp_quiet_completions_ = 0;  // normal completions since the last incident's effect ended
  bool cp_after_streak_ = false;
  bool cp_stopped_ = false;
  int cp_streak_tm_ = 0;
  int64_t last_completed_id_ = -1;
  int64_t last_completed_epoch_ = 0;

  // director
  std::vector<IncidentKind> plan_;
  std::vector<RootCause> failure_causes_;      // next cause for each failure, rotating
  std::vector<bool> failover_mid_checkpoint_;  // per failover: strike while a checkpoint is pending
  size_t next_failover_ = 0;
  bool waiting_for_pending_checkpoint_ = false;
  size_t next_incident_ = 0;
  size_t next_cause_ = 0;
  int64_t next_director_ = kNever;
  int64_t quiet_until_ = 0;
  int64_t last_loss_end_ = INT64_MIN / 2;
  bool finished_ = false;

  CorpusTruth truth_;
};

// ---------------------------------------------------------------------------

void CorpusSimulation::Log(int file, int64_t t, Level level, std::string_view logger,
                           std::string_view message, std::string_view body) {
  std::string text;
  text.reserve(96 + logger.size() + message.size() + body.size());
  time_text_.AppendLogStamp(text, t);
  text += ' ';
  text += LevelText(level);
  text += ' ';
  text += logger;
  if (logger.size() < 60) text.append(60 - logger.size(), ' ');
  text += " [] - ";
  text += message;
  text += '\n';
  text += body;
  queue_.push({t, sequence_++, file, true, std::move(text)});
}

void CorpusSimulation::Raw(int file, int64_t t, std::string text) {
  queue_.push({t, sequence_++, file, false, std::move(text)});
}

void CorpusSimulation::Drain(int64_t until) {
  while (!queue_.empty() && queue_.top().time <= until) {
    // priority_queue::top is const; the text is moved out before pop.
    QueuedLine& line = const_cast<QueuedLine&>(queue_.top());
    if (line.is_record) {
      first_time_ = std::min(first_time_, line.time);
      last_time_ = std::max(last_time_, line.time);
    }
    bytes_written_ += line.text.size();
    files_[line.file].Append(line.text, line.is_record);
    queue_.pop();
  }
}

std::string CorpusSimulation::UuidLike() {
  const std::string a = rng_.Hex(8);
  const std::string b = rng_.Hex(4);
  const std::string c = rng_.Hex(4);
  const std::string d = rng_.Hex(4);
  return fmt::format("{}-{}-{}-{}-{}", a, b, c, d, rng_.Hex(12));
}

std::string CorpusSimulation::TaskName(int vertex, int subtask) const {
  return fmt::format("{} ({}/{})", vertex_names_[vertex], subtask + 1, parallelism());
}

std::string CorpusSimulation::TmTaskName(int vertex, int subtask) const {
  return fmt::format("{} ({}/{})#{}", vertex_names_[vertex], subtask + 1, parallelism(), attempt_);
}

std::string CorpusSimulation::AttemptId(int vertex, int subtask) const {
  return fmt::format("{}_{}_{}_{}", graph_id_, vertex_ids_[vertex], subtask, attempt_);
}

std::string CorpusSimulation::Location(const TaskManager& tm) const {
  return fmt::format("{} @ {} (dataPort={})", tm.resource_id, tm.host, tm.data_port);
}

// ---------------------------------------------------------------------------
// Start-up: banners and configuration as 1.17.2 prints them.

int64_t CorpusSimulation::StartJobManager(int64_t t) {
  const int jm = jm_log_;
  auto info = [&](std::string_view logger, std::string_view message, int64_t step = 1) {
    t += step;
    Log(jm, t, Level::kInfo, logger, message);
  };
  const std::string rule(80, '-');
  info(kLogEntrypoint, rule, 0);
  info(kLogEntrypoint,
       " Starting StandaloneSessionClusterEntrypoint (Version: 1.17.2, Scala: 2.12, Rev:c0027e5, "
       "Date:2023-11-09T13:24:38+01:00)",
       2);
  info(kLogEntrypoint, " OS current user: flink");
  info(kLogEntrypoint, " Current Hadoop/Kerberos user: <no hadoop dependency found>");
  info(kLogEntrypoint, " JVM: OpenJDK 64-Bit Server VM - Eclipse Adoptium - 11/11.0.21+9");
  info(kLogEntrypoint, " Arch: amd64");
  info(kLogEntrypoint, " Maximum heap size: 981 MiBytes");
  info(kLogEntrypoint, " JAVA_HOME: /opt/java/openjdk");
  info(kLogEntrypoint, " No Hadoop Dependency available");
  info(kLogEntrypoint, " JVM Options:");
  for (std::string_view opt :
       {"    -Xmx1073741824", "    -Xms1073741824", "    -XX:MaxMetaspaceSize=268435456",
        "    -Dlog.file=/opt/flink/log/flink-flink-standalonesession-0-jm-host.log",
        "    -Dlog4j.configurationFile=file:/opt/flink/conf/log4j.properties"}) {
    info(kLogEntrypoint, opt);
  }
  info(kLogEntrypoint, " Program Arguments:");
  for (std::string_view arg :
       {"    --configDir", "    /opt/flink/conf", "    --executionMode", "    cluster"}) {
    info(kLogEntrypoint, arg);
  }
  info(kLogEntrypoint,
       " Classpath: /opt/flink/lib/flink-cep-1.17.2.jar:/opt/flink/lib/flink-connector-files-1.17.2.jar:"
       "/opt/flink/lib/flink-csv-1.17.2.jar:/opt/flink/lib/flink-json-1.17.2.jar:"
       "/opt/flink/lib/flink-scala_2.12-1.17.2.jar:/opt/flink/lib/flink-table-api-java-uber-1.17.2.jar:"
       "/opt/flink/lib/flink-table-planner-loader-1.17.2.jar:/opt/flink/lib/flink-table-runtime-1.17.2.jar:"
       "/opt/flink/lib/log4j-1.2-api-2.17.1.jar:/opt/flink/lib/log4j-api-2.17.1.jar:"
       "/opt/flink/lib/log4j-core-2.17.1.jar:/opt/flink/lib/log4j-slf4j-impl-2.17.1.jar:"
       "/opt/flink/lib/flink-dist-1.17.2.jar:::");
  info(kLogEntrypoint, rule);
  info(kLogEntrypoint, "Registered UNIX signal handlers for [TERM, HUP, INT]", 3);
  const std::string interval = fmt::format("{} s", options_.checkpoint_interval_ms / 1000);
  const std::pair<std::string_view, std::string> properties[] = {
      {"jobmanager.rpc.address", "jm-host"},
      {"taskmanager.numberOfTaskSlots", "2"},
      {"jobmanager.execution.failover-strategy", "region"},
      {"restart-strategy", "fixed-delay"},
      {"restart-strategy.fixed-delay.delay", "10 s"},
      {"state.checkpoints.dir", "file:///tmp/flink-checkpoints"},
      {"execution.checkpointing.interval", interval},
      {"execution.checkpointing.timeout", "1 min"},
      {"execution.checkpointing.tolerable-failed-checkpoints", "10"},
      {"heartbeat.timeout", "50000"},
  };
  for (const auto& [key, value] : properties) {
    info(kLogConfig, fmt::format("Loading configuration property: {}, {}", key, value));
  }
  info(kLogEntrypoint, "Starting StandaloneSessionClusterEntrypoint.", 60);
  info(kLogEntrypoint, "Install default filesystem.", 57);
  info("org.apache.flink.core.fs.FileSystem",
       "Hadoop is not in the classpath/dependencies. The extended set of supported File Systems via Hadoop "
       "is not "
       "available.",
       4);
  info(kLogEntrypoint, "Install security context.", 27);
  info(kLogEntrypoint, "Initializing cluster services.", 3);
  info(kLogEntrypoint, fmt::format("Using working directory: WorkingDirectory(/tmp/jm_{}).", rng_.Hex(32)),
       17);
  info("org.apache.flink.runtime.rpc.akka.AkkaRpcServiceUtils",
       "Trying to start actor system, external address jm-host:6123, bind address 0.0.0.0:6123.", 395);
  info("akka.event.slf4j.Slf4jLogger", "Slf4jLogger started", 807);
  info("akka.remote.Remoting", "Starting remoting", 24);
  info("akka.remote.Remoting", "Remoting started; listening on addresses :[akka.tcp://flink@jm-host:6123]",
       229);
  info("org.apache.flink.runtime.rpc.akka.AkkaRpcServiceUtils",
       "Actor system started at akka.tcp://flink@jm-host:6123", 105);
  info("org.apache.flink.runtime.blob.BlobServer",
       "Started BLOB server at 0.0.0.0:6124 - max concurrent requests: 50 - max backlog: 1000", 27);
  info("org.apache.flink.runtime.metrics.MetricRegistryImpl",
       "No metrics reporter configured, no metrics will be exposed/reported.", 18);
  info("org.apache.flink.runtime.dispatcher.DispatcherRestEndpoint",
       "Rest endpoint listening at jm-host:8081", 628);
  info("org.apache.flink.runtime.dispatcher.DispatcherRestEndpoint",
       "http://jm-host:8081 was granted leadership with leaderSessionID=00000000-0000-0000-0000-000000000000",
       2);
  info("org.apache.flink.runtime.dispatcher.DispatcherRestEndpoint",
       "Web frontend listening at http://jm-host:8081.", 2);
  info("org.apache.flink.runtime.dispatcher.runner.DefaultDispatcherRunner",
       "DefaultDispatcherRunner was granted leadership with leader id 00000000-0000-0000-0000-000000000000. "
       "Creating "
       "new DispatcherLeaderProcess.",
       44);
  info("org.apache.flink.runtime.dispatcher.runner.SessionDispatcherLeaderProcess",
       "Start SessionDispatcherLeaderProcess.", 8);
  info("org.apache.flink.runtime.resourcemanager.ResourceManagerServiceImpl",
       "Resource manager service is granted leadership with session id 00000000-0000-0000-0000-000000000000.",
       7);
  info("org.apache.flink.runtime.dispatcher.runner.SessionDispatcherLeaderProcess",
       "Recover all persisted job graphs that are not finished, yet.", 6);
  info("org.apache.flink.runtime.dispatcher.runner.SessionDispatcherLeaderProcess",
       "Successfully recovered 0 persisted job graphs.", 2);
  info(kLogResourceManager, "Starting the resource manager.", 62);
  info(kLogSlotManager, "Starting the slot manager.", 6);
  return t;
}

int64_t CorpusSimulation::StartTaskManager(TaskManager& tm, int64_t t) {
  const int f = tm.log_file;
  auto info = [&](std::string_view logger, std::string_view message, int64_t step = 1) {
    t += step;
    Log(f, t, Level::kInfo, logger, message);
  };
  const std::string rule(80, '-');
  info(kLogTmRunner, rule, 0);
  info(kLogTmRunner,
       " Starting TaskManager (Version: 1.17.2, Scala: 2.12, Rev:c0027e5, Date:2023-11-09T13:24:38+01:00)",
       2);
  info(kLogTmRunner, " OS current user: flink");
  info(kLogTmRunner, " Current Hadoop/Kerberos user: <no hadoop dependency found>");
  info(kLogTmRunner, " JVM: OpenJDK 64-Bit Server VM - Eclipse Adoptium - 11/11.0.21+9");
  info(kLogTmRunner, " Arch: amd64");
  info(kLogTmRunner, " Maximum heap size: 1587 MiBytes");
  info(kLogTmRunner, " JAVA_HOME: /opt/java/openjdk");
  info(kLogTmRunner, " JVM Options:");
  for (std::string_view opt :
       {"    -XX:+UseG1GC", "    -Xmx1664299798", "    -Xms1664299798",
        "    -XX:MaxDirectMemorySize=493921243", "    -XX:MaxMetaspaceSize=268435456"}) {
    info(kLogTmRunner, opt);
  }
  info(kLogTmRunner,
       fmt::format("    -Dlog.file=/opt/flink/log/flink-flink-taskexecutor-{}-{}.log", tm.index, tm.host));
  info(kLogTmRunner, " Program Arguments:");
  info(kLogTmRunner, "    --configDir");
  info(kLogTmRunner, "    /opt/flink/conf");
  info(kLogTmRunner, rule);
  info(kLogTmRunner, "Registered UNIX signal handlers for [TERM, HUP, INT]", 3);
  info(kLogTmRunner, "Maximum number of open file descriptors is 1048576.", 25);
  info(kLogConfig, "Loading configuration property: jobmanager.rpc.address, jm-host");
  info(kLogConfig, "Loading configuration property: taskmanager.numberOfTaskSlots, 2");
  info(kLogTmRunner,
       fmt::format("TaskManager will use hostname/address '{}' ({}) for communication.", tm.host, tm.ip),
       204);
  info("akka.remote.Remoting",
       fmt::format("Remoting started; listening on addresses :[akka.tcp://flink@{}:{}]", tm.ip, tm.rpc_port),
       986);
  info(kLogTmRunner, fmt::format("Starting TaskManager with ResourceID: {}", tm.resource_id), 145);
  {
    // The directory list is a continuation line of the same record.
    const std::string io_dir = UuidLike();
    t += 35;
    Log(f, t, Level::kInfo, "org.apache.flink.runtime.io.disk.iomanager.IOManager",
        "Created a new FileChannelManager for spilling of task related data to disk (joins, sorting, ...). "
        "Used "
        "directories:",
        fmt::format("\t/tmp/flink-io-{}\n", io_dir));
  }
  info("org.apache.flink.runtime.io.network.buffer.NetworkBufferPool",
       "Allocated 343 MB for network buffer pool (number of memory segments: 10977, bytes per segment: "
       "32768).",
       204);
  info("org.apache.flink.runtime.taskexecutor.TaskManagerServices",
       fmt::format("TaskManager data connection initialized successfully; listening internally on port: {}",
                   tm.data_port),
       19);
  info(kLogTaskExecutor,
       "Connecting to ResourceManager akka.tcp://flink@jm-host:6123/user/rpc/resourcemanager_*"
       "(00000000000000000000000000000000).",
       98);
  info(kLogTaskExecutor, "Resolved ResourceManager address, beginning registration", 271);
  // The ResourceManager side of the registration.
  Log(jm_log_, t + 12, Level::kInfo, kLogResourceManager,
      fmt::format(
          "Registering TaskManager with ResourceID {} (akka.tcp://flink@{}:{}/user/rpc/taskmanager_0) at "
          "ResourceManager",
          tm.resource_id, tm.ip, tm.rpc_port));
  Log(jm_log_, t + 30, Level::kInfo, kLogSlotManager,
      fmt::format("Registering task executor {} under {} at the slot manager.", tm.resource_id,
                  tm.instance_id));
  info(kLogTaskExecutor,
       fmt::format("Successful registration at resource manager akka.tcp://flink@jm-host:6123/user/rpc/"
                   "resourcemanager_* under registration id {}.",
                   tm.instance_id),
       58);
  // stdout of the JVM: JDK 11 reflective-access warnings, no timestamps.
  for (std::string_view line :
       {"WARNING: An illegal reflective access operation has occurred\n",
        "WARNING: Illegal reflective access by com.esotericsoftware.kryo.util.UnsafeUtil "
        "(file:/opt/flink/lib/flink-dist-1.17.2.jar) to constructor java.nio.DirectByteBuffer(long,int,"
        "java.lang.Object)\n",
        "WARNING: Please consider reporting this to the maintainers of "
        "com.esotericsoftware.kryo.util.UnsafeUtil\n",
        "WARNING: Use --illegal-access=warn to enable warnings of further illegal reflective access "
        "operations\n",
        "WARNING: All illegal access operations will be denied in a future release\n"}) {
    Raw(tm.out_file, t, std::string(line));
  }
  return t;
}

int64_t CorpusSimulation::SubmitJob(int64_t t) {
  const int jm = jm_log_;
  auto info = [&](std::string_view logger, std::string_view message, int64_t step) {
    t += step;
    Log(jm, t, Level::kInfo, logger, message);
  };
  info(kLogDispatcher, fmt::format("Received JobGraph submission '{}' ({}).", job_name_, job_id_), 0);
  info(kLogDispatcher, fmt::format("Submitting job '{}' ({}).", job_name_, job_id_), 2);
  info(kLogJobMaster, fmt::format("Initializing job '{}' ({}).", job_name_, job_id_), 109);
  info(kLogJobMaster,
       fmt::format("Using restart back off time strategy FixedDelayRestartBackoffTimeStrategy("
                   "maxNumberRestartAttempts={}, backoffTimeMS={}) for {} ({}).",
                   max_restarts_, kRestartDelayMs, job_name_, job_id_),
       75);
  info(kLogExecutionGraph, fmt::format("Created execution graph {} for job {}.", graph_id_, job_id_), 89);
  info("org.apache.flink.runtime.scheduler.adapter.DefaultExecutionTopology",
       "Built 1 new pipelined regions in 1 ms, total 1 pipelined regions currently.", 63);
  info(
      kLogJobMaster,
      fmt::format(
          "State backend is set to heap memory org.apache.flink.runtime.state.hashmap.HashMapStateBackend@{}",
          rng_.Hex(8)),
      12);
  info(kLogJobMaster,
       "Checkpoint storage is set to 'filesystem': (checkpoints \"file:/tmp/flink-checkpoints\")", 2);
  info(kLogCheckpointCoordinator, "No checkpoint found during restore.", 25);
  info(kLogJobMaster,
       fmt::format("Using failover strategy org.apache.flink.runtime.executiongraph.failover.flip1."
                   "RestartPipelinedRegionFailoverStrategy@{} for {} ({}).",
                   rng_.Hex(8), job_name_, job_id_),
       11);
  info(
      kLogJobMaster,
      fmt::format("Starting execution of job '{}' ({}) under job master id 00000000000000000000000000000000.",
                  job_name_, job_id_),
      20);
  info(kLogSourceCoordinator, "Starting split enumerator for source Source: Kafka Source.", 6);
  info(kLogJobMaster,
       "Starting scheduling with scheduling strategy "
       "[org.apache.flink.runtime.scheduler.strategy.PipelinedRegionSchedulingStrategy]",
       8);
  info(kLogExecutionGraph,
       fmt::format("Job {} ({}) switched from state CREATED to RUNNING.", job_name_, job_id_), 1);
  info(kLogJobMaster,
       "Connecting to ResourceManager akka.tcp://flink@jm-host:6123/user/rpc/"
       "resourcemanager_*(00000000000000000000000000000000)",
       30);
  info(kLogJobMaster, "Resolved ResourceManager address, beginning registration", 8);
  info(kLogJobMaster,
       "JobManager successfully registered at ResourceManager, leader id: "
       "00000000000000000000000000000000.",
       18);
  info(kLogSlotManager,
       fmt::format("Received resource requirements from job {}: [ResourceRequirement{{resourceProfile="
                   "ResourceProfile{{UNKNOWN}}, numberOfRequiredSlots={}}}]",
                   job_id_, parallelism()),
       5);
  // Each busy TaskManager gets one slot, and joins the job's leader.
  int64_t tm_t = t + 90;
  for (TaskManager& tm : tms_) {
    if (!tm.busy) continue;
    const int f = tm.log_file;
    int64_t u = tm_t + tm.index * 7;
    Log(f, u, Level::kInfo, kLogTaskExecutor,
        fmt::format("Receive slot request {} for job {} from resource manager with leader id "
                    "00000000000000000000000000000000.",
                    tm.allocation_id, job_id_));
    Log(f, u + 26, Level::kInfo, kLogSlotTable,
        fmt::format(
            "Allocated slot for {} with resources ResourceProfile{{cpuCores=1, taskHeapMemory=729.600mb "
            "(765041035 bytes), taskOffHeapMemory=0 bytes, managedMemory=686.125mb (719407031 bytes), "
            "networkMemory=171.500mb (179830784 bytes)}}.",
            tm.allocation_id));
    Log(f, u + 37, Level::kInfo, kLogJobLeader,
        fmt::format("Add job {} for job leader monitoring.", job_id_));
    Log(f, u + 130, Level::kInfo, kLogJobLeader,
        fmt::format(
            "Successful registration at job manager akka.tcp://flink@jm-host:6123/user/rpc/jobmanager_2 for "
            "job {}.",
            job_id_));
    Log(f, u + 133, Level::kInfo, kLogTaskExecutor,
        fmt::format("Establish JobManager connection for job {}.", job_id_));
    Log(f, u + 136, Level::kInfo, kLogTaskExecutor,
        fmt::format("Offer reserved slots to the leader of job {}.", job_id_));
    Log(f, u + 181, Level::kInfo, kLogSlotTable, fmt::format("Activate slot {}.", tm.allocation_id));
  }
  return DeployAll(t + 500, false);
}

// Deploys every task of the job (attempt `attempt_`) and returns when all run.
int64_t CorpusSimulation::DeployAll(int64_t t, bool restored) {
  const int p = parallelism();
  int64_t jm_t = t;
  if (restored) {
    Log(jm_log_, ++jm_t, Level::kInfo, kLogSlotManager,
        fmt::format("Received resource requirements from job {}: [ResourceRequirement{{resourceProfile="
                    "ResourceProfile{{UNKNOWN}}, numberOfRequiredSlots={}}}]",
                    job_id_, p));
  }
  for (int s = 0; s < p; ++s) {
    for (int v = 0; v < 2; ++v) {
      jm_t += rng_.Between(0, 2);
      Log(jm_log_, jm_t, Level::kInfo, kLogExecutionGraph,
          fmt::format("{} ({}) switched from CREATED to SCHEDULED.", TaskName(v, s), AttemptId(v, s)));
    }
  }
  jm_t += rng_.Between(3, 60);
  int64_t latest = jm_t;
  for (int s = 0; s < p; ++s) {
    TaskManager& tm = tms_[s];
    for (int v = 0; v < 2; ++v) {
      jm_t += rng_.Between(1, 4);
      Log(jm_log_, jm_t, Level::kInfo, kLogExecutionGraph,
          fmt::format("{} ({}) switched from SCHEDULED to DEPLOYING.", TaskName(v, s), AttemptId(v, s)));
      Log(jm_log_, jm_t, Level::kInfo, kLogExecutionGraph,
          fmt::format(
              "Deploying {} (attempt #{}) with attempt id {} and vertex id {}_{} to {} with allocation id {}",
              TaskName(v, s), attempt_, AttemptId(v, s), vertex_ids_[v], s, Location(tm), tm.allocation_id));
      // The TaskManager side, a few milliseconds later.
      const int f = tm.log_file;
      int64_t u = jm_t + rng_.Between(8, 20);
      const std::string name = TmTaskName(v, s);
      const std::string aid = AttemptId(v, s);
      Log(f, u, Level::kInfo, kLogTaskExecutor,
          fmt::format("Received task {} ({}), deploy into slot with allocation id {}.", name, aid,
                      tm.allocation_id));
      Log(f, ++u, Level::kInfo, kLogTask,
          fmt::format("{} ({}) switched from CREATED to DEPLOYING.", name, aid));
      Log(f, ++u, Level::kInfo, kLogSlotTable, fmt::format("Activate slot {}.", tm.allocation_id));
      Log(f, u += 3, Level::kInfo, kLogTask,
          fmt::format("Loading JAR files for task {} ({}) [DEPLOYING].", name, aid));
      u += rng_.Between(20, 60);
      Log(f, u, Level::kInfo, kLogStreamTask,
          fmt::format("State backend is set to heap memory org.apache.flink.runtime.state.hashmap."
                      "HashMapStateBackend@{}",
                      rng_.Hex(8)));
      Log(f, ++u, Level::kInfo, kLogStreamTask,
          "Checkpoint storage is set to 'filesystem': (checkpoints \"file:/tmp/flink-checkpoints\")");
      u += rng_.Between(10, 30);
      Log(f, u, Level::kInfo, kLogTask,
          fmt::format("{} ({}) switched from DEPLOYING to INITIALIZING.", name, aid));
      Log(jm_log_, u + 6, Level::kInfo, kLogExecutionGraph,
          fmt::format("{} ({}) switched from DEPLOYING to INITIALIZING.", TaskName(v, s), aid));
      if (v == 0) {
        Log(jm_log_, u + 14, Level::kInfo, kLogSourceCoordinator,
            fmt::format("Source Source: Kafka Source registering reader for parallel task {} (#{}) @ {}", s,
                        attempt_, tm.host));
        const std::string start_a = restored ? std::to_string(rng_.Between(1'000'000, 9'000'000)) : "-3";
        const std::string start_b = restored ? std::to_string(rng_.Between(1'000'000, 9'000'000)) : "-3";
        Log(f, u += 4, Level::kInfo, kLogSourceReader,
            fmt::format(
                "Adding split(s) to reader: [[Partition: fraud-transactions-{}, StartingOffset: {}, "
                "StoppingOffset: -9223372036854775808], [Partition: fraud-transactions-{}, StartingOffset: "
                "{}, StoppingOffset: -9223372036854775808]]",
                s, start_a, s + p, start_b));
        Log(f, u += 2, Level::kInfo, kLogConsumerConfig,
            "ConsumerConfig values: ", fmt::format(fmt::runtime(kConsumerConfigBody), s));
        Log(f, ++u, Level::kInfo, kLogAppInfo, "Kafka version: 3.2.3");
        Log(f, ++u, Level::kInfo, kLogAppInfo, "Kafka commitId: 50029d3ed8ba576f");
        ++u;
        Log(f, u, Level::kInfo, kLogAppInfo, fmt::format("Kafka startTimeMs: {}", u - 3));
        Log(f, u += 2, Level::kInfo, kLogSplitFetcher, "Starting split fetcher 0");
        Log(f, u += 6, Level::kInfo, kLogKafkaConsumer,
            fmt::format(
                "[Consumer clientId=fraud-detection-{0}, groupId=fraud-detection] Assigned to partition(s): "
                "fraud-transactions-{0}, fraud-transactions-{1}",
                s, s + p));
      } else {
        const int producer = ++tm.producer_counter;
        Log(f, u += 4, Level::kInfo, kLogProducerConfig,
            "ProducerConfig values: ", fmt::format(fmt::runtime(kProducerConfigBody), producer));
        Log(f, u += 2, Level::kInfo, kLogKafkaProducer,
            fmt::format("[Producer clientId=producer-{}] Instantiated an idempotent producer.", producer));
        Log(f, u += 2, Level::kInfo, kLogAppInfo, "Kafka version: 3.2.3");
        Log(f, ++u, Level::kInfo, kLogAppInfo, "Kafka commitId: 50029d3ed8ba576f");
        ++u;
        Log(f, u, Level::kInfo, kLogAppInfo, fmt::format("Kafka startTimeMs: {}", u - 3));
        Log(f, u += 28, Level::kInfo, kLogHeapBuilder, "Finished to build heap keyed state-backend.");
        Log(f, u += 3, Level::kInfo, kLogHeapBackend,
            "Initializing heap keyed state backend with stream factory.");
        Raw(tm.out_file, u,
            fmt::format(
                "[FraudDetector] subtask {}/{} opened: 5 rules loaded (rules-v{}), card cache limit = none\n",
                s, p, tm.rules_version));
      }
      u += rng_.Between(30, 120);
      Log(f, u, Level::kInfo, kLogTask,
          fmt::format("{} ({}) switched from INITIALIZING to RUNNING.", name, aid));
      Log(jm_log_, u + 9, Level::kInfo, kLogExecutionGraph,
          fmt::format("{} ({}) switched from INITIALIZING to RUNNING.", TaskName(v, s), aid));
      latest = std::max(latest, u + 9);
    }
  }
  return latest;
}

// Cancels one task on both sides (region failover). Returns the last line's time.
int64_t CorpusSimulation::CancelTask(int vertex, int subtask, int64_t t_jm, int64_t t_tm) {
  const TaskManager& tm = tms_[subtask];
  const std::string name = TmTaskName(vertex, subtask);
  const std::string aid = AttemptId(vertex, subtask);
  Log(jm_log_, t_jm, Level::kInfo, kLogExecutionGraph,
      fmt::format("{} ({}) switched from RUNNING to CANCELING.", TaskName(vertex, subtask), aid));
  const int f = tm.log_file;
  int64_t u = t_tm;
  Log(f, u, Level::kInfo, kLogTask, fmt::format("Attempting to cancel task {} ({}).", name, aid));
  Log(f, ++u, Level::kInfo, kLogTask, fmt::format("{} ({}) switched from RUNNING to CANCELING.", name, aid));
  Log(f, ++u, Level::kInfo, kLogTask,
      fmt::format("Triggering cancellation of task code {} ({}).", name, aid));
  if (vertex == 0) {
    Log(f, u += 2, Level::kInfo, kLogSourceReader, "Closing Source Reader.");
    Log(f, ++u, Level::kInfo, kLogSplitFetcher, "Shutting down split fetcher 0");
    Log(f, ++u, Level::kInfo, kLogKafkaMetrics, "Metrics scheduler closed");
    Log(f, ++u, Level::kInfo, kLogKafkaMetrics, "Metrics reporters closed");
    Log(f, ++u, Level::kInfo, kLogAppInfo,
        fmt::format("App info kafka.consumer for fraud-detection-{} unregistered", subtask));
    Log(f, ++u, Level::kInfo, kLogSplitFetcher, "Split fetcher 0 exited.");
  } else {
    const int producer = tm.producer_counter;
    Log(f, ++u, Level::kInfo, kLogKafkaProducer,
        fmt::format("[Producer clientId=producer-{}] Closing the Kafka producer with timeoutMillis = 0 ms.",
                    producer));
    Log(f, ++u, Level::kInfo, kLogKafkaProducer,
        fmt::format(
            "[Producer clientId=producer-{}] Proceeding to force close the producer since pending requests "
            "could not be completed within timeout 0 ms.",
            producer));
    Log(f, ++u, Level::kInfo, kLogKafkaMetrics, "Metrics scheduler closed");
    Log(f, ++u, Level::kInfo, kLogKafkaMetrics, "Metrics reporters closed");
    Log(f, ++u, Level::kInfo, kLogAppInfo,
        fmt::format("App info kafka.producer for producer-{} unregistered", producer));
  }
  Log(f, u += 2, Level::kInfo, kLogTask,
      fmt::format("{} ({}) switched from CANCELING to CANCELED.", name, aid));
  Log(f, ++u, Level::kInfo, kLogTask, fmt::format("Freeing task resources for {} ({}).", name, aid));
  Log(f, u += 2, Level::kInfo, kLogTaskExecutor,
      fmt::format(
          "Un-registering task and sending final execution state CANCELED to JobManager for task {} {}.",
          name, aid));
  const int64_t jm_done = u + rng_.Between(4, 30);
  Log(jm_log_, jm_done, Level::kInfo, kLogExecutionGraph,
      fmt::format("{} ({}) switched from CANCELING to CANCELED.", TaskName(vertex, subtask), aid));
  return jm_done;
}

std::string CorpusSimulation::FailureTrace(RootCause cause, bool jobmanager_view,
                                           const TaskManager& tm) const {
  std::vector<ThrowableLevel> levels;
  const Frame* tail = kTaskThreadFrames;
  size_t tail_count = std::size(kTaskThreadFrames);
  switch (cause) {
    case RootCause::kOomHeap:
      levels.push_back(MakeLevel("java.lang.OutOfMemoryError: Java heap space", kOomFrames));
      break;
    case RootCause::kUserCode:
      levels.push_back(
          MakeLevel("java.lang.RuntimeException: Rule R-17 cannot score transaction tx-5e0c1b7a: merchant "
                    "category code is "
                    "missing",
                    kUserCodeFrames));
      break;
    case RootCause::kDeserialization: {
      static constexpr std::string_view kJacksonDetail =
          " at [Source: "
          "(byte[])\"{\"txId\":\"tx-9c2f41\",\"card\":\"4532********7781\",\"amount\":12.50,}\"; "
          "line: 1, column: 62]\n";
      levels.push_back(MakeLevel("java.io.IOException: Failed to deserialize consumer record due to",
                                 kDeserializeOuterFrames));
      levels.push_back(
          MakeLevel("org.apache.flink.shaded.jackson2.com.fasterxml.jackson.core.JsonParseException: "
                    "Unexpected character ('}' (code 125)): was expecting double-quote to start field name",
                    kJacksonFrames, 14, kJacksonDetail));
      break;
    }
    case RootCause::kKafkaOffset:
      levels.push_back(
          MakeLevel("java.lang.RuntimeException: One or more fetchers have encountered exception",
                    kFetcherCheckFrames));
      levels.push_back(
          MakeLevel("java.lang.RuntimeException: SplitFetcher thread 0 received unexpected exception while "
                    "polling the records",
                    kSplitFetcherFrames, 1));
      levels.push_back(MakeLevel(
          fmt::format(
              "org.apache.kafka.clients.consumer.OffsetOutOfRangeException: Fetch position "
              "FetchPosition{{offset=447013888, offsetEpoch=Optional.empty, currentLeader=LeaderAndEpoch{{"
              "leader=Optional[kafka-2:9092 (id: 2 rack: null)], epoch=14}}}} is out of range for partition "
              "fraud-transactions-{}",
              tm.index),
          kOffsetOutOfRangeFrames, 6));
      break;
  }
  return RenderThrowable(levels, jobmanager_view, tm.user_blob, rpc_jar_, tail, tail_count);
}

// One task fails on its TaskManager and the JobManager learns of it.
// Returns the JobManager's FAILED line time.
int64_t CorpusSimulation::FailTask(RootCause cause, int vertex, int subtask, int64_t t) {
  TaskManager& tm = tms_[subtask];
  const int f = tm.log_file;
  const std::string name = TmTaskName(vertex, subtask);
  const std::string aid = AttemptId(vertex, subtask);
  int64_t u = t;
  if (cause == RootCause::kKafkaOffset) {
    const std::string consumer =
        fmt::format("[Consumer clientId=fraud-detection-{0}, groupId=fraud-detection]", subtask);
    Log(f, u, Level::kInfo, kLogFetcher,
        fmt::format(
            "{} Fetch position FetchPosition{{offset=447013888, offsetEpoch=Optional.empty, currentLeader="
            "LeaderAndEpoch{{leader=Optional[kafka-2:9092 (id: 2 rack: null)], epoch=14}}}} is out of range "
            "for partition fraud-transactions-{}, raising error to the application since no reset policy is "
            "configured",
            consumer, subtask));
    std::vector<ThrowableLevel> levels;
    levels.push_back(
        MakeLevel("java.lang.RuntimeException: SplitFetcher thread 0 received unexpected exception while "
                  "polling the records",
                  kSplitFetcherFrames));
    levels.push_back(MakeLevel(
        fmt::format(
            "org.apache.kafka.clients.consumer.OffsetOutOfRangeException: Fetch position "
            "FetchPosition{{offset=447013888, offsetEpoch=Optional.empty, currentLeader=LeaderAndEpoch{{"
            "leader=Optional[kafka-2:9092 (id: 2 rack: null)], epoch=14}}}} is out of range for partition "
            "fraud-transactions-{}",
            tm.index),
        kOffsetOutOfRangeFrames, 6));
    static constexpr Frame kFetcherThreadTail[] = {{"java.lang.Thread.run(Thread.java:829)", Jar::kJdkExact}};
    Log(f, u, Level::kError, kLogSplitFetcherManager, "Received uncaught exception.",
        RenderThrowable(levels, false, tm.user_blob, rpc_jar_, kFetcherThreadTail, 1));
    Log(f, u += 1, Level::kInfo, kLogKafkaMetrics, "Metrics scheduler closed");
    Log(f, u, Level::kInfo, kLogKafkaMetrics, "Metrics reporters closed");
    Log(f, u += 1, Level::kInfo, kLogAppInfo,
        fmt::format("App info kafka.consumer for fraud-detection-{} unregistered", subtask));
    Log(f, u, Level::kInfo, kLogSplitFetcher, "Split fetcher 0 exited.");
    Log(f, u += 7, Level::kInfo, kLogSourceReader, "Closing Source Reader.");
    u += 1;
  } else if (vertex == 1) {
    const int producer = tm.producer_counter;
    Log(f, u, Level::kInfo, kLogKafkaProducer,
        fmt::format("[Producer clientId=producer-{}] Closing the Kafka producer with timeoutMillis = 0 ms.",
                    producer));
    Log(f, u, Level::kInfo, kLogKafkaProducer,
        fmt::format(
            "[Producer clientId=producer-{}] Proceeding to force close the producer since pending requests "
            "could not be completed within timeout 0 ms.",
            producer));
    Log(f, u += 1, Level::kInfo, kLogAppInfo,
        fmt::format("App info kafka.producer for producer-{} unregistered", producer));
    u += rng_.Between(5, 12);
  }
  const int64_t tm_failed = u;
  Log(f, tm_failed, Level::kWarn, kLogTask,
      fmt::format("{} ({}) switched from RUNNING to FAILED with failure cause:", name, aid),
      FailureTrace(cause, false, tm));
  Log(f, tm_failed + 2, Level::kInfo, kLogTask,
      fmt::format("Freeing task resources for {} ({}).", name, aid));
  Log(f, tm_failed + 3, Level::kInfo, kLogTaskExecutor,
      fmt::format(
          "Un-registering task and sending final execution state FAILED to JobManager for task {} {}.", name,
          aid));
  const int64_t jm_failed = tm_failed + rng_.Between(8, 16);
  Log(jm_log_, jm_failed, Level::kInfo, kLogExecutionGraph,
      fmt::format("{} ({}) switched from RUNNING to FAILED on {}.", TaskName(vertex, subtask), aid,
                  Location(tm)),
      FailureTrace(cause, true, tm));
  CorpusFailureTruth failure;
  failure.time = TimeText::Iso(tm_failed);
  failure.failed_task = TaskName(vertex, subtask);
  const RootCauseInfo info = Describe(cause);
  failure.root_class = std::string(info.root_class);
  failure.cause = std::string(info.cause);
  if (cause == RootCause::kOomHeap) {
    // Flink's OOM handling: the user's println in .out, as the sample shows.
    Raw(tm.out_file, tm_failed, "[FraudDetector] WARN card cache is not bounded; set cache.max-entries\n");
  }
  truth_.failovers.push_back(failure);
  return jm_failed;
}

// ---------------------------------------------------------------------------
// Processes.

int64_t CorpusSimulation::NextProcessTime() const {
  int64_t next = std::min(cp_next_action_, next_director_);
  for (const TaskManager& tm : tms_) next = std::min({next, tm.next_chatter, tm.next_stats});
  return next;
}

void CorpusSimulation::Fire(int64_t now) {
  // A fixed order among processes due at the same instant keeps runs identical.
  if (next_director_ == now) return FireDirector(now);
  if (cp_next_action_ == now) return FireCheckpoint(now);
  for (TaskManager& tm : tms_) {
    if (tm.next_stats == now) return FireStats(tm, now);
    if (tm.next_chatter == now) return FireChatter(tm, now);
  }
}

void CorpusSimulation::FireCheckpoint(int64_t now) {
  if (cp_phase_ == CheckpointPhase::kIdle) {
    if (cp_stopped_ || !job_running_) {
      cp_next_action_ = kNever;
      return;
    }
    cp_id_ = cp_next_id_++;
    cp_trigger_epoch_ = now - rng_.Between(2, 9);
    Log(jm_log_, now, Level::kInfo, kLogCheckpointCoordinator,
        fmt::format("Triggering checkpoint {} (type=CheckpointType{{name='Checkpoint', sharingFilesStrategy="
                    "FORWARD_BACKWARD}}) @ {} for job {}.",
                    cp_id_, cp_trigger_epoch_, job_id_));
    ++truth_.checkpoints.triggered;
    cp_phase_ = CheckpointPhase::kPending;
    if (cp_expire_remaining_ > 0) {
      --cp_expire_remaining_;
      cp_outcome_ = CheckpointOutcome::kExpire;
      cp_next_action_ = cp_trigger_epoch_ + kCheckpointTimeoutMs;
      if (truth_.checkpoint_failure_streaks.back().first_id == 0) {
        truth_.checkpoint_failure_streaks.back().first_id = cp_id_;
        truth_.checkpoint_failure_streaks.back().start = TimeText::Iso(now);
      }
      truth_.checkpoint_failure_streaks.back().last_id = cp_id_;
      // Why it expires: the sink's Kafka leader stopped answering.
      TaskManager& tm = tms_[cp_streak_tm_];
      const int producer = tm.producer_counter;
      const int64_t w = now + rng_.Between(200, 3000);
      Log(tm.log_file, w, Level::kWarn, kLogSender,
          fmt::format("[Producer clientId=producer-{}] Got error produce response with correlation id {} on "
                      "topic-partition fraud-alerts-{}, retrying (2147483646 attempts left). Error: "
                      "NOT_LEADER_OR_FOLLOWER",
                      producer, rng_.Between(100000, 999999), cp_streak_tm_));
      const int64_t w2 = w + 30'000 + rng_.Between(10, 90);
      Log(tm.log_file, w2, Level::kInfo, kLogNetworkClient,
          fmt::format("[Producer clientId=producer-{}] Disconnecting from node 3 due to request timeout.",
                      producer));
      Log(tm.log_file, w2 + 2, Level::kWarn, kLogSender,
          fmt::format("[Producer clientId=producer-{}] Got error produce response with correlation id {} on "
                      "topic-partition fraud-alerts-{}, retrying (2147483645 attempts left). Error: "
                      "NETWORK_EXCEPTION. Error Message: Disconnected from node 3",
                      producer, rng_.Between(100000, 999999), cp_streak_tm_));
      return;
    }
    cp_outcome_ = CheckpointOutcome::kComplete;
    if (cp_slow_remaining_ > 0) {
      --cp_slow_remaining_;
      cp_duration_ = rng_.Between(kSlowThresholdMs + 1000, 58'000);
      if (truth_.slow_checkpoint_runs.back().first_id == 0) {
        truth_.slow_checkpoint_runs.back().first_id = cp_id_;
        truth_.slow_checkpoint_runs.back().start = TimeText::Iso(now);
      }
      truth_.slow_checkpoint_runs.back().last_id = cp_id_;
    } else if (cp_after_streak_) {
      cp_duration_ = rng_.Between(2'000, 12'000);  // the backlog drains
    } else {
      cp_duration_ = rng_.Percent(5) ? rng_.Between(450, 2500) : rng_.Between(60, 450);
    }
    cp_finalization_ = rng_.Between(5, 30);
    cp_next_action_ = cp_trigger_epoch_ + cp_duration_ + cp_finalization_;
    if (cp_next_action_ <= now) cp_next_action_ = now + 1;
    if (waiting_for_pending_checkpoint_) next_director_ = std::min(next_director_, now + 1);
    return;
  }

  // The pending checkpoint ends now.
  cp_phase_ = CheckpointPhase::kIdle;
  int64_t next_trigger_epoch;
  if (cp_outcome_ == CheckpointOutcome::kExpire) {
    Log(jm_log_, now, Level::kInfo, kLogCheckpointCoordinator,
        fmt::format("Checkpoint {} of job {} expired before completing.", cp_id_, job_id_));
    Log(jm_log_, now + 1, Level::kWarn, kLogFailureManager,
        fmt::format(
            "Failed to trigger or complete checkpoint {} for job {}. ({} consecutive failed attempts so far)",
            cp_id_, job_id_, cp_consecutive_failures_),
        RenderThrowable(
            {MakeLevel("org.apache.flink.runtime.checkpoint.CheckpointException: Checkpoint expired before "
                       "completing.",
                       kExpiredFrames)},
            true, "", rpc_jar_));
    const TaskManager& tm = tms_[cp_streak_tm_];
    Log(jm_log_, now + rng_.Between(1500, 6000), Level::kWarn, kLogCheckpointCoordinator,
        fmt::format(
            "Received late message for now expired checkpoint attempt {} from task {} of job {} at {}.",
            cp_id_, AttemptId(1, cp_streak_tm_), job_id_, Location(tm)));
    ++cp_consecutive_failures_;
    ++truth_.checkpoints.expired;
    if (cp_expire_remaining_ == 0) cp_after_streak_ = true;
    next_trigger_epoch = now + rng_.Between(3, 8);
  } else {
    cp_size_ += rng_.Between(-4000, 9000);
    if (cp_size_ < 200'000) cp_size_ = 200'000 + rng_.Between(0, 50'000);
    Log(jm_log_, now, Level::kInfo, kLogCheckpointCoordinator,
        fmt::format("Completed checkpoint {} for job {} ({} bytes, checkpointDuration={} ms, "
                    "finalizationTime={} ms).",
                    cp_id_, job_id_, cp_size_, cp_duration_, cp_finalization_));
    Log(jm_log_, now + rng_.Between(1, 3), Level::kInfo, kLogSourceCoordinator,
        fmt::format("Marking checkpoint {} as completed for source Source: Kafka Source.", cp_id_));
    ++truth_.checkpoints.completed;
    truth_.checkpoints.max_duration_ms = std::max(truth_.checkpoints.max_duration_ms, cp_duration_);
    last_completed_id_ = cp_id_;
    last_completed_epoch_ = cp_trigger_epoch_;
    cp_consecutive_failures_ = 0;
    if (cp_duration_ <= kSlowThresholdMs && !cp_after_streak_) {
      ++cp_quiet_completions_;
    } else {
      cp_quiet_completions_ = 0;
    }
    cp_after_streak_ = false;
    next_trigger_epoch =
        std::max(cp_trigger_epoch_ + options_.checkpoint_interval_ms, now + rng_.Between(3, 8));
  }
  cp_next_action_ = cp_stopped_ ? kNever : next_trigger_epoch + rng_.Between(2, 9);
}

void CorpusSimulation::AbortPendingCheckpoint(int64_t t) {
  if (cp_phase_ != CheckpointPhase::kPending) return;
  Log(jm_log_, t, Level::kWarn, kLogFailureManager,
      fmt::format(
          "Failed to trigger or complete checkpoint {} for job {}. ({} consecutive failed attempts so far)",
          cp_id_, job_id_, cp_consecutive_failures_),
      RenderThrowable(
          {MakeLevel("org.apache.flink.runtime.checkpoint.CheckpointException: Checkpoint Coordinator is "
                     "suspending.",
                     kSuspendingFrames)},
          true, "", rpc_jar_));
  ++truth_.checkpoints.aborted;
  cp_phase_ = CheckpointPhase::kIdle;
}

void CorpusSimulation::FireStats(TaskManager& tm, int64_t now) {
  tm.next_stats = chatter_stopped_ ? kNever : now + 60'000 + rng_.Between(0, 30);
  if (now < chatter_resume_at_) return;
  tm.card_cache += static_cast<uint64_t>(rng_.Between(1000, 40'000));
  Log(tm.log_file, now, Level::kInfo, kLogFraudDetector,
      fmt::format("Subtask {}/{}: card cache holds {} fingerprints, {} alerts in the last 60 s", tm.index,
                  parallelism(), tm.card_cache, rng_.Between(0, 40)));
}

void CorpusSimulation::FireChatter(TaskManager& tm, int64_t now) {
  if (chatter_stopped_) {
    tm.next_chatter = kNever;
    return;
  }
  const int64_t mean = std::max<int64_t>(options_.chatter_interval_ms, 1);
  tm.next_chatter = now + rng_.Between(1, 2 * mean);
  if (now < chatter_resume_at_) {
    tm.next_chatter = std::max(tm.next_chatter, chatter_resume_at_ + rng_.Between(0, mean));
    return;
  }
  const int s = tm.index;
  const int p = parallelism();
  const uint64_t pick = rng_.Below(100);
  const int f = tm.log_file;
  static constexpr std::string_view kRuleKinds[] = {"velocity", "geo-jump", "amount-spike", "new-merchant",
                                                    "night-owl"};
  static constexpr std::string_view kCurrencies[] = {"XBT", "XAU", "ZWL", "VEF", "BYR"};
  // Every random value is drawn in its own statement: the order in which a
  // call's arguments are evaluated is unspecified, and the corpus must not
  // depend on the compiler.
  const int64_t a = rng_.Next() >> 1;
  const int64_t b = rng_.Next() >> 1;
  const int64_t c = rng_.Next() >> 1;
  const int64_t d = rng_.Next() >> 1;
  const int64_t e = rng_.Next() >> 1;
  if (pick < 38) {
    const int64_t cents = 10'000 + a % 890'000;
    Log(f, now, Level::kInfo, kLogFraudDetector,
        fmt::format("Alert for card {}******{:04} on subtask {}/{}: {} transactions totalling {}.{:02} EUR "
                    "within 60 s "
                    "(rule R-{}, {}, score 0.{:02})",
                    400000 + b % 160000, c % 10000, s + 1, p, 3 + d % 10, cents / 100, cents % 100,
                    10 + e % 31, kRuleKinds[(d >> 8) % 5], 50 + (e >> 8) % 50));
  } else if (pick < 62) {
    Log(f, now, Level::kInfo, kLogEnricher,
        fmt::format(
            "Enriched batch of {} transactions in {} ms (merchant cache hit rate {}.{} %, {} lookups sent "
            "to merchants-db)",
            64 + a % 961, 3 + b % 88, 90 + c % 10, d % 10, e % 41));
  } else if (pick < 72) {
    Log(f, now, Level::kInfo, kLogAlertSink,
        fmt::format("Flushed {} alerts to fraud-alerts-{} in {} ms", 1 + a % 60, s, 1 + b % 40));
  } else if (pick < 82) {
    Log(f, now, Level::kInfo, kLogFetchSession,
        fmt::format(
            "[Consumer clientId=fraud-detection-{}, groupId=fraud-detection] Node {} was unable to process "
            "the fetch request with (sessionId={}, epoch={}): FETCH_SESSION_ID_NOT_FOUND.",
            s, 1 + a % 3, 100'000'000 + b % 1'900'000'000, 1 + c % 9000));
  } else if (pick < 88) {
    Log(f, now, Level::kInfo, kLogNetworkClient,
        fmt::format("[Producer clientId=producer-{}] Node -1 disconnected.", tm.producer_counter));
  } else if (pick < 93) {
    Log(f, now, Level::kWarn, kLogParser,
        fmt::format("Skipping transaction tx-{:08x} with unknown currency code '{}' (partition "
                    "fraud-transactions-{}, offset {})",
                    a & 0xffffffff, kCurrencies[b % 5], s + (c % 2 == 0 ? p : 0),
                    1'000'000 + d % 98'000'000));
  } else if (pick < 96) {
    const int64_t node = 1 + a % 3;
    Log(f, now, Level::kWarn, kLogNetworkClient,
        fmt::format("[Consumer clientId=fraud-detection-{}, groupId=fraud-detection] Connection to node {} "
                    "(kafka-{}/10.0.2.{}:9092) could not be established. Broker may not be available.",
                    s, node, node, 10 + node));
  } else if (pick < 98) {
    const int64_t behind = 200 + a % 4800;
    Log(f, now, Level::kInfo, kLogFraudDetector,
        fmt::format("Watermark of subtask {}/{} is {} ({} ms behind), {} keys with open windows", s + 1, p,
                    TimeText::Iso(now - behind), behind, 1000 + b % 89000));
  } else {
    // A multi-line INFO record that is not a stack trace.
    ++tm.rules_version;
    const int rules = static_cast<int>(3 + a % 4);
    std::string body;
    for (int r = 0; r < rules; ++r) {
      const int64_t threshold = rng_.Between(2, 20);
      body += fmt::format("\tR-{} {}: threshold {} within {} s\n", 10 + r, kRuleKinds[r % 5], threshold,
                          rng_.Between(30, 600));
    }
    Log(f, now, Level::kInfo, kLogRuleLoader,
        fmt::format("Reloaded {} rules from rules-v{} (checksum {:08x}):", rules, tm.rules_version,
                    b & 0xffffffff),
        body);
  }
}

// ---------------------------------------------------------------------------
// Incidents.

bool CorpusSimulation::CanStart(IncidentKind kind, int64_t now) const {
  if (!job_running_ || now < quiet_until_) return false;
  if (cp_quiet_completions_ < kQuietCheckpoints || cp_expire_remaining_ > 0 || cp_slow_remaining_ > 0 ||
      cp_after_streak_) {
    return false;
  }
  if (cp_phase_ == CheckpointPhase::kPending && cp_outcome_ != CheckpointOutcome::kComplete) return false;
  if (kind == IncidentKind::kSlowCheckpoints || kind == IncidentKind::kCheckpointStreak) {
    // Takes effect from the next trigger; none may be pending with a plan of its own.
    return cp_phase_ == CheckpointPhase::kIdle || cp_duration_ <= kSlowThresholdMs;
  }
  if (kind == IncidentKind::kLostTaskManager) return now - last_loss_end_ >= kSameLossWindowMs;
  if (kind == IncidentKind::kFailover && failover_mid_checkpoint_[next_failover_]) {
    // So that some failovers abort a pending checkpoint, as real ones do.
    return cp_phase_ == CheckpointPhase::kPending && cp_next_action_ - now > 60;
  }
  return true;
}

void CorpusSimulation::FireDirector(int64_t now) {
  next_director_ = now + 1000;
  const bool budget_spent = bytes_written_ >= options_.target_bytes;
  if (next_incident_ >= plan_.size()) {
    if (budget_spent && !finished_ && now >= quiet_until_ && cp_quiet_completions_ >= kQuietCheckpoints &&
        !cp_after_streak_ && cp_expire_remaining_ == 0 && cp_slow_remaining_ == 0) {
      Finish(now);
    }
    return;
  }
  const uint64_t due = options_.target_bytes / (plan_.size() + 1) * (next_incident_ + 1);
  if (bytes_written_ < due) return;
  const IncidentKind kind = plan_[next_incident_];
  waiting_for_pending_checkpoint_ =
      kind == IncidentKind::kFailover && failover_mid_checkpoint_[next_failover_];
  if (!CanStart(kind, now)) return;
  waiting_for_pending_checkpoint_ = false;
  ++next_incident_;
  switch (kind) {
    case IncidentKind::kFailover:
      StartFailover(now);
      break;
    case IncidentKind::kCheckpointStreak:
      StartCheckpointStreak(now);
      break;
    case IncidentKind::kSlowCheckpoints:
      StartSlowCheckpoints(now);
      break;
    case IncidentKind::kLostTaskManager:
      StartLostTaskManager(now);
      break;
  }
}

void CorpusSimulation::StartFailover(int64_t now) {
  const RootCause cause = failure_causes_[next_cause_++ % failure_causes_.size()];
  const bool mid_checkpoint = failover_mid_checkpoint_[next_failover_++];
  const int vertex = Describe(cause).vertex;
  const int subtask = static_cast<int>(rng_.Below(static_cast<uint64_t>(parallelism())));
  const int64_t tf = now + (mid_checkpoint ? rng_.Between(1, 20) : rng_.Between(5, 400));
  const int64_t jm_failed = FailTask(cause, vertex, subtask, tf);
  int64_t t = jm_failed + rng_.Between(8, 16);
  Log(jm_log_, t, Level::kInfo, kLogRegionFailover,
      fmt::format("Calculating tasks to restart to recover the failed task {}_{}.", vertex_ids_[vertex],
                  subtask));
  Log(jm_log_, ++t, Level::kInfo, kLogRegionFailover,
      fmt::format("{} tasks should be restarted to recover the failed task {}_{}.", 2 * parallelism(),
                  vertex_ids_[vertex], subtask));
  Log(jm_log_, t, Level::kInfo, kLogExecutionGraph,
      fmt::format("Job {} ({}) switched from state RUNNING to RESTARTING.", job_name_, job_id_));
  job_running_ = false;
  AbortPendingCheckpoint(t + 1);
  t += 2;
  int64_t cancelled = t;
  int64_t tm_t = t + rng_.Between(8, 15);
  for (int s = 0; s < parallelism(); ++s) {
    for (int v = 0; v < 2; ++v) {
      if (v == vertex && s == subtask) continue;
      cancelled = std::max(cancelled, CancelTask(v, s, ++t, tm_t));
      tm_t += rng_.Between(10, 16);
    }
  }
  for (int s = 0; s < parallelism(); ++s) {
    Log(jm_log_, ++t, Level::kInfo, kLogSourceCoordinator,
        fmt::format(
            "Removing registered reader after failure for subtask {} (#{}) of source Source: Kafka Source.",
            s, attempt_));
  }
  Log(jm_log_, cancelled + 3, Level::kInfo, kLogSlotManager,
      fmt::format("Received resource requirements from job {}: [ResourceRequirement{{resourceProfile="
                  "ResourceProfile{{UNKNOWN}}, numberOfRequiredSlots={}}}]",
                  job_id_, parallelism()));
  // The fixed-delay strategy waits, then the whole region comes back.
  int64_t tr = jm_failed + kRestartDelayMs + rng_.Between(5, 40);
  tr = std::max(tr, cancelled + 20);
  Log(jm_log_, tr, Level::kInfo, kLogExecutionGraph,
      fmt::format("Job {} ({}) switched from state RESTARTING to RUNNING.", job_name_, job_id_));
  Log(jm_log_, tr + 3, Level::kInfo, kLogCheckpointCoordinator,
      fmt::format("Restoring job {0} from Checkpoint {1} @ {2} for {0} located at "
                  "file:/tmp/flink-checkpoints/{0}/chk-{1}.",
                  job_id_, last_completed_id_, last_completed_epoch_));
  Log(jm_log_, tr + 13, Level::kInfo, kLogCheckpointCoordinator, "No master state to restore");
  for (int s = 0; s < parallelism(); ++s) {
    Log(jm_log_, tr + 14, Level::kInfo, kLogSourceCoordinator,
        fmt::format("Recovering subtask {} to checkpoint {} for source Source: Kafka Source to checkpoint.",
                    s, last_completed_id_));
  }
  ++attempt_;
  const int64_t running = DeployAll(tr + 15, true);
  job_running_ = true;
  chatter_resume_at_ = running + 1;
  cp_quiet_completions_ = 0;
  cp_next_action_ = running + rng_.Between(1000, options_.checkpoint_interval_ms);
  quiet_until_ = running + 1000;
  // Keep the job running through chatter_resume_at_: its own processes pause until then.
  for (TaskManager& tm : tms_) {
    if (tm.busy) tm.next_chatter = std::max(tm.next_chatter, chatter_resume_at_);
  }
  job_running_ = true;
}

void CorpusSimulation::StartCheckpointStreak(int64_t now) {
  cp_expire_remaining_ = static_cast<int>(rng_.Between(2, 5));
  cp_streak_tm_ = static_cast<int>(rng_.Below(static_cast<uint64_t>(parallelism())));
  cp_quiet_completions_ = 0;
  truth_.checkpoint_failure_streaks.push_back({});
  quiet_until_ = now;
}

void CorpusSimulation::StartSlowCheckpoints(int64_t now) {
  cp_slow_remaining_ = static_cast<int>(rng_.Between(1, 3));
  cp_quiet_completions_ = 0;
  truth_.slow_checkpoint_runs.push_back({});
  quiet_until_ = now;
}

void CorpusSimulation::StartLostTaskManager(int64_t now) {
  TaskManager& tm = tms_[spare_];
  // The spare TaskManager's JVM stalls (a long pause or a partition): it logs
  // nothing until it notices that the ResourceManager stopped answering.
  const int64_t detected = now + kHeartbeatTimeoutMs + rng_.Between(0, 2000);
  const std::string timed_out =
      fmt::format("The heartbeat of TaskManager with id {} timed out.", tm.resource_id);
  Log(jm_log_, detected, Level::kInfo, kLogResourceManager, timed_out);
  Log(jm_log_, detected + 1, Level::kInfo, kLogResourceManager,
      fmt::format("Closing TaskExecutor connection {} because: {}", tm.resource_id, timed_out));
  Log(jm_log_, detected + 2, Level::kInfo, kLogSlotManager,
      fmt::format("Unregistering task executor {} from the slot manager.", tm.instance_id));
  int64_t u = detected + rng_.Between(3000, 9000);
  Log(tm.log_file, u, Level::kInfo, kLogTaskExecutor,
      fmt::format("The heartbeat of ResourceManager with id {} timed out.", rm_resource_id_));
  Log(tm.log_file, u += 1, Level::kInfo, kLogTaskExecutor,
      fmt::format("Close ResourceManager connection {}.", rm_resource_id_));
  Log(tm.log_file, u += 2, Level::kInfo, kLogTaskExecutor,
      "Connecting to ResourceManager akka.tcp://flink@jm-host:6123/user/rpc/resourcemanager_*"
      "(00000000000000000000000000000000).");
  Log(tm.log_file, u += 40, Level::kInfo, kLogTaskExecutor,
      "Resolved ResourceManager address, beginning registration");
  tm.instance_id = rng_.Hex(32);
  Log(jm_log_, u += 12, Level::kInfo, kLogResourceManager,
      fmt::format(
          "Registering TaskManager with ResourceID {} (akka.tcp://flink@{}:{}/user/rpc/taskmanager_0) at "
          "ResourceManager",
          tm.resource_id, tm.ip, tm.rpc_port));
  Log(jm_log_, u += 20, Level::kInfo, kLogSlotManager,
      fmt::format("Registering task executor {} under {} at the slot manager.", tm.resource_id,
                  tm.instance_id));
  Log(tm.log_file, u += 15, Level::kInfo, kLogTaskExecutor,
      fmt::format("Successful registration at resource manager akka.tcp://flink@jm-host:6123/user/rpc/"
                  "resourcemanager_* under registration id {}.",
                  tm.instance_id));
  truth_.lost_taskmanagers.push_back({tm.resource_id, tm.host, TimeText::Iso(detected)});
  last_loss_end_ = u;
  quiet_until_ = u + 1000;
}

void CorpusSimulation::FailJobForGood(int64_t now) {
  const RootCause cause = failure_causes_[next_cause_++ % failure_causes_.size()];
  const int vertex = Describe(cause).vertex;
  const int subtask = static_cast<int>(rng_.Below(static_cast<uint64_t>(parallelism())));
  const int64_t jm_failed = FailTask(cause, vertex, subtask, now + rng_.Between(5, 400));
  truth_.job_failure = truth_.failovers.back();  // FailTask records every failure as a failover
  truth_.failovers.pop_back();
  const TaskManager& tm = tms_[subtask];
  std::vector<ThrowableLevel> wrapper;
  wrapper.push_back(MakeLevel(fmt::format("org.apache.flink.runtime.JobException: Recovery is suppressed by "
                                          "FixedDelayRestartBackoffTimeStrategy(maxNumberRestartAttempts={}, "
                                          "backoffTimeMS={})",
                                          max_restarts_, kRestartDelayMs),
                              kRecoverySuppressedFrames));
  // The cause chain follows the wrapper: render it separately and join.
  const std::string root = FailureTrace(cause, true, tm);
  const std::string trace = RenderThrowable(wrapper, true, tm.user_blob, rpc_jar_) + "Caused by: " + root;
  int64_t t = jm_failed + rng_.Between(6, 14);
  Log(jm_log_, t, Level::kInfo, kLogExecutionGraph,
      fmt::format("Job {} ({}) switched from state RUNNING to FAILING.", job_name_, job_id_), trace);
  job_running_ = false;
  chatter_stopped_ = true;
  cp_stopped_ = true;
  AbortPendingCheckpoint(t + 1);
  t += 2;
  int64_t cancelled = t;
  int64_t tm_t = t + rng_.Between(8, 15);
  for (int s = 0; s < parallelism(); ++s) {
    for (int v = 0; v < 2; ++v) {
      if (v == vertex && s == subtask) continue;
      cancelled = std::max(cancelled, CancelTask(v, s, ++t, tm_t));
      tm_t += rng_.Between(10, 16);
    }
  }
  t = cancelled + 2;
  Log(jm_log_, t, Level::kInfo, kLogExecutionGraph,
      fmt::format("Job {} ({}) switched from state FAILING to FAILED.", job_name_, job_id_), trace);
  Log(jm_log_, ++t, Level::kInfo, kLogCheckpointCoordinator,
      fmt::format("Stopping checkpoint coordinator for job {}.", job_id_));
  Log(jm_log_, ++t, Level::kInfo, kLogSlotManager,
      fmt::format("Clearing resource requirements of job {}", job_id_));
  Log(jm_log_, t += 28, Level::kInfo, kLogDispatcher,
      fmt::format("Job {} reached terminal state FAILED.", job_id_));
  Log(jm_log_, t += 35, Level::kInfo, kLogJobMaster,
      fmt::format("Stopping the JobMaster for job '{}' ({}).", job_name_, job_id_));
  for (const TaskManager& busy : tms_) {
    if (!busy.busy) continue;
    Log(busy.log_file, t + 20, Level::kInfo, kLogTaskExecutor,
        fmt::format("Close JobManager connection for job {}.", job_id_));
    Log(busy.log_file, t + 22, Level::kInfo, kLogSlotTable,
        fmt::format(
            "Free slot TaskSlot(index:0, state:ALLOCATED, resource profile: ResourceProfile{{cpuCores=1, "
            "taskHeapMemory=729.600mb (765041035 bytes), taskOffHeapMemory=0 bytes, managedMemory=686.125mb "
            "(719407031 bytes), networkMemory=171.500mb (179830784 bytes)}}, allocationId: {}, jobId: {}).",
            busy.allocation_id, job_id_));
  }
  truth_.final_state = "FAILED";
}

void CorpusSimulation::Finish(int64_t now) {
  finished_ = true;
  next_director_ = kNever;
  if (options_.terminal_failure) {
    FailJobForGood(now);
  } else {
    chatter_stopped_ = true;
    cp_stopped_ = true;
  }
  for (TaskManager& tm : tms_) tm.next_stats = kNever;
  if (cp_phase_ == CheckpointPhase::kIdle) cp_next_action_ = kNever;
}

void CorpusSimulation::PlanIncidents() {
  int count = options_.incidents;
  if (count < 0) count = static_cast<int>(std::clamp<uint64_t>(options_.target_bytes / (4u << 20), 4, 256));
  std::vector<IncidentKind> round = {IncidentKind::kFailover, IncidentKind::kCheckpointStreak,
                                     IncidentKind::kSlowCheckpoints};
  if (spare_ >= 0) round.push_back(IncidentKind::kLostTaskManager);
  while (static_cast<int>(plan_.size()) < count) {
    rng_.Shuffle(round);
    for (IncidentKind kind : round) {
      if (static_cast<int>(plan_.size()) < count) plan_.push_back(kind);
    }
  }
  for (IncidentKind kind : plan_) {
    if (kind == IncidentKind::kFailover) failover_mid_checkpoint_.push_back(rng_.Percent(50));
  }
  std::vector<RootCause> causes;
  for (RootCause cause : kRootCauses) {
    const bool listed = std::find(options_.failure_causes.begin(), options_.failure_causes.end(),
                                  Describe(cause).cause) != options_.failure_causes.end();
    if (options_.failure_causes.empty() || listed) causes.push_back(cause);
  }
  const int failures = static_cast<int>(std::count(plan_.begin(), plan_.end(), IncidentKind::kFailover)) +
                       (options_.terminal_failure ? 1 : 0);
  while (static_cast<int>(failure_causes_.size()) < failures) {
    rng_.Shuffle(causes);
    failure_causes_.insert(failure_causes_.end(), causes.begin(), causes.end());
  }
  if (options_.terminal_failure) {
    // Exactly as many restarts as planned failovers: the terminal failure is the one too many.
    max_restarts_ = failures - 1;
  }
}

Result<CorpusTruth> CorpusSimulation::Run() {
  if (options_.out_dir.empty()) return Status::Error("corpus: no output directory");
  if (options_.taskmanagers < 1 || options_.taskmanagers > 64)
    return Status::Error("corpus: taskmanagers must be 1..64");
  if (options_.checkpoint_interval_ms < 1000)
    return Status::Error("corpus: checkpoint interval must be >= 1000 ms");
  for (const std::string& wanted : options_.failure_causes) {
    const bool known = std::any_of(std::begin(kRootCauses), std::end(kRootCauses),
                                   [&](RootCause cause) { return Describe(cause).cause == wanted; });
    if (!known) return Status::Error(fmt::format("corpus: unknown failure cause '{}'", wanted));
  }
  std::error_code ec;
  std::filesystem::create_directories(options_.out_dir + "/log", ec);
  if (ec) return Status::Error(fmt::format("{}/log: {}", options_.out_dir, ec.message()));

  truth_.seed = options_.seed;
  truth_.final_state = "RUNNING";
  job_id_ = rng_.Hex(32);
  graph_id_ = rng_.Hex(32);
  vertex_ids_[0] = rng_.Hex(32);
  vertex_ids_[1] = rng_.Hex(32);
  rpc_jar_ = fmt::format("flink-rpc-akka_{}.jar", UuidLike());
  rm_resource_id_ = rng_.Hex(32);
  const int k = options_.taskmanagers;
  spare_ = k >= 2 ? k - 1 : -1;
  busy_count_ = k >= 2 ? k - 1 : 1;
  PlanIncidents();

  files_.emplace_back("log/flink-flink-standalonesession-0-jm-host.log", "jobmanager");
  files_.emplace_back("log/flink-flink-standalonesession-0-jm-host.out", "stdout");
  jm_log_ = 0;
  for (int i = 0; i < k; ++i) {
    TaskManager tm;
    tm.index = i;
    tm.host = fmt::format("tm-host-{}", i + 1);
    tm.ip = fmt::format("10.0.1.{}", 11 + i);
    tm.rpc_port = static_cast<int>(rng_.Between(32768, 45000));
    tm.data_port = static_cast<int>(rng_.Between(32768, 45000));
    tm.resource_id = fmt::format("{}:{}-{}", tm.ip, tm.rpc_port, rng_.Hex(6));
    tm.instance_id = rng_.Hex(32);
    tm.allocation_id = rng_.Hex(32);
    const std::string blob_sha = rng_.Hex(40);
    tm.user_blob = fmt::format("blob_p-{}-{}", blob_sha, rng_.Hex(32));
    tm.busy = i < busy_count_;
    tm.card_cache = static_cast<uint64_t>(rng_.Between(1000, 50'000));
    tm.log_file = static_cast<int>(files_.size());
    files_.emplace_back(fmt::format("log/flink-flink-taskexecutor-{}-{}.log", i, tm.host), "taskmanager");
    tm.out_file = static_cast<int>(files_.size());
    files_.emplace_back(fmt::format("log/flink-flink-taskexecutor-{}-{}.out", i, tm.host), "stdout");
    tms_.push_back(std::move(tm));
  }
  for (CorpusFile& file : files_) {
    Status opened = file.Open(options_.out_dir);
    if (!opened.ok()) return opened;
  }
  truth_.job_id = job_id_;
  truth_.job_name = job_name_;

  // 2026-11-28, a start time of day that depends on the seed.
  const int64_t start = DaysFromCivil(2026, 11, 28) * kMillisPerDay + 8 * 3'600'000 +
                        static_cast<int64_t>(options_.seed % 3600) * 1000 + rng_.Between(0, 999);
  int64_t t = StartJobManager(start);
  for (TaskManager& tm : tms_) t = StartTaskManager(tm, t + rng_.Between(300, 1500));
  const int64_t running = SubmitJob(t + rng_.Between(20'000, 90'000));
  job_running_ = true;
  cp_size_ = rng_.Between(300'000, 600'000);
  cp_next_action_ = running + options_.checkpoint_interval_ms - rng_.Between(0, 500);
  for (TaskManager& tm : tms_) {
    if (!tm.busy) continue;
    tm.next_chatter = running + rng_.Between(1, options_.chatter_interval_ms * 2);
    tm.next_stats = running + 60'000 + tm.index * 17;
  }
  next_director_ = running + 1000;
  chatter_resume_at_ = running + 1;

  while (true) {
    const int64_t next = NextProcessTime();
    Drain(next);
    if (next == kNever) break;
    Fire(next);
  }
  for (CorpusFile& file : files_) {
    Status closed = file.Close();
    if (!closed.ok()) return closed;
    truth_.files.push_back(file.truth());
    truth_.total_bytes += file.truth().bytes;
    truth_.total_lines += file.truth().lines;
    truth_.total_records += file.truth().records;
  }
  truth_.first_time = TimeText::Iso(first_time_);
  truth_.last_time = TimeText::Iso(last_time_);
  return truth_;
}

void AppendJsonString(std::string& out, std::string_view s) {
  out += '"';
  for (char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        out += c;
    }
  }
  out += '"';
}

}  // namespace

std::map<std::string, uint64_t> CorpusTruth::IncidentCounts() const {
  std::map<std::string, uint64_t> counts;
  auto add = [&](const std::string& kind, uint64_t n) {
    if (n > 0) counts[kind] += n;
  };
  add("job_failover", failovers.size());
  add("job_failed", job_failure ? 1 : 0);
  uint64_t ooms = 0;
  for (const CorpusFailureTruth& f : failovers) ooms += f.cause == "oom_heap";
  if (job_failure && job_failure->cause == "oom_heap") ++ooms;
  add("oom", ooms);
  add("checkpoint_failures", checkpoint_failure_streaks.size());
  add("slow_checkpoint", slow_checkpoint_runs.size());
  add("taskmanager_lost", lost_taskmanagers.size());
  return counts;
}

Result<CorpusTruth> GenerateCorpus(const CorpusOptions& options) {
  CorpusSimulation simulation(options);
  Result<CorpusTruth> truth = simulation.Run();
  if (!truth.ok()) return truth;
  const std::string path = options.out_dir + "/ground-truth.json";
  const std::string json = RenderCorpusTruthJson(truth.value(), options);
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Status::Error(fmt::format("{}: {}", path, std::strerror(errno)));
  const bool written = ::write(fd, json.data(), json.size()) == static_cast<ssize_t>(json.size());
  const bool closed = ::close(fd) == 0;
  if (!written || !closed) return Status::Error(fmt::format("{}: write failed", path));
  return truth;
}

std::string RenderCorpusTruthJson(const CorpusTruth& truth, const CorpusOptions& options) {
  std::string out = "{\n";
  auto key = [&](std::string_view name) {
    out += "  ";
    AppendJsonString(out, name);
    out += ": ";
  };
  auto str = [&](std::string_view name, std::string_view value, bool last = false) {
    key(name);
    AppendJsonString(out, value);
    out += last ? "\n" : ",\n";
  };
  auto num = [&](std::string_view name, uint64_t value) {
    key(name);
    out += std::to_string(value);
    out += ",\n";
  };
  str("generator", "flinkscan gen_corpus 1");
  str("layout", "standalone");
  num("seed", truth.seed);
  num("target_bytes", options.target_bytes);
  num("taskmanagers", static_cast<uint64_t>(options.taskmanagers));
  str("flink_version", truth.flink_version);
  str("job_id", truth.job_id);
  str("job_name", truth.job_name);
  str("final_state", truth.final_state);
  str("first_time", truth.first_time);
  str("last_time", truth.last_time);
  key("checkpoints");
  out += fmt::format(
      "{{\"triggered\": {}, \"completed\": {}, \"expired\": {}, \"aborted\": {}, \"failed\": {}, "
      "\"pending\": {}, "
      "\"max_duration_ms\": {}}},\n",
      truth.checkpoints.triggered, truth.checkpoints.completed, truth.checkpoints.expired,
      truth.checkpoints.aborted, truth.checkpoints.failed(), truth.checkpoints.pending,
      truth.checkpoints.max_duration_ms);
  key("incident_counts");
  out += "{";
  bool first = true;
  for (const auto& [kind, count] : truth.IncidentCounts()) {
    out += first ? "" : ", ";
    first = false;
    AppendJsonString(out, kind);
    out += ": " + std::to_string(count);
  }
  out += "},\n";
  auto failure = [&](const CorpusFailureTruth& f) {
    std::string s = "{\"time\": ";
    AppendJsonString(s, f.time);
    s += ", \"failed_task\": ";
    AppendJsonString(s, f.failed_task);
    s += ", \"root_class\": ";
    AppendJsonString(s, f.root_class);
    s += ", \"cause\": ";
    AppendJsonString(s, f.cause);
    return s + "}";
  };
  key("job_failovers");
  out += "[";
  for (size_t i = 0; i < truth.failovers.size(); ++i) {
    out += i ? ",\n    " : "\n    ";
    out += failure(truth.failovers[i]);
  }
  out += truth.failovers.empty() ? "],\n" : "\n  ],\n";
  key("job_failure");
  out += truth.job_failure ? failure(*truth.job_failure) : "null";
  out += ",\n";
  auto runs = [&](std::string_view name, const std::vector<CorpusStreakTruth>& list) {
    key(name);
    out += "[";
    for (size_t i = 0; i < list.size(); ++i) {
      out += i ? ",\n    " : "\n    ";
      out +=
          fmt::format("{{\"first_id\": {}, \"last_id\": {}, \"start\": ", list[i].first_id, list[i].last_id);
      AppendJsonString(out, list[i].start);
      out += "}";
    }
    out += list.empty() ? "],\n" : "\n  ],\n";
  };
  runs("checkpoint_failure_streaks", truth.checkpoint_failure_streaks);
  runs("slow_checkpoint_runs", truth.slow_checkpoint_runs);
  key("lost_taskmanagers");
  out += "[";
  for (size_t i = 0; i < truth.lost_taskmanagers.size(); ++i) {
    const CorpusLostTaskManagerTruth& lost = truth.lost_taskmanagers[i];
    out += i ? ",\n    " : "\n    ";
    out += "{\"resource_id\": ";
    AppendJsonString(out, lost.resource_id);
    out += ", \"host\": ";
    AppendJsonString(out, lost.host);
    out += ", \"detected\": ";
    AppendJsonString(out, lost.detected);
    out += "}";
  }
  out += truth.lost_taskmanagers.empty() ? "],\n" : "\n  ],\n";
  key("files");
  out += "[";
  for (size_t i = 0; i < truth.files.size(); ++i) {
    const CorpusFileTruth& file = truth.files[i];
    out += i ? ",\n    " : "\n    ";
    out += "{\"path\": ";
    AppendJsonString(out, file.path);
    out += ", \"kind\": ";
    AppendJsonString(out, file.kind);
    out += fmt::format(", \"bytes\": {}, \"lines\": {}, \"records\": {}}}", file.bytes, file.lines,
                       file.records);
  }
  out += "\n  ],\n";
  key("totals");
  out += fmt::format("{{\"bytes\": {}, \"lines\": {}, \"records\": {}}}\n", truth.total_bytes,
                     truth.total_lines, truth.total_records);
  out += "}\n";
  return out;
}

bool ParseByteCount(std::string_view text, uint64_t& out) {
  uint64_t value = 0;
  size_t i = 0;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
    if (value > (UINT64_MAX >> 31)) return false;
    value = value * 10 + static_cast<uint64_t>(text[i] - '0');
  }
  if (i == 0) return false;
  const std::string_view suffix = text.substr(i);
  int shift = 0;
  if (suffix.empty() || suffix == "B") {
    shift = 0;
  } else if (suffix == "K" || suffix == "k" || suffix == "KiB") {
    shift = 10;
  } else if (suffix == "M" || suffix == "MiB") {
    shift = 20;
  } else if (suffix == "G" || suffix == "GiB") {
    shift = 30;
  } else {
    return false;
  }
  out = value << shift;
  return true;
}

Result<TemporaryCorpus> TemporaryCorpus::Create(CorpusOptions options, const std::string& name_hint) {
  std::error_code ec;
  const std::filesystem::path base = std::filesystem::temp_directory_path(ec);
  if (ec) return Status::Error("temp dir: " + ec.message());
  std::string pattern = (base / ("flinkscan-" + name_hint + "-XXXXXX")).string();
  if (::mkdtemp(pattern.data()) == nullptr) return Status::Error(pattern + ": " + std::strerror(errno));
  TemporaryCorpus corpus;
  corpus.dir_ = pattern;
  options.out_dir = pattern;
  Result<CorpusTruth> truth = GenerateCorpus(options);
  if (!truth.ok()) return truth.status();  // the destructor removes the directory
  corpus.truth_ = std::move(truth).value();
  return corpus;
}

TemporaryCorpus::TemporaryCorpus(TemporaryCorpus&& other) noexcept
    : dir_(std::exchange(other.dir_, std::string())), truth_(std::move(other.truth_)) {}

TemporaryCorpus& TemporaryCorpus::operator=(TemporaryCorpus&& other) noexcept {
  if (this != &other) {
    this->~TemporaryCorpus();
    dir_ = std::exchange(other.dir_, std::string());
    truth_ = std::move(other.truth_);
  }
  return *this;
}

TemporaryCorpus::~TemporaryCorpus() {
  if (dir_.empty()) return;
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
  dir_.clear();
}

}  // namespace flinkscan

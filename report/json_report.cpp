#include "report/json_report.h"

#include <optional>
#include <string_view>

#include "report/json_stacks.h"
#include "report/json_writer.h"

namespace flinkscan {

namespace {

// Field emitters named by the JSON type they produce, so a call site reads
// like the schema. "Optional" text is null when empty: the model uses "" for
// "not known" (times, ids, reasons) and the contract promises null there.
class DocumentWriter {
 public:
  explicit DocumentWriter(std::string* out) : json_(out) {}

  JsonWriter& json() { return json_; }

  void Text(std::string_view key, std::string_view value) {
    json_.Key(key);
    json_.String(value);
  }
  void OptionalText(std::string_view key, std::string_view value) {
    json_.Key(key);
    if (value.empty()) {
      json_.Null();
    } else {
      json_.String(value);
    }
  }
  void NullableText(std::string_view key, const std::optional<std::string>& value) {
    json_.Key(key);
    if (value.has_value()) {
      json_.String(*value);
    } else {
      json_.Null();
    }
  }
  void Count(std::string_view key, uint64_t value) {
    json_.Key(key);
    json_.Uint(value);
  }
  void Integer(std::string_view key, const std::optional<int64_t>& value) {
    json_.Key(key);
    if (value.has_value()) {
      json_.Int(*value);
    } else {
      json_.Null();
    }
  }
  void Number(std::string_view key, double value) {
    json_.Key(key);
    json_.Double(value);
  }
  void TextArray(std::string_view key, const std::vector<std::string>& values) {
    json_.Key(key);
    json_.BeginArray();
    for (const std::string& value : values) json_.String(value);
    json_.EndArray();
  }

 private:
  JsonWriter json_;
};

void WriteInputs(DocumentWriter& doc, const std::vector<InputSummary>& inputs) {
  JsonWriter& json = doc.json();
  json.Key("inputs");
  json.BeginArray();
  for (const InputSummary& input : inputs) {
    json.BeginObject();
    doc.Text("path", input.path);
    doc.OptionalText("stream", input.stream);
    doc.Text("kind", input.kind);
    doc.Count("bytes", input.bytes);
    doc.Count("lines", input.lines);
    doc.Count("records", input.records);
    doc.Count("matched_records", input.matched_records);
    doc.Count("rejected_lines", input.rejected_lines);
    doc.Count("continuation_lines", input.continuation_lines);
    doc.Count("free_text_lines", input.free_text_lines);
    doc.Text("tz_source", input.tz_source);
    doc.OptionalText("layout", input.layout);
    doc.OptionalText("first_time", input.first_time);
    doc.OptionalText("last_time", input.last_time);
    doc.OptionalText("prefix", input.prefix);
    json.Key("reversed");
    json.Bool(input.reversed);
    json.Key("rejected_examples");
    json.BeginArray();
    for (const InputSummary::RejectedExample& example : input.rejected_examples) {
      json.BeginObject();
      doc.Count("line", example.line);
      doc.Text("text", example.text);
      json.EndObject();
    }
    json.EndArray();
    doc.TextArray("errors", input.errors);
    json.EndObject();
  }
  json.EndArray();
}

void WriteSkipped(DocumentWriter& doc, const std::vector<SkippedPath>& skipped) {
  JsonWriter& json = doc.json();
  json.Key("skipped");
  json.BeginArray();
  for (const SkippedPath& path : skipped) {
    json.BeginObject();
    doc.Text("path", path.path);
    doc.Text("reason", path.reason);
    json.EndObject();
  }
  json.EndArray();
}

void WriteTotals(DocumentWriter& doc, const Totals& totals, const JsonOptions& options) {
  JsonWriter& json = doc.json();
  json.Key("totals");
  json.BeginObject();
  doc.Count("bytes", totals.bytes);
  doc.Count("lines", totals.lines);
  doc.Count("records", totals.records);
  doc.Count("matched_records", totals.matched_records);
  doc.Count("rejected_lines", totals.rejected_lines);
  doc.Count("continuation_lines", totals.continuation_lines);
  doc.Count("free_text_lines", totals.free_text_lines);
  doc.Count("events", totals.events);
  json.Key("seconds");
  if (options.include_timing) {
    json.Double(totals.seconds);
  } else {
    json.Null();
  }
  json.EndObject();
}

void WriteJobs(DocumentWriter& doc, const std::vector<JobSummary>& jobs) {
  JsonWriter& json = doc.json();
  json.Key("jobs");
  json.BeginArray();
  for (const JobSummary& job : jobs) {
    json.BeginObject();
    doc.Text("job_id", job.job_id);
    doc.OptionalText("name", job.name);
    json.Key("transitions");
    json.BeginArray();
    for (const JobTransition& transition : job.transitions) {
      json.BeginObject();
      doc.OptionalText("time", transition.time);
      doc.OptionalText("from", transition.from);
      doc.Text("to", transition.to);
      doc.Text("source", transition.source);
      doc.Count("line", transition.line);
      json.EndObject();
    }
    json.EndArray();
    doc.OptionalText("final_state", job.final_state);
    doc.Count("restarts", job.restarts);
    doc.Count("task_failures", job.task_failures);
    doc.Count("tasks", job.tasks);
    json.EndObject();
  }
  json.EndArray();
}

void WriteCheckpoints(DocumentWriter& doc, const CheckpointSummary& checkpoints) {
  JsonWriter& json = doc.json();
  json.Key("checkpoints");
  json.BeginObject();
  doc.Count("completed", checkpoints.completed);
  doc.Count("failed", checkpoints.failed);
  doc.Count("pending", checkpoints.pending);
  doc.Count("savepoints", checkpoints.savepoints);
  doc.Integer("max_duration_ms", checkpoints.max_duration_ms);
  json.Key("items");
  json.BeginArray();
  for (const CheckpointItem& item : checkpoints.items) {
    json.BeginObject();
    doc.OptionalText("job_id", item.job_id);
    doc.Integer("id", item.id);
    doc.Text("kind", item.kind);
    doc.Text("status", item.status);
    doc.OptionalText("trigger_time", item.trigger_time);
    doc.OptionalText("end_time", item.end_time);
    doc.Integer("duration_ms", item.duration_ms);
    doc.Integer("size_bytes", item.size_bytes);
    doc.Integer("finalization_ms", item.finalization_ms);
    doc.OptionalText("reason", item.reason);
    doc.Text("source", item.source);
    doc.Count("line", item.line);
    json.EndObject();
  }
  json.EndArray();
  doc.Count("items_dropped", checkpoints.items_dropped);
  json.EndObject();
}

void WriteGc(DocumentWriter& doc, const GcSummary& gc) {
  JsonWriter& json = doc.json();
  json.Key("gc");
  json.BeginObject();
  doc.Count("pauses", gc.pauses);
  doc.Count("full_gcs", gc.full_gcs);
  doc.Number("total_pause_ms", gc.total_pause_ms);
  doc.Number("max_pause_ms", gc.max_pause_ms);
  json.Key("items");
  json.BeginArray();
  for (const GcPauseItem& item : gc.items) {
    json.BeginObject();
    doc.OptionalText("time", item.time);
    doc.Text("source", item.source);
    doc.Count("line", item.line);
    doc.Text("kind", item.kind);
    doc.OptionalText("collector", item.collector);
    doc.OptionalText("cause", item.cause);
    doc.Number("pause_ms", item.pause_ms);
    doc.Integer("gc_id", item.gc_id);
    doc.Integer("uptime_ms", item.uptime_ms);
    doc.Integer("heap_before_kb", item.heap_before_kb);
    doc.Integer("heap_after_kb", item.heap_after_kb);
    doc.Integer("heap_capacity_kb", item.heap_capacity_kb);
    json.EndObject();
  }
  json.EndArray();
  doc.Count("items_dropped", gc.items_dropped);
  json.EndObject();
}

void WriteExceptions(DocumentWriter& doc, const std::vector<ExceptionSummary>& exceptions) {
  JsonWriter& json = doc.json();
  json.Key("exceptions");
  json.BeginArray();
  for (const ExceptionSummary& exception : exceptions) {
    json.BeginObject();
    doc.Text("class", exception.class_name);
    doc.Text("message", exception.message);
    doc.Text("root_class", exception.root_class);
    doc.Text("root_message", exception.root_message);
    doc.Count("count", exception.count);
    doc.OptionalText("first_time", exception.first_time);
    doc.OptionalText("last_time", exception.last_time);
    doc.Text("first_source", exception.first_source);
    doc.Count("first_line", exception.first_line);
    doc.OptionalText("signature", exception.signature);
    doc.Text("normalized_message", exception.normalized_message);
    doc.TextArray("frames", exception.frames);
    doc.TextArray("chain", exception.chain);
    doc.TextArray("sources", exception.sources);
    doc.TextArray("hosts", exception.hosts);
    doc.TextArray("job_ids", exception.job_ids);
    json.Key("places_truncated");
    json.Bool(exception.places_truncated);
    json.Key("overflow");
    json.Bool(exception.overflow);
    doc.OptionalText("baseline_status", exception.baseline_status);
    json.EndObject();
  }
  json.EndArray();
}

void WriteEvidence(DocumentWriter& doc, const std::vector<Evidence>& evidence) {
  JsonWriter& json = doc.json();
  json.Key("evidence");
  json.BeginArray();
  for (const Evidence& item : evidence) {
    json.BeginObject();
    doc.Text("source", item.source);
    doc.Count("line", item.line);
    doc.OptionalText("time", item.time);
    doc.Text("text", item.text);
    json.EndObject();
  }
  json.EndArray();
}

bool SeenEarlier(const std::vector<std::pair<std::string, std::string>>& facts, size_t index) {
  for (size_t i = 0; i < index; ++i) {
    if (facts[i].first == facts[index].first) return true;
  }
  return false;
}

void WriteFacts(DocumentWriter& doc, const std::vector<std::pair<std::string, std::string>>& facts) {
  JsonWriter& json = doc.json();
  json.Key("facts");
  json.BeginObject();
  for (size_t i = 0; i < facts.size(); ++i) {
    // A JSON object must not repeat a key; the first value given wins.
    if (SeenEarlier(facts, i)) continue;
    const auto& [key, value] = facts[i];
    json.Key(key);
    if (JsonWriter::IsJsonNumber(value)) {
      json.RawNumber(value);
    } else {
      json.String(value);
    }
  }
  json.EndObject();
}

void WriteIncidents(DocumentWriter& doc, const std::vector<Incident>& incidents) {
  JsonWriter& json = doc.json();
  json.Key("incidents");
  json.BeginArray();
  for (const Incident& incident : incidents) {
    json.BeginObject();
    doc.Text("kind", incident.kind);
    doc.Text("severity", incident.severity);
    doc.OptionalText("start", incident.start);
    doc.OptionalText("end", incident.end);
    doc.OptionalText("job_id", incident.job_id);
    json.Key("scope");
    json.BeginObject();
    doc.NullableText("job_id", incident.scope.job_id);
    doc.NullableText("taskmanager", incident.scope.taskmanager);
    doc.NullableText("container", incident.scope.container);
    doc.NullableText("host", incident.scope.host);
    doc.NullableText("pod", incident.scope.pod);
    json.EndObject();
    doc.Text("title", incident.title);
    json.Key("root_cause");
    if (incident.root_cause.has_value()) {
      const RootCause& cause = *incident.root_cause;
      json.BeginObject();
      doc.Text("class", cause.class_name);
      doc.Text("message", cause.message);
      doc.TextArray("chain", cause.chain);
      doc.OptionalText("frame", cause.frame);
      json.EndObject();
    } else {
      json.Null();
    }
    json.Key("diagnosis");
    json.BeginObject();
    doc.OptionalText("cause", incident.diagnosis.cause);
    doc.OptionalText("text", incident.diagnosis.text);
    doc.OptionalText("next_step", incident.diagnosis.next_step);
    json.EndObject();
    WriteFacts(doc, incident.facts);
    WriteEvidence(doc, incident.evidence);
    doc.Count("evidence_dropped", incident.evidence_dropped);
    doc.Text("key", incident.key);
    doc.OptionalText("baseline_status", incident.baseline_status);
    json.EndObject();
  }
  json.EndArray();
}

void WriteAlerts(DocumentWriter& doc, const std::vector<Alert>& alerts) {
  JsonWriter& json = doc.json();
  json.Key("alerts");
  json.BeginArray();
  for (const Alert& alert : alerts) {
    json.BeginObject();
    doc.Text("rule", alert.rule);
    doc.Text("severity", alert.severity);
    doc.Number("value", alert.value);
    doc.Number("threshold", alert.threshold);
    doc.OptionalText("start", alert.start);
    doc.OptionalText("end", alert.end);
    doc.OptionalText("job_id", alert.job_id);
    doc.Text("text", alert.text);
    WriteEvidence(doc, alert.evidence);
    json.EndObject();
  }
  json.EndArray();
}

void WriteAlertsNotEvaluated(DocumentWriter& doc, const std::vector<AlertNotEvaluated>& rules) {
  JsonWriter& json = doc.json();
  json.Key("alerts_not_evaluated");
  json.BeginArray();
  for (const AlertNotEvaluated& rule : rules) {
    json.BeginObject();
    doc.Text("rule", rule.rule);
    doc.Text("reason", rule.reason);
    json.EndObject();
  }
  json.EndArray();
}

void WriteMetricChart(DocumentWriter& doc, std::string_view key, const MetricChart& chart) {
  JsonWriter& json = doc.json();
  json.Key(key);
  if (chart.empty()) {
    json.Null();
    return;
  }
  json.BeginObject();
  doc.Text("metric", chart.metric);
  doc.Text("unit", chart.unit);
  json.Key("mean");
  json.Double(chart.mean);
  json.Key("max");
  json.Double(chart.max);
  json.Key("samples");
  json.BeginArray();
  for (const MetricSample& sample : chart.samples) {
    json.BeginObject();
    doc.Text("time", sample.time);
    json.Key("value");
    json.Double(sample.value);
    json.Key("min");
    json.Double(sample.min);
    json.Key("max");
    json.Double(sample.max);
    json.EndObject();
  }
  json.EndArray();
  json.EndObject();
}

void OptionalShare(DocumentWriter& doc, std::string_view key, const std::optional<double>& value) {
  doc.json().Key(key);
  if (value) {
    doc.json().Double(*value);
  } else {
    doc.json().Null();
  }
}

void WriteMetrics(DocumentWriter& doc, const MetricsSummary& metrics) {
  JsonWriter& json = doc.json();
  json.Key("metrics");
  json.BeginObject();
  doc.Count("reports", metrics.reports);
  doc.Count("values", metrics.values);
  doc.Count("series", metrics.series);
  doc.Count("dropped_samples", metrics.dropped_samples);
  doc.Integer("bucket_ms", metrics.bucket_ms > 0 ? std::optional<int64_t>(metrics.bucket_ms) : std::nullopt);
  doc.OptionalText("first_time", metrics.first_time);
  doc.OptionalText("last_time", metrics.last_time);
  json.Key("vertices");
  json.BeginArray();
  for (const VertexMetrics& v : metrics.vertices) {
    json.BeginObject();
    doc.Text("job", v.job);
    doc.Text("vertex", v.vertex);
    doc.Integer("subtasks", v.subtasks);
    WriteMetricChart(doc, "backpressure", v.backpressure);
    WriteMetricChart(doc, "busy", v.busy);
    WriteMetricChart(doc, "records_in_per_second", v.records_in_per_second);
    WriteMetricChart(doc, "records_out_per_second", v.records_out_per_second);
    WriteMetricChart(doc, "watermark_lag", v.watermark_lag);
    json.Key("per_subtask");
    json.BeginArray();
    for (const SubtaskMetrics& s : v.per_subtask) {
      json.BeginObject();
      doc.Integer("subtask", s.subtask);
      doc.OptionalText("taskmanager", s.taskmanager);
      OptionalShare(doc, "backpressure_mean", s.backpressure_mean);
      OptionalShare(doc, "backpressure_max", s.backpressure_max);
      OptionalShare(doc, "busy_mean", s.busy_mean);
      OptionalShare(doc, "busy_max", s.busy_max);
      OptionalShare(doc, "records_in_per_second", s.records_in_per_second);
      json.EndObject();
    }
    json.EndArray();
    doc.Count("per_subtask_dropped", v.per_subtask_dropped);
    json.EndObject();
  }
  json.EndArray();
  doc.Count("vertices_dropped", metrics.vertices_dropped);
  WriteMetricChart(doc, "slot_usage", metrics.slot_usage);
  WriteMetricChart(doc, "registered_taskmanagers", metrics.registered_taskmanagers);
  WriteMetricChart(doc, "latency", metrics.latency);
  json.Key("jobs");
  json.BeginArray();
  for (const JobMetrics& j : metrics.jobs) {
    json.BeginObject();
    doc.Text("job", j.job);
    WriteMetricChart(doc, "checkpoint_duration", j.checkpoint_duration);
    WriteMetricChart(doc, "checkpoint_size", j.checkpoint_size);
    json.EndObject();
  }
  json.EndArray();
  json.Key("processes");
  json.BeginArray();
  for (const ProcessMetrics& p : metrics.processes) {
    json.BeginObject();
    doc.Text("process", p.process);
    doc.Text("kind", p.kind);
    doc.OptionalText("host", p.host);
    WriteMetricChart(doc, "heap_usage", p.heap_usage);
    json.EndObject();
  }
  json.EndArray();
  json.EndObject();
}

void WriteJobGraph(DocumentWriter& doc, const JobGraph& graph) {
  JsonWriter& json = doc.json();
  json.Key("job_graph");
  json.BeginObject();
  json.Key("vertices");
  json.BeginArray();
  for (const VertexSummary& vertex : graph.vertices) {
    json.BeginObject();
    doc.OptionalText("job_id", vertex.job_id);
    doc.OptionalText("vertex_id", vertex.vertex_id);
    doc.Text("name", vertex.name);
    doc.Integer("parallelism", vertex.parallelism > 0 ? std::optional<int64_t>(vertex.parallelism) : std::nullopt);
    doc.Count("subtasks_seen", vertex.subtasks_seen);
    doc.Count("attempts", vertex.attempts);
    doc.Count("failures", vertex.failures);
    json.Key("first_failure");
    if (vertex.failures > 0) {
      json.BeginObject();
      doc.OptionalText("time", vertex.first_failure_time);
      doc.OptionalText("cause", vertex.first_failure_cause);
      doc.Text("source", vertex.first_failure_source);
      doc.Count("line", vertex.first_failure_line);
      json.EndObject();
    } else {
      json.Null();
    }
    json.Key("subtasks");
    json.BeginArray();
    for (const SubtaskSummary& subtask : vertex.subtasks) {
      json.BeginObject();
      doc.Integer("index", subtask.index);
      doc.Count("attempts", subtask.attempts);
      doc.Count("failures", subtask.failures);
      doc.OptionalText("last_state", subtask.last_state);
      doc.OptionalText("taskmanager", subtask.taskmanager);
      doc.OptionalText("host", subtask.host);
      json.EndObject();
    }
    json.EndArray();
    doc.Count("subtasks_dropped", vertex.subtasks_dropped);
    json.EndObject();
  }
  json.EndArray();
  doc.Count("vertices_dropped", graph.vertices_dropped);
  json.EndObject();
}

void WriteTaskManagers(DocumentWriter& doc, const TaskManagerTable& table) {
  JsonWriter& json = doc.json();
  json.Key("taskmanagers");
  json.BeginObject();
  json.Key("items");
  json.BeginArray();
  for (const TaskManagerSummary& tm : table.items) {
    json.BeginObject();
    doc.Text("id", tm.id);
    doc.OptionalText("host", tm.host);
    doc.OptionalText("container", tm.container);
    doc.OptionalText("pod", tm.pod);
    doc.OptionalText("first_seen", tm.first_seen);
    doc.OptionalText("last_seen", tm.last_seen);
    doc.Count("tasks", tm.tasks);
    doc.Count("task_failures", tm.task_failures);
    json.Key("lost");
    json.Bool(tm.lost);
    doc.OptionalText("lost_time", tm.lost_time);
    doc.OptionalText("lost_reason", tm.lost_reason);
    doc.TextArray("sources", tm.sources);
    json.Key("gc");
    json.BeginObject();
    doc.Count("pauses", tm.gc_pauses);
    doc.Count("full_gcs", tm.full_gcs);
    doc.Number("total_pause_ms", tm.gc_total_pause_ms);
    doc.Number("max_pause_ms", tm.gc_max_pause_ms);
    json.Key("points");
    json.BeginArray();
    for (const TaskManagerGcPoint& point : tm.gc_points) {
      json.BeginObject();
      doc.OptionalText("time", point.time);
      doc.Number("pause_ms", point.pause_ms);
      doc.Text("kind", point.kind);
      json.EndObject();
    }
    json.EndArray();
    doc.Count("points_dropped", tm.gc_points_dropped);
    json.EndObject();
    json.EndObject();
  }
  json.EndArray();
  doc.Count("items_dropped", table.items_dropped);
  json.EndObject();
}

void WriteFilter(DocumentWriter& doc, const std::optional<AppliedFilter>& filter) {
  JsonWriter& json = doc.json();
  json.Key("filter");
  if (!filter.has_value()) {
    json.Null();
    return;
  }
  json.BeginObject();
  doc.OptionalText("since", filter->since);
  doc.OptionalText("until", filter->until);
  doc.OptionalText("job", filter->job);
  doc.TextArray("job_ids", filter->job_ids);
  json.EndObject();
}

void WriteBaseline(DocumentWriter& doc, const std::optional<BaselineComparison>& baseline) {
  JsonWriter& json = doc.json();
  json.Key("baseline");
  if (!baseline.has_value()) {
    json.Null();
    return;
  }
  json.BeginObject();
  doc.Text("path", baseline->path);
  doc.OptionalText("generated_at", baseline->generated_at);
  json.Key("time_span");
  json.BeginObject();
  doc.OptionalText("start", baseline->span_start);
  doc.OptionalText("end", baseline->span_end);
  json.EndObject();
  json.Key("new");
  json.BeginObject();
  doc.Count("incidents", baseline->new_incidents);
  doc.Count("exceptions", baseline->new_exceptions);
  json.EndObject();
  json.Key("recurring");
  json.BeginObject();
  doc.Count("incidents", baseline->recurring_incidents);
  doc.Count("exceptions", baseline->recurring_exceptions);
  json.EndObject();
  json.Key("gone");
  json.BeginObject();
  json.Key("incidents");
  json.BeginArray();
  for (const BaselineGoneIncident& gone : baseline->gone_incidents) {
    json.BeginObject();
    doc.Text("key", gone.key);
    doc.Text("kind", gone.kind);
    doc.OptionalText("job", gone.job);
    doc.OptionalText("title", gone.title);
    doc.OptionalText("last_seen", gone.last_seen);
    doc.Count("count", gone.count);
    json.EndObject();
  }
  json.EndArray();
  json.Key("exceptions");
  json.BeginArray();
  for (const BaselineGoneException& gone : baseline->gone_exceptions) {
    json.BeginObject();
    doc.Text("signature", gone.signature);
    doc.Text("class", gone.class_name);
    doc.Text("root_class", gone.root_class);
    doc.Text("root_message", gone.root_message);
    doc.OptionalText("last_time", gone.last_time);
    doc.Count("count", gone.count);
    json.EndObject();
  }
  json.EndArray();
  doc.Count("dropped", baseline->gone_dropped);
  json.EndObject();
  json.EndObject();
}

}  // namespace

std::string RenderJson(const Analysis& analysis, const JsonOptions& options) {
  std::string out;
  out.reserve(4096 + 256 * (analysis.checkpoints.items.size() + analysis.exceptions.size()));
  DocumentWriter doc(&out);
  JsonWriter& json = doc.json();
  json.BeginObject();
  doc.Text("schema", kJsonSchemaVersion);
  doc.Text("version", analysis.flinkscan_version);
  WriteInputs(doc, analysis.inputs);
  WriteSkipped(doc, analysis.skipped);
  WriteTotals(doc, analysis.totals, options);
  doc.TextArray("flink_versions", analysis.flink_versions);
  json.Key("time_span");
  json.BeginObject();
  doc.OptionalText("start", analysis.time_span_start);
  doc.OptionalText("end", analysis.time_span_end);
  json.EndObject();
  WriteJobs(doc, analysis.jobs);
  WriteCheckpoints(doc, analysis.checkpoints);
  WriteGc(doc, analysis.gc);
  WriteExceptions(doc, analysis.exceptions);
  WriteIncidents(doc, analysis.incidents);
  WriteAlerts(doc, analysis.alerts);
  WriteAlertsNotEvaluated(doc, analysis.alerts_not_evaluated);
  WriteFilter(doc, analysis.filter);
  WriteBaseline(doc, analysis.baseline);
  WriteJobGraph(doc, analysis.job_graph);
  WriteTaskManagers(doc, analysis.taskmanagers);
  WriteMetrics(doc, analysis.metrics);
  WriteStacksJson(json, analysis.stacks);
  json.EndObject();
  out.push_back('\n');
  return out;
}

}  // namespace flinkscan

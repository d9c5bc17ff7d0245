#include "report/json_report.h"

#include <optional>
#include <string_view>

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
  json.EndObject();
  out.push_back('\n');
  return out;
}

}  // namespace flinkscan

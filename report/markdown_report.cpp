#include "report/markdown_report.h"

#include <algorithm>
#include <iterator>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "report/human_units.h"
#include "report/markdown_text.h"

namespace flinkscan {

namespace {

constexpr std::string_view kArrow = " \xE2\x86\x92 ";   // →
constexpr std::string_view kEllipsis = "\xE2\x80\xA6";  // …

class MarkdownOut {
 public:
  MarkdownOut(std::string* out, const MarkdownOptions& options) : out_(out), options_(options) {}

  const MarkdownOptions& options() const { return options_; }

  void Raw(std::string_view text) { out_->append(text); }
  template <typename... Args>
  void Format(fmt::format_string<Args...> format, Args&&... args) {
    fmt::format_to(std::back_inserter(*out_), format, std::forward<Args>(args)...);
  }
  // Log-derived text, escaped.
  void Safe(std::string_view text) { AppendMarkdownText(out_, text); }
  void Code(std::string_view text) { AppendMarkdownCode(out_, text); }
  void Heading(std::string_view title) {
    Raw("\n## ");
    Raw(title);
    Raw("\n\n");
  }
  // A GFM table row; every cell is escaped, so the row always has
  // cells.size() + 1 unescaped pipes.
  void Row(std::initializer_list<std::string_view> cells) {
    Raw("|");
    for (std::string_view cell : cells) {
      Raw(" ");
      Safe(cell);
      Raw(" |");
    }
    Raw("\n");
  }
  // Fixed header and alignment rows; the titles are ours.
  void TableHeader(std::initializer_list<std::string_view> titles) {
    Row(titles);
    Raw("|");
    for (size_t i = 0; i < titles.size(); ++i) Raw(" --- |");
    Raw("\n");
  }

 private:
  std::string* out_;
  const MarkdownOptions& options_;
};

std::string TimeRange(std::string_view start, std::string_view end) {
  std::string range(start.empty() ? "?" : start);
  if (!end.empty() && end != start) range.append(kArrow).append(end);
  return range;
}

std::string OptionalNumber(const std::optional<int64_t>& value) {
  return value.has_value() ? fmt::format("{}", *value) : std::string("-");
}

std::string Upper(std::string_view text) {
  std::string upper(text);
  for (char& c : upper) {
    if (c >= 'a' && c <= 'z') c = char(c - 'a' + 'A');
  }
  return upper;
}

std::string SourceLine(std::string_view source, uint64_t line) { return fmt::format("{}:{}", source, line); }

void AppendTitle(MarkdownOut& md, const Analysis& analysis) {
  md.Raw("# flinkscan report");
  if (!analysis.time_span_start.empty() || !analysis.time_span_end.empty()) {
    md.Raw(": ");
    md.Safe(TimeRange(analysis.time_span_start, analysis.time_span_end));
  }
  if (!analysis.flink_versions.empty()) {
    md.Raw(", Flink ");
    for (size_t i = 0; i < analysis.flink_versions.size(); ++i) {
      if (i > 0) md.Raw(", ");
      md.Safe(analysis.flink_versions[i]);
    }
  }
  md.Raw("\n\n");
}

void AppendSummary(MarkdownOut& md, const Analysis& analysis) {
  size_t by_rank[3] = {0, 0, 0};
  for (const Incident& incident : analysis.incidents) {
    const int rank = SeverityRank(incident.severity);
    if (rank >= 0 && rank <= 2) ++by_rank[rank];
  }
  md.Format("**{} critical**, **{} warning** and {} info incident{}", by_rank[2], by_rank[1], by_rank[0],
            by_rank[0] == 1 ? "" : "s");
  md.Format("; {} alert{} fired", analysis.alerts.size(), analysis.alerts.size() == 1 ? "" : "s");
  md.Format("; {} job{}", analysis.jobs.size(), analysis.jobs.size() == 1 ? "" : "s");
  if (!analysis.jobs.empty()) {
    md.Raw(" (");
    for (size_t i = 0; i < analysis.jobs.size(); ++i) {
      const JobSummary& job = analysis.jobs[i];
      if (i > 0) md.Raw(", ");
      md.Safe(job.name.empty() ? job.job_id : job.name);
      md.Raw(" ");
      md.Safe(job.final_state.empty() ? "?" : job.final_state);
    }
    md.Raw(")");
  }
  md.Format("; {} input{}, {}", analysis.inputs.size(), analysis.inputs.size() == 1 ? "" : "s",
            HumanBytes(analysis.totals.bytes));
  if (!analysis.flinkscan_version.empty()) {
    md.Raw(", flinkscan ");
    md.Safe(analysis.flinkscan_version);
  }
  md.Raw(".\n");
}

void AppendEvidenceTable(MarkdownOut& md, const std::vector<Evidence>& evidence, uint64_t dropped) {
  if (evidence.empty() && dropped == 0) return;
  const size_t shown = std::min(evidence.size(), md.options().max_evidence);
  md.Raw("\n");
  md.TableHeader({"source:line", "time", "text"});
  for (size_t i = 0; i < shown; ++i) {
    const Evidence& item = evidence[i];
    md.Row({SourceLine(item.source, item.line), item.time, item.text});
  }
  const uint64_t more = (evidence.size() - shown) + dropped;
  if (more > 0) md.Format("\n{} {} more\n", kEllipsis, more);
}

void AppendScope(MarkdownOut& md, const Incident& incident) {
  const std::string& job_id = !incident.job_id.empty() ? incident.job_id : incident.scope.job_id.value_or("");
  const std::pair<std::string_view, const std::string*> places[] = {
      {"job", job_id.empty() ? nullptr : &job_id},
      {"taskmanager", incident.scope.taskmanager ? &*incident.scope.taskmanager : nullptr},
      {"container", incident.scope.container ? &*incident.scope.container : nullptr},
      {"host", incident.scope.host ? &*incident.scope.host : nullptr},
      {"pod", incident.scope.pod ? &*incident.scope.pod : nullptr},
  };
  bool any = false;
  for (const auto& [label, value] : places) {
    if (value == nullptr) continue;
    md.Raw(any ? ", " : "- **Scope:** ");
    md.Format("{} ", label);
    md.Safe(*value);
    any = true;
  }
  if (any) md.Raw("\n");
}

void AppendIncident(MarkdownOut& md, size_t number, const Incident& incident) {
  if (number > 1) md.Raw("\n");
  md.Format("### {}. ", number);
  if (incident.baseline_status == "new") md.Raw("NEW since baseline: ");
  md.Safe(Upper(incident.severity));
  md.Raw(" ");
  md.Safe(incident.kind);
  if (!incident.title.empty()) {
    md.Raw(": ");
    md.Safe(incident.title);
  }
  md.Raw("\n\n- **Severity:** ");
  md.Safe(incident.severity);
  md.Raw(", **kind:** ");
  md.Safe(incident.kind);
  md.Raw("\n- **When:** ");
  md.Safe(TimeRange(incident.start, incident.end));
  md.Raw("\n");
  AppendScope(md, incident);
  if (incident.root_cause.has_value()) {
    const RootCause& cause = *incident.root_cause;
    md.Raw("- **Root cause:** ");
    md.Code(cause.message.empty() ? cause.class_name : cause.class_name + ": " + cause.message);
    md.Raw("\n");
    if (!cause.frame.empty()) {
      md.Raw("- **At:** ");
      md.Code(cause.frame);
      md.Raw("\n");
    }
    if (cause.chain.size() > 1) {
      md.Raw("- **Chain:** ");
      for (size_t i = 0; i < cause.chain.size(); ++i) {
        if (i > 0) md.Raw(kArrow);
        const std::string_view entry = cause.chain[i];
        md.Code(entry.substr(0, entry.find(": ")));
      }
      md.Raw("\n");
    }
  }
  if (!incident.diagnosis.text.empty()) {
    md.Raw("- **Diagnosis:** ");
    md.Safe(incident.diagnosis.text);
    md.Raw("\n");
  }
  if (!incident.diagnosis.next_step.empty()) {
    md.Raw("- **Next step:** ");
    md.Safe(incident.diagnosis.next_step);
    md.Raw("\n");
  }
  if (!incident.facts.empty()) {
    md.Raw("- **Facts:** ");
    for (size_t i = 0; i < incident.facts.size(); ++i) {
      if (i > 0) md.Raw(", ");
      md.Safe(incident.facts[i].first);
      md.Raw(" = ");
      md.Safe(incident.facts[i].second);
    }
    md.Raw("\n");
  }
  AppendEvidenceTable(md, incident.evidence, incident.evidence_dropped);
}

void AppendIncidents(MarkdownOut& md, const std::vector<Incident>& incidents) {
  md.Heading(fmt::format("Incidents ({})", incidents.size()));
  if (incidents.empty()) {
    md.Raw("No incidents.\n");
    return;
  }
  // The aggregator already orders worst first; a stable sort keeps its time order within a severity.
  std::vector<const Incident*> ordered;
  for (const Incident& incident : incidents) ordered.push_back(&incident);
  std::stable_sort(ordered.begin(), ordered.end(), [](const Incident* a, const Incident* b) {
    return SeverityRank(a->severity) > SeverityRank(b->severity);
  });
  for (size_t i = 0; i < ordered.size(); ++i) AppendIncident(md, i + 1, *ordered[i]);
}

bool IsFailed(const CheckpointItem& item) { return item.status != "completed" && item.status != "pending"; }

void AppendCheckpoints(MarkdownOut& md, const CheckpointSummary& checkpoints) {
  md.Heading("Checkpoints");
  if (checkpoints.items.empty() && checkpoints.completed + checkpoints.failed + checkpoints.pending == 0) {
    md.Raw("None seen.\n");
    return;
  }
  md.Format("Completed {}, failed {}, pending {}, savepoints {}", checkpoints.completed, checkpoints.failed,
            checkpoints.pending, checkpoints.savepoints);
  if (checkpoints.max_duration_ms.has_value()) {
    md.Format(", max duration {}", HumanMillis(double(*checkpoints.max_duration_ms)));
  }
  md.Raw(".\n");
  if (checkpoints.items.empty()) return;

  std::vector<std::string_view> job_order;
  for (const CheckpointItem& item : checkpoints.items) {
    if (std::find(job_order.begin(), job_order.end(), item.job_id) == job_order.end()) {
      job_order.push_back(item.job_id);
    }
  }
  md.Raw("\n");
  md.TableHeader({"job", "kept", "completed", "failed", "pending", "max duration"});
  for (std::string_view job_id : job_order) {
    size_t kept = 0, completed = 0, failed = 0, pending = 0;
    std::optional<int64_t> max_duration;
    for (const CheckpointItem& item : checkpoints.items) {
      if (item.job_id != job_id) continue;
      ++kept;
      completed += item.status == "completed";
      failed += IsFailed(item);
      pending += item.status == "pending";
      if (item.duration_ms && (!max_duration || *item.duration_ms > *max_duration)) {
        max_duration = item.duration_ms;
      }
    }
    md.Row({job_id.empty() ? "(unknown)" : job_id, fmt::format("{}", kept), fmt::format("{}", completed),
            fmt::format("{}", failed), fmt::format("{}", pending),
            max_duration ? HumanMillis(double(*max_duration)) : "-"});
  }
  if (checkpoints.items_dropped > 0) {
    md.Format("\n{} {} more checkpoints not kept.\n", kEllipsis, checkpoints.items_dropped);
  }

  std::vector<const CheckpointItem*> failed;
  for (const CheckpointItem& item : checkpoints.items) {
    if (IsFailed(item)) failed.push_back(&item);
  }
  if (failed.empty()) return;
  const size_t shown = std::min(failed.size(), md.options().max_failed_checkpoints);
  md.Raw("\nFailed:\n\n");
  md.TableHeader({"job", "id", "kind", "status", "trigger", "duration", "reason", "source:line"});
  for (size_t i = 0; i < shown; ++i) {
    const CheckpointItem& item = *failed[i];
    md.Row({item.job_id, OptionalNumber(item.id), item.kind, item.status, item.trigger_time,
            item.duration_ms ? HumanMillis(double(*item.duration_ms)) : "-", item.reason,
            SourceLine(item.source, item.line)});
  }
  if (failed.size() > shown) md.Format("\n{} {} more failed\n", kEllipsis, failed.size() - shown);
}

void AppendJobs(MarkdownOut& md, const std::vector<JobSummary>& jobs) {
  md.Heading("Jobs");
  if (jobs.empty()) {
    md.Raw("None seen.\n");
    return;
  }
  md.TableHeader({"job", "name", "final state", "restarts", "task failures", "tasks", "transitions"});
  for (const JobSummary& job : jobs) {
    md.Row({job.job_id, job.name, job.final_state.empty() ? "?" : job.final_state,
            fmt::format("{}", job.restarts), fmt::format("{}", job.task_failures),
            fmt::format("{}", job.tasks), fmt::format("{}", job.transitions.size())});
  }
}

void AppendGc(MarkdownOut& md, const GcSummary& gc) {
  md.Heading("GC");
  if (gc.pauses == 0) {
    md.Raw("No GC pauses seen.\n");
    return;
  }
  md.Format("Pauses {}, full GCs {}, total pause {}, max pause {}.\n", gc.pauses, gc.full_gcs,
            HumanMillis(gc.total_pause_ms), HumanMillis(gc.max_pause_ms));
}

void AppendExceptions(MarkdownOut& md, const std::vector<ExceptionSummary>& exceptions) {
  md.Heading(fmt::format("Exceptions ({} distinct)", exceptions.size()));
  if (exceptions.empty()) {
    md.Raw("None seen.\n");
    return;
  }
  const size_t shown = std::min(exceptions.size(), md.options().max_exceptions);
  md.TableHeader({"count", "root class", "message", "first seen", "last seen", "where", "via", "signature"});
  for (size_t i = 0; i < shown; ++i) {
    const ExceptionSummary& exception = exceptions[i];
    const bool has_root = !exception.root_class.empty();
    const std::string& root_class = has_root ? exception.root_class : exception.class_name;
    const std::string& root_message = has_root ? exception.root_message : exception.message;
    const bool wrapped = has_root && exception.class_name != exception.root_class;
    md.Row({fmt::format("{}", exception.count), root_class, root_message, exception.first_time,
            exception.last_time, SourceLine(exception.first_source, exception.first_line),
            wrapped ? std::string_view(exception.class_name) : std::string_view(),
            exception.baseline_status == "new" ? "NEW since baseline " + exception.signature : exception.signature});
  }
  if (exceptions.size() > shown) md.Format("\n{} {} more\n", kEllipsis, exceptions.size() - shown);
}

void AppendAlertsNotEvaluated(MarkdownOut& md, const std::vector<AlertNotEvaluated>& rules) {
  if (rules.empty()) return;
  md.Raw("\nNot evaluated, for lack of data:\n\n");
  for (const AlertNotEvaluated& rule : rules) {
    md.Raw("- ");
    md.Safe(rule.rule);
    if (!rule.reason.empty()) {
      md.Raw(": ");
      md.Safe(rule.reason);
    }
    md.Raw("\n");
  }
}

void AppendAlerts(MarkdownOut& md, const std::vector<Alert>& alerts,
                  const std::vector<AlertNotEvaluated>& not_evaluated) {
  md.Heading(fmt::format("Alerts ({})", alerts.size()));
  if (alerts.empty()) {
    md.Raw("None fired.\n");
    AppendAlertsNotEvaluated(md, not_evaluated);
    return;
  }
  for (const Alert& alert : alerts) {
    md.Raw("- **");
    md.Safe(Upper(alert.severity));
    md.Raw("** ");
    md.Safe(alert.rule);
    md.Raw(": ");
    md.Safe(fmt::format("{} > {}", alert.value, alert.threshold));
    if (!alert.start.empty() || !alert.end.empty()) {
      md.Raw(", ");
      md.Safe(TimeRange(alert.start, alert.end));
    }
    if (!alert.job_id.empty()) {
      md.Raw(", job ");
      md.Safe(alert.job_id);
    }
    if (!alert.text.empty()) {
      md.Raw(": ");
      md.Safe(alert.text);
    }
    md.Raw("\n");
  }
  for (const Alert& alert : alerts) {
    if (alert.evidence.empty()) continue;
    md.Raw("\nEvidence for ");
    md.Safe(alert.rule);
    md.Raw(":\n");
    AppendEvidenceTable(md, alert.evidence, 0);
  }
  AppendAlertsNotEvaluated(md, not_evaluated);
}

void AppendTotals(MarkdownOut& md, const Analysis& analysis) {
  const Totals& totals = analysis.totals;
  md.Heading("Totals");
  md.Format("{} ({} bytes), {} lines, {} records, {} matched, {} rejected lines, {} events",
            HumanBytes(totals.bytes), totals.bytes, totals.lines, totals.records, totals.matched_records,
            totals.rejected_lines, totals.events);
  if (md.options().include_timing) md.Format(", {:.2f} s", totals.seconds);
  md.Raw(".\n");
  if (analysis.inputs.empty()) return;
  md.Raw("\n");
  md.TableHeader({"input", "kind", "bytes", "lines", "records", "rejected", "first", "last"});
  for (const InputSummary& input : analysis.inputs) {
    md.Row({input.stream.empty() ? input.path : input.path + " [" + input.stream + "]", input.kind,
            fmt::format("{}", input.bytes), fmt::format("{}", input.lines), fmt::format("{}", input.records),
            fmt::format("{}", input.rejected_lines), input.first_time, input.last_time});
  }
}

void AppendUnread(MarkdownOut& md, const Analysis& analysis) {
  md.Heading("What could not be read");
  bool any = false;
  for (const InputSummary& input : analysis.inputs) {
    const std::string name = input.stream.empty() ? input.path : input.path + " [" + input.stream + "]";
    for (const std::string& error : input.errors) {
      md.Raw("- input ");
      md.Safe(name);
      md.Raw(": ");
      md.Safe(error);
      md.Raw("\n");
      any = true;
    }
    if (input.rejected_lines > 0) {
      md.Raw("- input ");
      md.Safe(name);
      md.Format(": {} rejected line{}\n", input.rejected_lines, input.rejected_lines == 1 ? "" : "s");
      const size_t shown = std::min(input.rejected_examples.size(), md.options().max_rejected_examples);
      for (size_t i = 0; i < shown; ++i) {
        md.Format("  - line {}: ", input.rejected_examples[i].line);
        md.Code(input.rejected_examples[i].text);
        md.Raw("\n");
      }
      any = true;
    }
  }
  for (const SkippedPath& skipped : analysis.skipped) {
    md.Raw("- skipped ");
    md.Safe(skipped.path);
    md.Raw(": ");
    md.Safe(skipped.reason);
    md.Raw("\n");
    any = true;
  }
  if (!any) md.Raw("Nothing: every input was read in full.\n");
}

void AppendFilter(MarkdownOut& md, const std::optional<AppliedFilter>& filter) {
  if (!filter.has_value()) return;
  md.Raw("\n_Filtered to");
  if (!filter->since.empty()) {
    md.Raw(" since ");
    md.Safe(filter->since);
  }
  if (!filter->until.empty()) {
    md.Raw(" until ");
    md.Safe(filter->until);
  }
  if (!filter->job.empty()) {
    md.Raw(" job ");
    md.Safe(filter->job);
    if (filter->job_ids.empty()) md.Raw(" (no such job in the input)");
  }
  md.Raw("; totals and inputs cover everything read._\n");
}

void AppendBaseline(MarkdownOut& md, const std::optional<BaselineComparison>& baseline) {
  if (!baseline.has_value()) return;
  md.Heading("Since baseline");
  md.Raw("Baseline ");
  md.Code(baseline->path);
  if (!baseline->generated_at.empty()) {
    md.Raw(" (");
    md.Safe(baseline->generated_at);
    md.Raw(")");
  }
  md.Format(": incidents **{} new**, {} recurring, {} gone; exception signatures **{} new**, {} recurring, {} gone.\n",
            baseline->new_incidents, baseline->recurring_incidents, baseline->gone_incidents.size(),
            baseline->new_exceptions, baseline->recurring_exceptions, baseline->gone_exceptions.size());
  if (baseline->gone_incidents.empty() && baseline->gone_exceptions.empty()) return;
  md.Raw("\n**Gone since baseline**\n\n");
  md.TableHeader({"what", "kind / signature", "job / root cause", "count", "last seen"});
  for (const BaselineGoneIncident& gone : baseline->gone_incidents) {
    md.Row({"incident", gone.kind, gone.job, fmt::format("{}", gone.count), gone.last_seen});
  }
  for (const BaselineGoneException& gone : baseline->gone_exceptions) {
    const std::string& root_class = gone.root_class.empty() ? gone.class_name : gone.root_class;
    md.Row({"exception", gone.signature, gone.root_message.empty() ? root_class : root_class + ": " + gone.root_message,
            fmt::format("{}", gone.count), gone.last_time});
  }
  if (baseline->gone_dropped > 0) md.Format("\n{} {} more\n", kEllipsis, baseline->gone_dropped);
}

}  // namespace

std::string RenderMarkdown(const Analysis& analysis, const MarkdownOptions& options) {
  std::string out;
  out.reserve(8192);
  MarkdownOut md(&out, options);
  AppendTitle(md, analysis);
  AppendSummary(md, analysis);
  AppendFilter(md, analysis.filter);
  AppendIncidents(md, analysis.incidents);
  AppendBaseline(md, analysis.baseline);
  AppendCheckpoints(md, analysis.checkpoints);
  AppendJobs(md, analysis.jobs);
  AppendGc(md, analysis.gc);
  AppendExceptions(md, analysis.exceptions);
  AppendAlerts(md, analysis.alerts, analysis.alerts_not_evaluated);
  AppendTotals(md, analysis);
  AppendUnread(md, analysis);
  return out;
}

}  // namespace flinkscan

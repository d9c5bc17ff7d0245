#include "report/text_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>
#include <string_view>
#include <vector>

#include "report/human_units.h"
#include "report/terminal_text.h"

namespace flinkscan {

namespace {

constexpr std::string_view kRed = "\x1b[31m";
constexpr std::string_view kYellow = "\x1b[33m";
constexpr std::string_view kBold = "\x1b[1m";
constexpr std::string_view kReset = "\x1b[0m";
constexpr std::string_view kArrow = " \xE2\x86\x92 ";   // →
constexpr std::string_view kEllipsis = "\xE2\x80\xA6";  // …
constexpr size_t kMinimumTextColumns = 30;
constexpr size_t kShortJobIdLength = 8;
constexpr size_t kEvidenceColumnsOnTheLine = 50;  // fewer left: the log text goes on its own line
constexpr size_t kCheckpointReasonIndent = 13;    // under the kind column

// The text sink's output buffer with the few formatting moves it repeats.
class TextOut {
 public:
  TextOut(std::string* out, const TextOptions& options) : out_(out), options_(options) {}

  std::string& str() { return *out_; }
  const TextOptions& options() const { return options_; }

  void Raw(std::string_view text) { out_->append(text); }
  template <typename... Args>
  void Format(fmt::format_string<Args...> format, Args&&... args) {
    fmt::format_to(std::back_inserter(*out_), format, std::forward<Args>(args)...);
  }
  // Log-derived text, neutralised, unbounded.
  void Safe(std::string_view text) { AppendTerminalSafe(out_, text); }
  // Log-derived text, neutralised and cut to what is left of the line, but
  // never to fewer than kMinimumTextColumns.
  void SafeRest(std::string_view text) {
    AppendTerminalSafe(out_, text, std::max(RemainingColumns(), kMinimumTextColumns));
  }
  // `separator` `label` `text` at the end of this line when they fit whole
  // (or, with `cut_if_columns_left`, when at least that many columns are left
  // for them); otherwise `label` `text` on a line of their own, indented, cut
  // to the width.
  void SafeTail(std::string_view separator, std::string_view label, std::string_view text, size_t indent,
                size_t cut_if_columns_left = kNoColumnLimit) {
    const std::string safe = TerminalSafe(text);
    const size_t prefix = CountColumns(separator) + CountColumns(label);
    const size_t remaining = RemainingColumns();
    if (prefix + CountColumns(safe) <= remaining ||
        (cut_if_columns_left != kNoColumnLimit && prefix + cut_if_columns_left <= remaining)) {
      Raw(separator);
      Raw(label);
      SafeRest(text);
      return;
    }
    Newline();
    out_->append(indent, ' ');
    Raw(label);
    SafeRest(text);
  }
  void Newline() {
    out_->push_back('\n');
    line_start_ = out_->size();
    invisible_columns_ = 0;
  }
  void Heading(std::string_view title) {
    Newline();
    Colored(kBold, title);
    Newline();
  }
  void Colored(std::string_view color, std::string_view text) {
    if (options_.color && !color.empty()) {
      Raw(color);
      Raw(text);
      Raw(kReset);
      invisible_columns_ += color.size() + kReset.size();  // one column per byte in CountColumns
    } else {
      Raw(text);
    }
  }
  void SeverityLabel(std::string_view severity) {
    std::string label = "[";
    for (char c : TerminalSafe(severity, 12)) label.push_back(c >= 'a' && c <= 'z' ? char(c - 'a' + 'A') : c);
    label.push_back(']');
    std::string_view color;
    if (severity == "critical") color = kRed;
    if (severity == "warning") color = kYellow;
    Colored(color, label);
  }

 private:
  size_t RemainingColumns() const {
    const size_t used = CountColumns(std::string_view(*out_).substr(line_start_)) - invisible_columns_;
    return used >= options_.width ? 0 : options_.width - used;
  }

  std::string* out_;
  const TextOptions& options_;
  size_t line_start_ = 0;
  size_t invisible_columns_ = 0;  // colour codes on the current line
};

std::string_view TimeOrUnknown(std::string_view time) { return time.empty() ? "?" : time; }

// "2023-04-20T08:56:22.262+08:00 → 08:56:32.275" when both ends share the
// date and offset; the full end time otherwise.
void AppendTimeRange(TextOut& text, std::string_view start, std::string_view end) {
  text.Safe(TimeOrUnknown(start));
  if (end.empty() || end == start) return;
  text.Raw(kArrow);
  const size_t date_length = start.find('T');
  const bool same_date = date_length != std::string_view::npos && date_length > 0 &&
                         end.size() > date_length &&
                         start.substr(0, date_length + 1) == end.substr(0, date_length + 1);
  constexpr size_t kClockLength = 12;  // HH:MM:SS.sss
  const bool same_offset =
      start.size() == end.size() && start.size() >= date_length + 1 + kClockLength &&
      start.substr(date_length + 1 + kClockLength) == end.substr(date_length + 1 + kClockLength);
  if (same_date && same_offset) {
    text.Safe(end.substr(date_length + 1, kClockLength));
  } else {
    text.Safe(end);
  }
}

std::string ShortJobId(std::string_view job_id) {
  if (job_id.size() <= kShortJobIdLength) return std::string(job_id);
  return std::string(job_id.substr(0, kShortJobIdLength)).append(kEllipsis);
}

void AppendEvidence(TextOut& text, const std::vector<Evidence>& evidence, uint64_t dropped) {
  const size_t shown = std::min(evidence.size(), text.options().max_evidence);
  for (size_t i = 0; i < shown; ++i) {
    const Evidence& item = evidence[i];
    text.Raw("    ");
    text.Safe(item.source);
    text.Format(":{}", item.line);
    if (!item.time.empty()) {
      text.Raw("  ");
      text.Safe(item.time);
    }
    text.SafeTail("  ", "", item.text, 6, kEvidenceColumnsOnTheLine);
    text.Newline();
  }
  const uint64_t more = (evidence.size() - shown) + dropped;
  if (more > 0) {
    text.Format("    {} {} more", kEllipsis, more);
    text.Newline();
  }
}

void AppendHeader(TextOut& text, const Analysis& analysis) {
  text.Raw("flinkscan ");
  text.Safe(analysis.flinkscan_version.empty() ? "(unknown version)" : analysis.flinkscan_version);
  text.Format(": {} input{}, {}", analysis.inputs.size(), analysis.inputs.size() == 1 ? "" : "s",
              HumanBytes(analysis.totals.bytes));
  if (!analysis.time_span_start.empty() || !analysis.time_span_end.empty()) {
    text.Raw(", ");
    AppendTimeRange(text, analysis.time_span_start, analysis.time_span_end);
  }
  if (!analysis.flink_versions.empty()) {
    text.Raw(", Flink ");
    for (size_t i = 0; i < analysis.flink_versions.size(); ++i) {
      if (i > 0) text.Raw(", ");
      text.Safe(analysis.flink_versions[i]);
    }
  }
  text.Newline();
}

void AppendScope(TextOut& text, const Scope& scope) {
  const std::pair<std::string_view, const std::optional<std::string>*> places[] = {
      {"taskmanager", &scope.taskmanager},
      {"container", &scope.container},
      {"host", &scope.host},
      {"pod", &scope.pod},
  };
  bool any = false;
  for (const auto& [label, value] : places) {
    if (!value->has_value()) continue;
    text.Raw(any ? "  " : "  where: ");
    text.Format("{} ", label);
    text.Safe(**value);
    any = true;
  }
  if (any) text.Newline();
}

std::string_view ClassOf(std::string_view chain_entry) {
  const size_t colon = chain_entry.find(": ");
  return colon == std::string_view::npos ? chain_entry : chain_entry.substr(0, colon);
}

void AppendIncident(TextOut& text, const Incident& incident) {
  text.SeverityLabel(incident.severity);
  text.Raw(" ");
  if (incident.baseline_status == "new") text.Colored(kBold, "NEW since baseline ");
  text.Safe(incident.kind);
  text.Raw("  ");
  AppendTimeRange(text, incident.start, incident.end);
  const std::string& job_id = !incident.job_id.empty() ? incident.job_id : incident.scope.job_id.value_or("");
  if (!job_id.empty()) {
    text.Raw("  job ");
    text.Safe(ShortJobId(job_id));
  }
  text.SafeTail("  ", "", incident.title, 2);
  text.Newline();

  if (incident.root_cause.has_value()) {
    const RootCause& cause = *incident.root_cause;
    text.Raw("  root cause: ");
    text.SafeRest(cause.message.empty() ? cause.class_name : cause.class_name + ": " + cause.message);
    text.Newline();
    if (!cause.frame.empty()) {
      text.Raw("  at: ");
      text.SafeRest(cause.frame);
      text.Newline();
    }
    if (cause.chain.size() > 1) {
      std::string classes;
      for (const std::string& entry : cause.chain) {
        if (!classes.empty()) classes.append(kArrow);
        classes.append(ClassOf(entry));
      }
      text.Raw("  chain: ");
      text.SafeRest(classes);
      text.Newline();
    }
  }
  AppendScope(text, incident.scope);
  if (!incident.diagnosis.text.empty()) {
    text.Raw("  diagnosis: ");
    text.SafeRest(incident.diagnosis.text);
    text.Newline();
  }
  if (!incident.diagnosis.next_step.empty()) {
    text.Raw("  next step: ");
    text.SafeRest(incident.diagnosis.next_step);
    text.Newline();
  }
  if (!incident.facts.empty()) {
    std::string facts;
    for (const auto& [key, value] : incident.facts) {
      if (!facts.empty()) facts.append("  ");
      facts.append(key).append("=").append(value);
    }
    text.Raw("  facts: ");
    text.SafeRest(facts);
    text.Newline();
  }
  if (!incident.evidence.empty() || incident.evidence_dropped > 0) {
    text.Raw("  evidence:");
    text.Newline();
    AppendEvidence(text, incident.evidence, incident.evidence_dropped);
  }
}

void AppendIncidents(TextOut& text, const std::vector<Incident>& incidents) {
  size_t by_rank[3] = {0, 0, 0};
  for (const Incident& incident : incidents) {
    const int rank = SeverityRank(incident.severity);
    if (rank >= 0) ++by_rank[rank];
  }
  if (incidents.empty()) {
    text.Heading("INCIDENTS");
    text.Raw("No incidents.");
    text.Newline();
    return;
  }
  text.Heading(fmt::format("INCIDENTS ({}: {} critical, {} warning, {} info)", incidents.size(), by_rank[2],
                           by_rank[1], by_rank[0]));
  for (size_t i = 0; i < incidents.size(); ++i) {
    if (i > 0) text.Newline();
    AppendIncident(text, incidents[i]);
  }
}

bool IsFailed(const CheckpointItem& item) { return item.status != "completed" && item.status != "pending"; }

std::string OptionalNumber(const std::optional<int64_t>& value) {
  return value.has_value() ? fmt::format("{}", *value) : std::string("-");
}

void AppendCheckpointRow(TextOut& text, const CheckpointItem& item) {
  const std::string duration = item.duration_ms.has_value() ? HumanMillis(double(*item.duration_ms)) : "-";
  const std::string size =
      item.size_bytes.has_value() ? HumanBytes(uint64_t(std::max<int64_t>(0, *item.size_bytes))) : "-";
  text.Format("    {:>7}  ", OptionalNumber(item.id));
  text.Format("{:<10}  ", TerminalSafe(item.kind, 10));
  text.Format("{:<9}  ", TerminalSafe(item.status, 9));
  const std::string trigger = TerminalSafe(TimeOrUnknown(item.trigger_time));
  text.Format("{:<29}  {:>9}  {:>9}", trigger, duration, size);
  if (!item.reason.empty()) text.SafeTail("  ", "", item.reason, kCheckpointReasonIndent);
  text.Newline();
}

void AppendCheckpoints(TextOut& text, const CheckpointSummary& checkpoints) {
  text.Heading("CHECKPOINTS");
  if (checkpoints.items.empty() && checkpoints.completed + checkpoints.failed + checkpoints.pending == 0) {
    text.Raw("  none seen");
    text.Newline();
    return;
  }
  text.Format("  completed {}, failed {}, pending {}, savepoints {}", checkpoints.completed,
              checkpoints.failed, checkpoints.pending, checkpoints.savepoints);
  if (checkpoints.max_duration_ms.has_value()) {
    text.Format(", max duration {}", HumanMillis(double(*checkpoints.max_duration_ms)));
  }
  text.Newline();

  // Group by job in order of first appearance; items keep trigger order.
  std::vector<std::string_view> job_order;
  for (const CheckpointItem& item : checkpoints.items) {
    if (std::find(job_order.begin(), job_order.end(), item.job_id) == job_order.end()) {
      job_order.push_back(item.job_id);
    }
  }
  const TextOptions& options = text.options();
  for (std::string_view job_id : job_order) {
    std::vector<const CheckpointItem*> items;
    size_t completed = 0;
    size_t failed = 0;
    for (const CheckpointItem& item : checkpoints.items) {
      if (item.job_id != job_id) continue;
      items.push_back(&item);
      completed += item.status == "completed";
      failed += IsFailed(item);
    }
    // The failed ones (the first few) and the latest few, in trigger order.
    std::vector<bool> show(items.size(), false);
    size_t failed_shown = 0;
    for (size_t i = 0; i < items.size(); ++i) {
      if (IsFailed(*items[i]) && failed_shown < options.max_failed_checkpoints) {
        show[i] = true;
        ++failed_shown;
      }
    }
    for (size_t i = items.size() - std::min(items.size(), options.recent_checkpoints); i < items.size();
         ++i) {
      show[i] = true;
    }
    text.Raw("  job ");
    text.Safe(job_id.empty() ? "(unknown)" : job_id);
    text.Format(": {} kept, {} completed, {} failed", items.size(), completed, failed);
    text.Newline();
    text.Format("    {:>7}  {:<10}  {:<9}  {:<29}  {:>9}  {:>9}  reason", "id", "kind", "status", "trigger",
                "duration", "size");
    text.Newline();
    for (size_t i = 0; i < items.size(); ++i) {
      if (show[i]) AppendCheckpointRow(text, *items[i]);
    }
    if (failed > failed_shown) {
      text.Format("    {} {} more failed", kEllipsis, failed - failed_shown);
      text.Newline();
    }
  }
  if (checkpoints.items_dropped > 0) {
    text.Format("  {} {} more checkpoints not kept", kEllipsis, checkpoints.items_dropped);
    text.Newline();
  }
}

void AppendJobs(TextOut& text, const std::vector<JobSummary>& jobs) {
  text.Heading("JOBS");
  if (jobs.empty()) {
    text.Raw("  none seen");
    text.Newline();
    return;
  }
  for (const JobSummary& job : jobs) {
    text.Raw("  ");
    text.Safe(job.job_id);
    text.Format("  {:<10}", TerminalSafe(job.final_state.empty() ? "?" : job.final_state, 12));
    text.Format("  restarts {}  task failures {}  tasks {}  transitions {}", job.restarts, job.task_failures,
                job.tasks, job.transitions.size());
    if (!job.name.empty()) text.SafeTail("  ", "name: ", job.name, 4);
    text.Newline();
  }
}

std::string HumanKilobytes(const std::optional<int64_t>& kb) {
  if (!kb.has_value()) return "?";
  if (*kb < 10 * 1024) return fmt::format("{}K", *kb);
  if (*kb < 10 * 1024 * 1024) return fmt::format("{}M", (*kb + 512) / 1024);
  return fmt::format("{:.1f}G", double(*kb) / (1024.0 * 1024.0));
}

void AppendGc(TextOut& text, const GcSummary& gc) {
  if (gc.pauses == 0) return;
  text.Heading("GC");
  text.Format("  pauses {}, full GCs {}, total pause {}, max pause {}", gc.pauses, gc.full_gcs,
              HumanMillis(gc.total_pause_ms), HumanMillis(gc.max_pause_ms));
  text.Newline();
  // The full GCs and the longest pauses, worst first.
  constexpr size_t kShown = 5;
  std::vector<const GcPauseItem*> worst;
  for (const GcPauseItem& item : gc.items) worst.push_back(&item);
  std::stable_sort(worst.begin(), worst.end(), [](const GcPauseItem* a, const GcPauseItem* b) {
    if ((a->kind == "full") != (b->kind == "full")) return a->kind == "full";
    return a->pause_ms > b->pause_ms;
  });
  if (worst.size() > kShown) worst.resize(kShown);
  for (const GcPauseItem* item : worst) {
    text.Raw("    ");
    text.Safe(TimeOrUnknown(item->time));
    text.Format("  {:>10}  ", HumanMillis(item->pause_ms));
    text.Safe(item->kind);
    if (!item->collector.empty()) text.SafeTail(" ", "", item->collector, 6);
    if (item->heap_before_kb.has_value()) {
      // Heap before -> after / capacity.
      text.Format("  {}->{}/{}", HumanKilobytes(item->heap_before_kb), HumanKilobytes(item->heap_after_kb),
                  HumanKilobytes(item->heap_capacity_kb));
    }
    if (!item->cause.empty()) text.SafeTail("  ", "", item->cause, 6);
    text.Newline();
  }
}

// "signature 3fa2…  in 3 sources on tm-1, tm-2" and the top frame of the root cause.
void AppendSignature(TextOut& text, const ExceptionSummary& exception) {
  if (exception.signature.empty()) return;
  text.Raw("           signature ");
  text.Safe(exception.signature);
  if (exception.sources.size() > 1 || exception.places_truncated) {
    text.Format("  in {}{} sources", exception.sources.size(), exception.places_truncated ? "+" : "");
  }
  if (!exception.hosts.empty()) {
    std::string hosts;
    for (const std::string& host : exception.hosts) hosts.append(hosts.empty() ? "" : ", ").append(host);
    text.SafeTail("  ", "on ", hosts, 11);
  }
  text.Newline();
  if (!exception.frames.empty()) {
    text.Raw("           at ");
    text.SafeRest(exception.frames.front());
    text.Newline();
  }
}

void AppendExceptions(TextOut& text, const std::vector<ExceptionSummary>& exceptions) {
  text.Heading(fmt::format("EXCEPTIONS ({} distinct)", exceptions.size()));
  if (exceptions.empty()) {
    text.Raw("  none seen");
    text.Newline();
    return;
  }
  const size_t shown = std::min(exceptions.size(), text.options().max_exceptions);
  for (size_t i = 0; i < shown; ++i) {
    const ExceptionSummary& exception = exceptions[i];
    const bool has_root = !exception.root_class.empty();
    const std::string& root_class = has_root ? exception.root_class : exception.class_name;
    const std::string& root_message = has_root ? exception.root_message : exception.message;
    text.Format("  {:>7}  ", exception.count);
    if (exception.baseline_status == "new") text.Colored(kBold, "NEW since baseline  ");
    text.SafeRest(root_message.empty() ? root_class : root_class + ": " + root_message);
    text.Newline();
    text.Raw("           ");
    AppendTimeRange(text, exception.first_time, exception.last_time);
    text.Raw("  at ");
    text.Safe(exception.first_source);
    text.Format(":{}", exception.first_line);
    if (has_root && exception.class_name != exception.root_class) {
      text.SafeTail("  ", "via ", exception.class_name, 11);
    }
    text.Newline();
    AppendSignature(text, exception);
  }
  if (exceptions.size() > shown) {
    text.Format("  {} {} more", kEllipsis, exceptions.size() - shown);
    text.Newline();
  }
}

void AppendAlertsNotEvaluated(TextOut& text, const std::vector<AlertNotEvaluated>& rules) {
  for (const AlertNotEvaluated& rule : rules) {
    text.Raw("  not evaluated ");
    text.Safe(rule.rule);
    text.Raw(": ");
    text.SafeRest(rule.reason);
    text.Newline();
  }
}

void AppendAlerts(TextOut& text, const std::vector<Alert>& alerts,
                  const std::vector<AlertNotEvaluated>& skipped) {
  text.Heading("ALERTS");
  if (alerts.empty()) {
    text.Raw("  none fired");
    text.Newline();
    AppendAlertsNotEvaluated(text, skipped);
    return;
  }
  for (const Alert& alert : alerts) {
    text.Raw("  ");
    text.SeverityLabel(alert.severity);
    text.Raw(" ");
    text.Safe(alert.rule);
    text.Format("  {} > {}", alert.value, alert.threshold);
    if (!alert.start.empty() || !alert.end.empty()) {
      text.Raw("  ");
      AppendTimeRange(text, alert.start, alert.end);
    }
    if (!alert.job_id.empty()) {
      text.Raw("  job ");
      text.Safe(ShortJobId(alert.job_id));
    }
    text.Newline();
    if (!alert.text.empty()) {
      text.Raw("    ");
      text.SafeRest(alert.text);
      text.Newline();
    }
    AppendEvidence(text, alert.evidence, 0);
  }
  AppendAlertsNotEvaluated(text, skipped);
}

void AppendTotals(TextOut& text, const Totals& totals) {
  text.Heading("TOTALS");
  text.Format("  {} ({} bytes), {} lines, {} records, {} matched, {} rejected lines, {} events",
              HumanBytes(totals.bytes), totals.bytes, totals.lines, totals.records, totals.matched_records,
              totals.rejected_lines, totals.events);
  if (text.options().include_timing) text.Format(", {:.2f} s", totals.seconds);
  text.Newline();
}

void AppendInputName(TextOut& text, const InputSummary& input) {
  text.Safe(input.path);
  if (!input.stream.empty()) {
    text.Raw(" [");
    text.Safe(input.stream);
    text.Raw("]");
  }
}

void AppendUnread(TextOut& text, const Analysis& analysis) {
  text.Heading("WHAT COULD NOT BE READ");
  bool any = false;
  for (const InputSummary& input : analysis.inputs) {
    for (const std::string& error : input.errors) {
      text.Raw("  ");
      AppendInputName(text, input);
      text.Raw(": ");
      text.SafeRest(error);
      text.Newline();
      any = true;
    }
    if (input.rejected_lines > 0) {
      text.Raw("  ");
      AppendInputName(text, input);
      text.Format(": {} rejected line{}", input.rejected_lines, input.rejected_lines == 1 ? "" : "s");
      text.Newline();
      const size_t shown = std::min(input.rejected_examples.size(), text.options().max_rejected_examples);
      for (size_t i = 0; i < shown; ++i) {
        text.Format("    line {}: ", input.rejected_examples[i].line);
        text.SafeRest(input.rejected_examples[i].text);
        text.Newline();
      }
      any = true;
    }
  }
  for (const SkippedPath& skipped : analysis.skipped) {
    text.Raw("  skipped ");
    text.Safe(skipped.path);
    text.Raw(": ");
    text.SafeRest(skipped.reason);
    text.Newline();
    any = true;
  }
  if (!any) {
    text.Raw("  nothing: every input was read in full");
    text.Newline();
  }
}

void AppendFilter(TextOut& text, const std::optional<AppliedFilter>& filter) {
  if (!filter.has_value()) return;
  text.Raw("filtered to");
  if (!filter->since.empty()) {
    text.Raw(" since ");
    text.Safe(filter->since);
  }
  if (!filter->until.empty()) {
    text.Raw(" until ");
    text.Safe(filter->until);
  }
  if (!filter->job.empty()) {
    text.Raw(" job ");
    text.Safe(filter->job);
    if (filter->job_ids.empty()) text.Raw(" (no such job in the input)");
  }
  text.Raw("; totals and inputs cover everything read");
  text.Newline();
}

void AppendBaseline(TextOut& text, const std::optional<BaselineComparison>& baseline) {
  if (!baseline.has_value()) return;
  text.Heading("SINCE BASELINE");
  text.Raw("  baseline ");
  text.Safe(baseline->path);
  if (!baseline->generated_at.empty()) {
    text.Raw(" (");
    text.Safe(baseline->generated_at);
    text.Raw(")");
  }
  text.Newline();
  text.Format("  incidents: {} new, {} recurring, {} gone; exception signatures: {} new, {} recurring, {} gone",
              baseline->new_incidents, baseline->recurring_incidents, baseline->gone_incidents.size(),
              baseline->new_exceptions, baseline->recurring_exceptions, baseline->gone_exceptions.size());
  text.Newline();
  if (baseline->gone_incidents.empty() && baseline->gone_exceptions.empty()) return;
  text.Raw("  gone since baseline:");
  text.Newline();
  for (const BaselineGoneIncident& gone : baseline->gone_incidents) {
    text.Raw("    incident ");
    text.Safe(gone.kind);
    if (!gone.job.empty()) {
      text.Raw("  job ");
      text.Safe(gone.job);
    }
    text.Format("  x{}", gone.count);
    if (!gone.last_seen.empty()) {
      text.Raw("  last ");
      text.Safe(gone.last_seen);
    }
    if (!gone.title.empty()) text.SafeTail("  ", "", gone.title, 6);
    text.Newline();
  }
  for (const BaselineGoneException& gone : baseline->gone_exceptions) {
    const std::string& root_class = gone.root_class.empty() ? gone.class_name : gone.root_class;
    text.Raw("    exception ");
    text.Safe(gone.signature);
    text.Format("  x{}  ", gone.count);
    text.SafeRest(gone.root_message.empty() ? root_class : root_class + ": " + gone.root_message);
    text.Newline();
  }
  if (baseline->gone_dropped > 0) {
    text.Format("    {} {} more", kEllipsis, baseline->gone_dropped);
    text.Newline();
  }
}

}  // namespace

std::string RenderText(const Analysis& analysis, const TextOptions& options) {
  std::string out;
  out.reserve(8192);
  TextOut text(&out, options);
  AppendHeader(text, analysis);
  AppendFilter(text, analysis.filter);
  AppendIncidents(text, analysis.incidents);
  AppendBaseline(text, analysis.baseline);
  AppendCheckpoints(text, analysis.checkpoints);
  AppendJobs(text, analysis.jobs);
  AppendGc(text, analysis.gc);
  AppendExceptions(text, analysis.exceptions);
  AppendAlerts(text, analysis.alerts, analysis.alerts_not_evaluated);
  AppendTotals(text, analysis.totals);
  AppendUnread(text, analysis);
  return out;
}

}  // namespace flinkscan

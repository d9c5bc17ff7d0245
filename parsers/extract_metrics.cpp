// Extractor for Slf4jReporter metric reports (flink-log-formats.md §10). The
// event only points at the report body; the serial stage reads its lines into
// bounded series (engine/metric_series.h), so no event copies a whole report.

#include <string_view>

#include "parsers/internal/extractors.h"
#include "parsers/slf4j_metrics.h"

namespace flinkscan::extract {

Status MetricReport(const RecordView& record, Event& out) {
  const std::string_view text = record.text;
  const size_t start = text.find("Starting metrics report");
  if (start == std::string_view::npos) return Status::Error("no \"Starting metrics report\" rule");
  // From the start rule's line on: the reader skips what precedes it.
  const size_t line_start = text.rfind('\n', start);
  out.reason = text.substr(line_start == std::string_view::npos ? 0 : line_start + 1);
  Slf4jMetricReader reader(out.reason);
  MetricLine line;
  int64_t count = 0;
  while (reader.Next(line)) ++count;
  out.count = count;
  return Status::Ok();
}

}  // namespace flinkscan::extract

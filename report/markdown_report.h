#pragma once
// The nightly failure report for e-mail and chat (CommonMark + GFM tables).
// Same story and order as the text sink: title (time span, Flink versions),
// summary paragraph, Incidents (worst first; one ### each with root cause,
// diagnosis, next step and an evidence table), Checkpoints, Jobs, GC,
// Exceptions, Alerts, Totals, What could not be read. Every log-derived string
// goes through markdown_text.h: no link, image or raw HTML can come from a
// log, and table rows always keep their column count.

#include <cstddef>
#include <string>

#include "engine/analysis.h"

namespace flinkscan {

struct MarkdownOptions {
  size_t max_evidence = 10;            // evidence rows per incident / alert, then "… N more"
  size_t max_exceptions = 20;          // rows of the exception table
  size_t max_failed_checkpoints = 20;  // failed checkpoints listed (all jobs)
  size_t max_rejected_examples = 3;    // rejected lines quoted per input
  bool include_timing = true;          // false leaves out the run time (stable output for tests)
};

std::string RenderMarkdown(const Analysis& analysis, const MarkdownOptions& options = {});

}  // namespace flinkscan

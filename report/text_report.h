#pragma once
// The terminal sink: what a Flink operator reads first. Sections, in order:
// header, INCIDENTS (worst first, with root cause, where, when and the next
// step), CHECKPOINTS, JOBS, GC, EXCEPTIONS, ALERTS, TOTALS, WHAT COULD NOT BE
// READ. Every string taken from the Analysis is neutralised (terminal_text.h)
// before it is printed; colour codes appear only when asked for.

#include <cstddef>
#include <string>

#include "engine/analysis.h"

namespace flinkscan {

struct TextOptions {
  bool color = false;                  // ANSI colour; the CLI sets it for a TTY
  size_t max_evidence = 5;             // evidence lines per incident / alert, then "… N more"
  size_t max_exceptions = 20;          // rows of the exception table
  size_t max_failed_checkpoints = 10;  // failed checkpoints listed per job
  size_t recent_checkpoints = 3;       // latest checkpoints listed per job
  size_t max_rejected_examples = 3;    // rejected lines quoted per input
  size_t width = 110;                  // long log text is cut with "…" to keep lines about this wide
  bool include_timing = true;          // false leaves out the run time (stable output for tests)
};

std::string RenderText(const Analysis& analysis, const TextOptions& options = {});

}  // namespace flinkscan

#pragma once
// The HTML sink: one self-contained page (inline CSS, inline JavaScript,
// inline SVG; nothing fetched from the network) that shows a scan the way the
// Flink Web UI shows a cluster: overview, timeline, job graph, TaskManagers,
// checkpoints, backpressure and exceptions.
//
// The data is the flinkscan/1 JSON document (report/json_report.h) in a
// <script type="application/json"> element, with < > & U+2028 U+2029 escaped;
// the page's script renders it with textContent only. The little HTML written
// here (title, headline, the no-script summary) is escaped by HtmlEscape.

#include <string>

#include "engine/analysis.h"

namespace flinkscan {

struct HtmlOptions {
  // As JsonOptions::include_timing: false makes equal analyses render to equal bytes.
  bool include_timing = true;
};

std::string RenderHtml(const Analysis& analysis, const HtmlOptions& options = {});

}  // namespace flinkscan

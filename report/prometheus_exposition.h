#pragma once
// The Prometheus text exposition format, version 0.0.4: what `serve` answers
// on /metrics and what `scan --format prometheus` writes for node_exporter's
// textfile collector. Label values are log text, so they are made valid
// UTF-8 and escaped (\\, \", \n) here, whatever the registry holds.

#include <string>
#include <string_view>
#include <vector>

#include "engine/metrics_registry.h"

namespace flinkscan {

inline constexpr char kPrometheusContentType[] = "text/plain; version=0.0.4; charset=utf-8";

// HELP and TYPE lines, then the samples; histograms as cumulative
// _bucket{le="…"} series ending in le="+Inf", then _sum and _count.
std::string RenderPrometheus(const std::vector<MetricFamily>& families);

// A label value as the format wants it between the quotes.
std::string EscapeLabelValue(std::string_view value);

}  // namespace flinkscan

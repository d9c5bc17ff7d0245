#include "report/prometheus_exposition.h"

#include <fmt/format.h>

#include <cmath>

#include "report/utf8_sequence.h"

namespace flinkscan {
namespace {

// Go's strconv formatting, which Prometheus parses: integers without a
// fraction, others in the shortest form that round-trips.
std::string Number(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  if (value == std::floor(value) && std::fabs(value) < 1e15) return fmt::format("{:.0f}", value);
  return fmt::format("{}", value);
}

// HELP text escapes only backslash and newline.
std::string EscapeHelp(std::string_view help) {
  std::string out;
  for (const char c : help) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string_view TypeName(MetricType type) {
  switch (type) {
    case MetricType::kCounter: return "counter";
    case MetricType::kGauge: return "gauge";
    case MetricType::kHistogram: return "histogram";
  }
  return "untyped";
}

void AppendLabels(std::string& out, const std::vector<std::pair<std::string, std::string>>& labels,
                  std::string_view le = {}) {
  if (labels.empty() && le.empty()) return;
  out += '{';
  bool first = true;
  for (const auto& [name, value] : labels) {
    if (!first) out += ',';
    first = false;
    out += name;
    out += "=\"";
    out += EscapeLabelValue(value);
    out += '"';
  }
  if (!le.empty()) {
    if (!first) out += ',';
    out += "le=\"";
    out += le;
    out += '"';
  }
  out += '}';
}

}  // namespace

std::string EscapeLabelValue(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (size_t i = 0; i < value.size();) {
    const auto c = static_cast<unsigned char>(value[i]);
    if (c >= 0x80) {
      size_t bad = 0;
      const size_t n = utf8::MultiByteSequenceLength(value, i, &bad);
      if (n == 0) {
        out += "\xEF\xBF\xBD";  // U+FFFD for the ill-formed subpart
        i += bad;
      } else {
        out.append(value.substr(i, n));
        i += n;
      }
      continue;
    }
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c < 0x20 || c == 0x7f) {
      out += ' ';  // other control bytes carry nothing a dashboard needs
    } else {
      out += static_cast<char>(c);
    }
    ++i;
  }
  return out;
}

std::string RenderPrometheus(const std::vector<MetricFamily>& families) {
  std::string out;
  for (const MetricFamily& family : families) {
    out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", family.name, EscapeHelp(family.help), family.name,
                       TypeName(family.type));
    for (const MetricSeries& series : family.series) {
      if (family.type != MetricType::kHistogram) {
        out += family.name;
        AppendLabels(out, series.labels);
        out += ' ';
        out += Number(series.value);
        out += '\n';
        continue;
      }
      const HistogramValue& h = series.histogram;
      uint64_t cumulative = 0;
      for (size_t b = 0; b <= h.upper_bounds.size(); ++b) {
        cumulative += b < h.bucket_counts.size() ? h.bucket_counts[b] : 0;
        out += family.name;
        out += "_bucket";
        AppendLabels(out, series.labels, b < h.upper_bounds.size() ? Number(h.upper_bounds[b]) : "+Inf");
        out += fmt::format(" {}\n", cumulative);
      }
      out += family.name;
      out += "_sum";
      AppendLabels(out, series.labels);
      out += ' ';
      out += Number(h.sum);
      out += '\n';
      out += family.name;
      out += "_count";
      AppendLabels(out, series.labels);
      out += fmt::format(" {}\n", h.count);
    }
  }
  return out;
}

}  // namespace flinkscan

#include "report/html_report.h"

#include <fmt/format.h>

#include "report/flamegraph_svg.h"
#include "report/html_assets.h"
#include "report/html_flamegraphs.h"
#include "report/html_text.h"
#include "report/json_report.h"

namespace flinkscan {

namespace {

std::string JobNames(const Analysis& analysis) {
  std::string names;
  for (const JobSummary& job : analysis.jobs) {
    if (!names.empty()) names += ", ";
    names += job.name.empty() ? job.job_id : job.name;
    if (names.size() > 200) break;
  }
  return names;
}

std::string Headline(const Analysis& analysis) {
  std::string line = fmt::format("{} job{}", analysis.jobs.size(), analysis.jobs.size() == 1 ? "" : "s");
  if (!analysis.flink_versions.empty()) line += " · Flink " + analysis.flink_versions.front();
  if (!analysis.time_span_start.empty()) {
    line += " · " + analysis.time_span_start + " → " + analysis.time_span_end;
  }
  line += fmt::format(" · {} input{}", analysis.inputs.size(), analysis.inputs.size() == 1 ? "" : "s");
  return line;
}

// Without JavaScript (a mail client, a strict viewer) the page still says what broke.
std::string NoScriptSummary(const Analysis& analysis) {
  std::string out = "<noscript><section class=\"noscript\"><h2>Incidents</h2>\n";
  if (analysis.incidents.empty()) out += "<p>No incidents.</p>\n";
  out += "<ul>\n";
  for (const Incident& incident : analysis.incidents) {
    out += fmt::format("<li class=\"sev-{}\"><b>{}</b> {} <span class=\"muted\">{}</span></li>\n",
                       HtmlEscape(incident.severity), HtmlEscape(incident.severity), HtmlEscape(incident.title),
                       HtmlEscape(incident.start));
  }
  out += "</ul><p>The interactive report needs JavaScript.</p></section></noscript>\n";
  return out;
}

}  // namespace

std::string RenderHtml(const Analysis& analysis, const HtmlOptions& options) {
  JsonOptions json_options;
  json_options.include_timing = options.include_timing;
  const std::string data = JsonForScriptElement(RenderJson(analysis, json_options));
  const std::string names = JobNames(analysis);
  const std::string title = names.empty() ? "flinkscan report" : "flinkscan · " + names;

  std::string out;
  out.reserve(data.size() + HtmlStylesheet().size() + HtmlScript().size() + 4096);
  out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  // Nothing may load from elsewhere: the page works offline and log text cannot pull anything in.
  out += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
         "script-src 'unsafe-inline'; img-src data:\">\n";
  out += "<meta name=\"generator\" content=\"flinkscan " + HtmlEscape(analysis.flinkscan_version) + "\">\n";
  out += "<title>" + HtmlEscape(title) + "</title>\n<style>\n";
  out += HtmlStylesheet();
  out += "</style>\n</head>\n<body>\n<header class=\"top\">\n<div class=\"brand\">flinkscan</div>\n";
  out += "<div class=\"headline\"><h1 id=\"report-title\">" + HtmlEscape(names.empty() ? "Log report" : names) +
         "</h1>\n<p class=\"muted\" id=\"report-headline\">" + HtmlEscape(Headline(analysis)) + "</p></div>\n";
  out += "</header>\n<nav id=\"tabs\" class=\"tabs\" aria-label=\"Pages\"></nav>\n";
  out += NoScriptSummary(analysis);
  out += "<main id=\"page\"></main>\n<div id=\"tooltip\" class=\"tooltip\" hidden></div>\n";
  out += FlameGraphTemplates(analysis.stacks);
  out += "<script type=\"application/json\" id=\"flinkscan-data\">";
  out += data;
  out += "</script>\n<script>\n";
  out += HtmlScript();
  out += FlameGraphScript();
  out += "</script>\n</body>\n</html>\n";
  return out;
}

}  // namespace flinkscan

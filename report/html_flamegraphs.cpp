#include "report/html_flamegraphs.h"

#include <fmt/format.h>

#include "report/flamegraph_svg.h"
#include "report/html_text.h"
#include "report/json_stacks.h"

namespace flinkscan {
namespace {

std::string KindTitle(std::string_view kind) {
  if (kind == "dumps") return "Thread dumps, by thread state";
  if (kind == "stuck") return "Stuck tasks, by task";
  if (kind == "exceptions") return "Exception stacks, by root cause";
  if (kind == "flink") return "Flink flame graph samples";
  return std::string(kind);
}

std::string Subtitle(const StackSummary& stacks, const StackProfileSummary& profile, const SelectedStacks& drawn) {
  std::string line = fmt::format("{} samples, {} distinct stacks", profile.samples, profile.stacks.size());
  if (profile.kind == "dumps") line += fmt::format(" · {} dumps, {} threads", stacks.thread_dumps, stacks.threads);
  if (drawn.stacks_omitted > 0) {
    line += fmt::format(" · {} lightest stacks ({} samples) not drawn", drawn.stacks_omitted, drawn.omitted_samples);
  }
  if (profile.overflow_samples > 0) line += fmt::format(" · {} samples beyond the stack bound", profile.overflow_samples);
  return line;
}

}  // namespace

std::string FlameGraphTemplates(const StackSummary& stacks) {
  std::string out;
  for (const StackProfileSummary& profile : stacks.profiles) {
    const SelectedStacks drawn = SelectHeaviestStacks(profile, kMaxJsonStacksPerProfile);
    FlameGraphOptions options;
    options.title = KindTitle(profile.kind);
    options.subtitle = Subtitle(stacks, profile, drawn);
    options.id = "fg-" + profile.kind;
    options.standalone = false;
    options.embed_script = false;
    // The kind comes from our own enum, but it lands in an id: escape it like text anyway.
    out += "<template id=\"flamegraph-" + HtmlEscape(profile.kind) + "\">";
    out += RenderFlameGraphSvg(drawn.stacks, options);
    out += "</template>\n";
  }
  return out;
}

}  // namespace flinkscan

#pragma once
// The HTML report's flame graphs, drawn by the C++ renderer
// (report/flamegraph_svg.h) once per stack kind and shipped as inert
// <template id="flamegraph-KIND"> elements; report/html_page_flamegraph.js
// shows one at a time and wires it with FlameGraphScript(). The stacks drawn
// are the ones the JSON data island lists (report/json_stacks.h), so the
// graph and the data agree. Internal to report/.

#include <string>

#include "engine/analysis.h"

namespace flinkscan {

// One <template> per profile of `stacks`; empty when the logs hold no stacks.
std::string FlameGraphTemplates(const StackSummary& stacks);

}  // namespace flinkscan

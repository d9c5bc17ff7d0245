#pragma once
// An interactive SVG flame graph of folded stacks, written by us with no
// external script: click a frame to zoom into it, "Reset zoom" to go back,
// "Search" (or the URL hash #search=TEXT) to highlight matching frames,
// hover for a tooltip and the details line. Every frame name is escaped
// text: a frame called "<script>" is drawn as those characters.
//
// Test hook: the URL hash #zoom=FRAME zooms into the first frame named FRAME
// (URI-decoded) once the document has loaded, so a headless browser can dump
// the zoomed view.

#include <string>
#include <string_view>
#include <vector>

#include "engine/analysis.h"

namespace flinkscan {

struct FlameGraphOptions {
  std::string title = "Flame graph";
  std::string subtitle;           // e.g. "thread dumps, 2 dumps, 41 threads"
  std::string id = "fg";          // prefix of element ids, distinct per graph in one HTML page
  int width = 1200;               // pixels
  int frame_height = 16;
  double min_frame_fraction = 0.0005;  // narrower frames are not drawn (their samples still count)
  size_t max_frames = 20'000;     // frames drawn at most (BOUNDED output)
  bool standalone = true;         // XML prolog + xmlns; false for inline use in an HTML page
  bool embed_script = true;       // false: the page brings FlameGraphScript() and calls it per graph
};

// Folded stacks ("a;b;c" → count) to an SVG document; root at the bottom.
std::string RenderFlameGraphSvg(const std::vector<FoldedStack>& stacks, const FlameGraphOptions& options);

// The script behind the interaction, for a page holding graphs rendered with
// embed_script = false: defines `flinkscanFlameGraph(id, width[, svgElement])`,
// which wires one graph's frames (click, hover, Search, Reset zoom; looked up
// inside svgElement when given, so it works before the graph is attached) and
// returns {zoomTo(name), unzoom(), search(text), fromHash()}. Contains no "</script".
std::string_view FlameGraphScript();

}  // namespace flinkscan

#include "report/flamegraph_svg.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <string_view>

#include <fmt/format.h>

#include "report/html_text.h"

namespace flinkscan {
namespace {

struct Node {
  std::string_view name;
  uint64_t value = 0;
  std::map<std::string_view, size_t> children;  // sorted, like flamegraph.pl
};

class Tree {
 public:
  Tree() { nodes_.emplace_back(); }

  void Add(std::string_view folded, uint64_t count) {
    size_t current = 0;
    nodes_[0].value += count;
    size_t start = 0;
    while (start <= folded.size()) {
      size_t end = folded.find(';', start);
      if (end == std::string_view::npos) end = folded.size();
      const std::string_view frame = folded.substr(start, end - start);
      start = end + 1;
      if (frame.empty()) continue;
      auto it = nodes_[current].children.find(frame);
      size_t child;
      if (it == nodes_[current].children.end()) {
        child = nodes_.size();
        nodes_[current].children.emplace(frame, child);
        nodes_.emplace_back();
        nodes_[child].name = frame;
      } else {
        child = it->second;
      }
      nodes_[child].value += count;
      current = child;
    }
  }

  const Node& node(size_t i) const { return nodes_[i]; }
  uint64_t total() const { return nodes_[0].value; }

 private:
  std::vector<Node> nodes_;
};

struct Placed {
  size_t node;
  double x;  // fraction of the total
  double w;
  int depth;
};

// Warm colours, stable per name, so one frame keeps its colour across graphs.
std::string FrameColor(std::string_view name, int depth) {
  if (depth == 0) return "rgb(160,170,200)";  // the group label (state, task, root class)
  uint32_t h = 2166136261u;
  for (char c : name) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
  const int r = 205 + static_cast<int>(h % 50);
  const int g = 80 + static_cast<int>((h >> 8) % 150);
  const int b = 40 + static_cast<int>((h >> 16) % 40);
  return fmt::format("rgb({},{},{})", r, g, b);
}

// The label that fits in `pixels` at about 7 px per character; the script does the same on zoom.
std::string FitLabel(std::string_view name, double pixels) {
  const int chars = static_cast<int>((pixels - 6) / 7);
  if (chars < 3) return "";
  if (static_cast<int>(name.size()) <= chars) return std::string(name);
  return std::string(name.substr(0, static_cast<size_t>(chars - 2))) + "..";
}

// One function per document, called once per graph: the standalone SVG calls
// it from its own script, the HTML report from its flame graph page.
constexpr std::string_view kScript = R"JS(
function flinkscanFlameGraph(P, W, svgRoot) {
  var root = svgRoot || document.getElementById(P + '-svg');
  function part(name) { return root.querySelector('[id="' + P + '-' + name + '"]'); }
  var frames = root.getElementsByClassName(P + '-f');
  var details = part('details');
  var reset = part('reset');
  var matched = part('matched');
  var left = 10, width = W - 20;
  function num(g, a) { return parseFloat(g.getAttribute(a)); }
  function fit(name, px) {
    var n = Math.floor((px - 6) / 7);
    if (n < 3) return '';
    return name.length <= n ? name : name.substring(0, n - 2) + '..';
  }
  function place(g, x, w) {
    var r = g.getElementsByTagName('rect')[0], t = g.getElementsByTagName('text')[0];
    if (w <= 0) { g.setAttribute('display', 'none'); return; }
    g.removeAttribute('display');
    r.setAttribute('x', (left + x * width).toFixed(1));
    r.setAttribute('width', Math.max(w * width - 0.5, 0.1).toFixed(1));
    t.setAttribute('x', (left + x * width + 3).toFixed(1));
    t.textContent = fit(g.getAttribute('data-n'), w * width);
  }
  function zoom(g) {
    var zx = num(g, 'data-x'), zw = num(g, 'data-w'), zd = num(g, 'data-d'), eps = 1e-9;
    for (var i = 0; i < frames.length; i++) {
      var f = frames[i], fx = num(f, 'data-x'), fw = num(f, 'data-w'), fd = num(f, 'data-d');
      f.removeAttribute('data-zoomed');
      if (fd < zd) {
        place(f, 0, fx <= zx + eps && fx + fw >= zx + zw - eps ? 1 : 0);
      } else if (fx >= zx - eps && fx + fw <= zx + zw + eps) {
        place(f, (fx - zx) / zw, fw / zw);
      } else {
        place(f, 0, 0);
      }
    }
    g.setAttribute('data-zoomed', '1');
    root.setAttribute('data-zoom', g.getAttribute('data-n'));
    reset.setAttribute('opacity', '1');
  }
  function unzoom() {
    for (var i = 0; i < frames.length; i++) {
      frames[i].removeAttribute('data-zoomed');
      place(frames[i], num(frames[i], 'data-x'), num(frames[i], 'data-w'));
    }
    root.removeAttribute('data-zoom');
    reset.setAttribute('opacity', '0');
  }
  function search(term) {
    var spans = [];
    for (var i = 0; i < frames.length; i++) {
      var f = frames[i], r = f.getElementsByTagName('rect')[0];
      if (term && f.getAttribute('data-n').indexOf(term) >= 0) {
        r.setAttribute('fill', 'rgb(224,64,224)');
        f.setAttribute('data-match', '1');
        spans.push([num(f, 'data-x'), num(f, 'data-x') + num(f, 'data-w')]);
      } else {
        r.setAttribute('fill', f.getAttribute('data-c'));
        f.removeAttribute('data-match');
      }
    }
    spans.sort(function (a, b) { return a[0] - b[0]; });
    var covered = 0, end = -1;
    for (var j = 0; j < spans.length; j++) {
      if (spans[j][0] >= end) { covered += spans[j][1] - spans[j][0]; end = spans[j][1]; }
      else if (spans[j][1] > end) { covered += spans[j][1] - end; end = spans[j][1]; }
    }
    matched.textContent = term ? 'Matched: ' + (covered * 100).toFixed(1) + '%' : '';
  }
  for (var i = 0; i < frames.length; i++) {
    frames[i].addEventListener('click', function (e) { zoom(e.currentTarget); });
    frames[i].addEventListener('mouseover', function (e) {
      details.textContent = e.currentTarget.getElementsByTagName('title')[0].textContent;
    });
    frames[i].addEventListener('mouseout', function () { details.textContent = ' '; });
  }
  reset.addEventListener('click', unzoom);
  part('search').addEventListener('click', function () {
    var term = window.prompt('Search frames for (plain text):', '');
    if (term !== null) search(term);
  });
  function zoomTo(name) {
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].getAttribute('data-n') === name) { zoom(frames[i]); return true; }
    }
    return false;
  }
  // "#zoom=FRAME&search=TEXT" (URI-encoded); other keys, and parts without '=', are someone else's.
  function fromHash() {
    var h = window.location.hash.substring(1).split('&');
    for (var k = 0; k < h.length; k++) {
      var eq = h[k].indexOf('=');
      if (eq < 0) continue;
      var key = h[k].substring(0, eq), value;
      try { value = decodeURIComponent(h[k].substring(eq + 1)); } catch (e) { continue; }
      if (key === 'search') search(value);
      if (key === 'zoom') zoomTo(value);
    }
  }
  return {zoomTo: zoomTo, unzoom: unzoom, search: search, fromHash: fromHash};
}
)JS";

// The standalone document wires the URL hash itself.
constexpr std::string_view kStandaloneCall = R"JS(
(function () {
  var graph = flinkscanFlameGraph('@ID@', @W@);
  graph.fromHash();
  window.addEventListener('hashchange', graph.fromHash);
})();
)JS";

std::string Replace(std::string text, std::string_view from, std::string_view to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

}  // namespace

std::string RenderFlameGraphSvg(const std::vector<FoldedStack>& stacks, const FlameGraphOptions& options) {
  Tree tree;
  for (const FoldedStack& s : stacks) tree.Add(s.stack, s.count);
  const uint64_t total = tree.total();

  // Depth-first placement of frames wide enough to see, bounded by max_frames.
  std::vector<Placed> placed;
  int max_depth = 0;
  size_t hidden = 0;
  if (total > 0) {
    std::vector<Placed> todo;
    double x = 0;
    for (const auto& [name, child] : tree.node(0).children) {
      const double w = static_cast<double>(tree.node(child).value) / static_cast<double>(total);
      todo.push_back({child, x, w, 0});
      x += w;
    }
    std::reverse(todo.begin(), todo.end());
    while (!todo.empty()) {
      const Placed p = todo.back();
      todo.pop_back();
      if (p.w < options.min_frame_fraction || placed.size() >= options.max_frames) {
        ++hidden;
        continue;
      }
      placed.push_back(p);
      max_depth = std::max(max_depth, p.depth);
      std::vector<Placed> children;
      double cx = p.x;
      for (const auto& [name, child] : tree.node(p.node).children) {
        const double w = static_cast<double>(tree.node(child).value) / static_cast<double>(total);
        children.push_back({child, cx, w, p.depth + 1});
        cx += w;
      }
      todo.insert(todo.end(), children.rbegin(), children.rend());
    }
  }

  // The id is ours, not log text, but it lands in a script: letters, digits, '-' and '_' only.
  std::string id;
  for (char c : options.id) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_') id += c;
  }
  if (id.empty()) id = "fg";
  const int fh = options.frame_height;
  const int top = 56;
  const int height = top + (max_depth + 1) * fh + 34;
  const double area = options.width - 20;
  std::string out;
  if (options.standalone) out += "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n";
  out += fmt::format(
      "<svg id=\"{0}-svg\" class=\"flamegraph\" version=\"1.1\" width=\"{1}\" height=\"{2}\" viewBox=\"0 0 {1} {2}\" "
      "xmlns=\"http://www.w3.org/2000/svg\" data-total=\"{3}\">\n",
      id, options.width, height, total);
  out += fmt::format(
      "<style>.{0}-f text {{ font: 12px Verdana, sans-serif; fill: #000; pointer-events: none; }} "
      ".{0}-f {{ cursor: pointer; }} .{0}-f:hover rect {{ stroke: #000; stroke-width: 0.5; }} "
      ".{0}-ui {{ font: 12px Verdana, sans-serif; cursor: pointer; }}</style>\n",
      id);
  out += fmt::format("<rect x=\"0\" y=\"0\" width=\"{}\" height=\"{}\" fill=\"#f8f8f0\"/>\n", options.width, height);
  out += fmt::format("<text x=\"{}\" y=\"22\" text-anchor=\"middle\" style=\"font: 17px Verdana, sans-serif\">{}</text>\n",
                     options.width / 2, HtmlEscape(options.title));
  if (!options.subtitle.empty()) {
    out += fmt::format("<text x=\"{}\" y=\"40\" text-anchor=\"middle\" style=\"font: 12px Verdana, sans-serif; "
                       "fill: #555\">{}</text>\n",
                       options.width / 2, HtmlEscape(options.subtitle));
  }
  out += fmt::format("<text id=\"{}-reset\" class=\"{}-ui\" x=\"10\" y=\"22\" opacity=\"0\">Reset zoom</text>\n", id, id);
  out += fmt::format("<text id=\"{}-search\" class=\"{}-ui\" x=\"{}\" y=\"22\" text-anchor=\"end\">Search</text>\n", id,
                     id, options.width - 10);
  out += fmt::format("<text id=\"{}-matched\" class=\"{}-ui\" x=\"{}\" y=\"{}\" text-anchor=\"end\"></text>\n", id, id,
                     options.width - 10, height - 10);
  out += fmt::format("<text id=\"{}-details\" class=\"{}-ui\" x=\"10\" y=\"{}\"> </text>\n", id, id, height - 10);
  if (total == 0) {
    out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" class=\"{}-ui\">No stacks in the input</text>\n",
                       options.width / 2, top + fh, id);
  }
  out += fmt::format("<g id=\"{}-frames\">\n", id);
  for (const Placed& p : placed) {
    const Node& node = tree.node(p.node);
    const std::string name = HtmlEscape(node.name);
    const std::string color = FrameColor(node.name, p.depth);
    const double px = 10 + p.x * area;
    const double pw = p.w * area;
    const int y = top + (max_depth - p.depth) * fh;
    out += fmt::format(
        "<g class=\"{0}-f\" data-n=\"{1}\" data-x=\"{2:.9f}\" data-w=\"{3:.9f}\" data-d=\"{4}\" data-c=\"{5}\">"
        "<title>{1} ({6} samples, {7:.2f}%)</title>"
        "<rect x=\"{8:.1f}\" y=\"{9}\" width=\"{10:.1f}\" height=\"{11}\" fill=\"{5}\" rx=\"2\" ry=\"2\"/>"
        "<text x=\"{12:.1f}\" y=\"{13}\">{14}</text></g>\n",
        id, name, p.x, p.w, p.depth, color, node.value,
        100.0 * static_cast<double>(node.value) / static_cast<double>(total), px, y, std::max(pw - 0.5, 0.1), fh - 1,
        px + 3, y + fh - 4, HtmlEscape(FitLabel(node.name, pw)));
  }
  out += "</g>\n";
  if (hidden > 0) {
    out += fmt::format("<!-- {} frames too narrow to draw or beyond the frame cap -->\n", hidden);
  }
  if (options.embed_script) {
    std::string call = Replace(std::string(kStandaloneCall), "@ID@", id);
    call = Replace(std::move(call), "@W@", std::to_string(options.width));
    out += "<script type=\"text/javascript\"><![CDATA[" + std::string(kScript) + call + "]]></script>\n";
  }
  out += "</svg>\n";
  return out;
}

std::string_view FlameGraphScript() { return kScript; }

}  // namespace flinkscan

#include "parsers/flink_flamegraph_json.h"

#include <simdjson.h>

namespace flinkscan {
namespace {

class Walker {
 public:
  explicit Walker(FlinkFlameGraph& out) : out_(out) {}

  Status Node(simdjson::dom::element node, bool is_root) {
    if (++nodes_ > FlinkFlameGraph::kMaxNodes) return Status::Error("flame graph: more than 1000000 nodes");
    if (stack_.size() > FlinkFlameGraph::kMaxDepth) return Status::Error("flame graph: deeper than 2048 frames");
    simdjson::dom::object object;
    if (node.get_object().get(object)) return Status::Error("flame graph: a node is not an object");
    std::string_view name;
    if (object["name"].get_string().get(name)) return Status::Error("flame graph: a node has no \"name\"");
    uint64_t value = 0;
    simdjson::dom::element value_element;
    if (object["value"].get(value_element)) {
      return Status::Error("flame graph: node \"" + std::string(name) + "\" has no \"value\"");
    }
    if (int64_t v = 0; !value_element.get_int64().get(v)) {
      value = v < 0 ? 0 : static_cast<uint64_t>(v);
    } else if (double d = 0; !value_element.get_double().get(d)) {
      value = d < 0 ? 0 : static_cast<uint64_t>(d);
    } else {
      return Status::Error("flame graph: node \"" + std::string(name) + "\" has no numeric \"value\"");
    }
    if (is_root) out_.total = value;
    if (!is_root) stack_.emplace_back(name);
    uint64_t children_total = 0;
    simdjson::dom::array children;
    if (!object["children"].get_array().get(children)) {
      for (simdjson::dom::element child : children) {
        simdjson::dom::object child_object;
        int64_t child_value = 0;
        if (!child.get_object().get(child_object) && !child_object["value"].get_int64().get(child_value) &&
            child_value > 0) {
          children_total += static_cast<uint64_t>(child_value);
        }
        const Status status = Node(child, false);
        if (!status.ok()) return status;
      }
    }
    if (!is_root && value > children_total) out_.paths.push_back({stack_, value - children_total});
    if (!is_root) stack_.pop_back();
    return Status::Ok();
  }

 private:
  FlinkFlameGraph& out_;
  std::vector<std::string> stack_;
  size_t nodes_ = 0;
};

}  // namespace

bool LooksLikeFlinkFlameGraph(std::string_view text) {
  size_t i = 0;
  while (i < text.size() && (text[i] == ' ' || text[i] == '\n' || text[i] == '\r' || text[i] == '\t')) ++i;
  if (i >= text.size() || text[i] != '{') return false;
  const std::string_view head = text.substr(i, 4096);
  return head.find("\"data\"") != std::string_view::npos && head.find("\"name\"") != std::string_view::npos;
}

Result<FlinkFlameGraph> ParseFlinkFlameGraph(std::string_view json) {
  simdjson::dom::parser parser;
  const simdjson::padded_string padded(json);
  simdjson::dom::element doc;
  if (auto error = parser.parse(padded).get(doc)) {
    return Status::Error(std::string("flame graph: invalid JSON: ") + simdjson::error_message(error));
  }
  FlinkFlameGraph graph;
  if (int64_t end = 0; !doc["endTimestamp"].get_int64().get(end)) graph.end_timestamp = end;
  simdjson::dom::element data;
  if (doc["data"].get(data)) return Status::Error("flame graph: no \"data\" object");
  Walker walker(graph);
  const Status status = walker.Node(data, true);
  if (!status.ok()) return status;
  return graph;
}

}  // namespace flinkscan

#pragma once
// Builds `yarn logs -applicationId X` output byte for byte as Hadoop 3.3
// prints it (flink-log-formats.md §9.1, checked against
// samples-real/yarn-aggregated-format-mapreduce-hadoop334.txt), so tests can
// wrap any log in the envelope.

#include <string>
#include <vector>

namespace flinkscan::testing {

struct YarnSection {
  std::string container;  // container_…
  std::string node;       // host_port
  std::string log_type;   // file name in the container
  std::string body;       // exactly LogLength bytes
};

// One Hadoop 3 section. `last`: the sample excerpt ends with the `*` rule,
// without the blank line that separates sections.
inline std::string YarnSectionText(const YarnSection& s, bool last = false) {
  const std::string container_line = "Container: " + s.container + " on " + s.node;
  const std::string end_line = "End of LogType:" + s.log_type;
  std::string out;
  out += container_line + "\n";
  out += "LogAggregationType: AGGREGATED\n";
  out += std::string(container_line.size(), '=') + "\n";
  out += "LogType:" + s.log_type + "\n";
  out += "LogLastModifiedTime:Sun Dec 18 01:27:43 +0000 2022\n";
  out += "LogLength:" + std::to_string(s.body.size()) + "\n";
  out += "LogContents:\n";
  out += s.body;
  out += "\n" + end_line + "\n";
  out += std::string(end_line.size() + 50, '*') + "\n";
  if (!last) out += "\n";
  return out;
}

inline std::string YarnOutput(const std::vector<YarnSection>& sections) {
  std::string out;
  for (size_t i = 0; i < sections.size(); ++i) out += YarnSectionText(sections[i], i + 1 == sections.size());
  return out;
}

}  // namespace flinkscan::testing

#pragma once
// `yarn logs -applicationId X` output: one logical stream per (container,
// log type) section, framed by LogLength, plus the envelope's own lines as a
// count-only stream of kind yarn-envelope (design.md "YARN framing").
//
// Streams: a section's key and StreamInfo.section are "<container>/<logtype>"
// ("<logtype>" when the output has no Container line), its bytes exactly the
// body; host is the node id without "_port"; kind by KindOfYarnLogType
// (engine/yarn_envelope.h). Every other byte — headers, rules, the "\n"
// after a body, end markers, blank lines, anything between sections — goes
// to the stream keyed "#envelope" (count_only), so the streams' bytes add up
// to the input and each byte is delivered once, in input order.
//
// The AM (JobManager) container: a container whose earlier sections include
// a JobManager log (jobmanager.log, jobmanager-main.log) is the AM, one with a
// taskmanager.log is not; otherwise the AM is the first container of its
// attempt (id ending _000001). It only decides the kind of a Flink log under
// a custom name (*.log): jobmanager in the AM, taskmanager elsewhere.
//
// Damage is reported on the stream it affects, as "byte N: …" with N the
// input offset of the section's LogLength line: a LogLength that is not a
// number, exceeds the input, or is not followed by the end marker frames the
// body by the end marker ("\nEnd of LogType:<t>") instead, or by the next
// section header when the marker is missing too, or by the end of input. A
// body longer than YarnFramerOptions::verify_bytes streams unchecked; a
// LogLength past the end of input then truncates it (the error says so).

#include <cstddef>
#include <memory>
#include <string_view>

#include "engine/byte_source.h"
#include "engine/source.h"
#include "engine/stream_framer.h"

namespace flinkscan {

// True when `head` (the first bytes of the decoded input) opens a YARN
// aggregated-log envelope (Hadoop 3 or Hadoop 2 form).
bool LooksLikeYarnEnvelope(std::string_view head);

std::unique_ptr<StreamFramer> MakeYarnFramer(const InputFile& input, std::unique_ptr<ByteSource> source);

struct YarnFramerOptions {
  // A body up to this size is read ahead and checked against its end marker
  // before any of it is delivered, so a lying LogLength is caught before it
  // swallows the next sections. A larger body streams straight into the
  // reader's buffer and is checked when it ends.
  size_t verify_bytes = 4u << 20;
  size_t read_block = 1u << 20;  // bytes asked of the source per read
};

std::unique_ptr<StreamFramer> MakeYarnFramer(const InputFile& input, std::unique_ptr<ByteSource> source,
                                             const YarnFramerOptions& options);

}  // namespace flinkscan

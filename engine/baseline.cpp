#include "engine/baseline.h"

#include <sys/stat.h>

#include <ctime>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>
#include <simdjson.h>

#include "engine/exception_signature.h"

namespace flinkscan {
namespace {

constexpr std::string_view kSchemaPrefix = "flinkscan/";
constexpr std::string_view kSchema = "flinkscan/1";
constexpr size_t kMaxWalkDepth = 1024;

// ---- locating a syntax error: the DOM parser says what, the on-demand walk says where.

simdjson::error_code Walk(simdjson::ondemand::value value, size_t depth) {
  if (depth > kMaxWalkDepth) return simdjson::DEPTH_ERROR;
  simdjson::ondemand::json_type type;
  if (auto error = value.type().get(type)) return error;
  switch (type) {
    case simdjson::ondemand::json_type::object: {
      simdjson::ondemand::object object;
      if (auto error = value.get_object().get(object)) return error;
      for (auto field : object) {
        std::string_view key;
        if (auto error = field.unescaped_key().get(key)) return error;
        simdjson::ondemand::value child;
        if (auto error = field.value().get(child)) return error;
        if (auto error = Walk(child, depth + 1)) return error;
      }
      return simdjson::SUCCESS;
    }
    case simdjson::ondemand::json_type::array: {
      simdjson::ondemand::array array;
      if (auto error = value.get_array().get(array)) return error;
      for (auto element : array) {
        simdjson::ondemand::value child;
        if (auto error = element.get(child)) return error;
        if (auto error = Walk(child, depth + 1)) return error;
      }
      return simdjson::SUCCESS;
    }
    case simdjson::ondemand::json_type::string: {
      std::string_view text;
      return value.get_string().get(text);
    }
    case simdjson::ondemand::json_type::number:
      return value.get_number().error();
    case simdjson::ondemand::json_type::boolean: {
      bool flag = false;
      return value.get_bool().get(flag);
    }
    case simdjson::ondemand::json_type::null: {
      bool null = false;
      if (auto error = value.is_null().get(null)) return error;
      return null ? simdjson::SUCCESS : simdjson::N_ATOM_ERROR;
    }
  }
  return simdjson::TAPE_ERROR;
}

// Offset of the first byte that is not well-formed UTF-8, or npos.
size_t FirstInvalidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    size_t length = 0;
    uint32_t min = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      length = 2, min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
      length = 3, min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
      length = 4, min = 0x10000;
    } else {
      return i;
    }
    if (i + length > s.size()) return i;
    uint32_t code = c & (0x7F >> length);
    for (size_t k = 1; k < length; ++k) {
      const unsigned char next = static_cast<unsigned char>(s[i + k]);
      if ((next & 0xC0) != 0x80) return i;
      code = (code << 6) | (next & 0x3F);
    }
    if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return i;
    i += length;
  }
  return std::string_view::npos;
}

size_t SyntaxErrorOffset(const simdjson::padded_string& text, simdjson::error_code dom_error) {
  if (dom_error == simdjson::UTF8_ERROR) {
    const size_t at = FirstInvalidUtf8(text);
    if (at != std::string_view::npos) return at;
  }
  simdjson::ondemand::parser parser;
  simdjson::ondemand::document doc;
  if (parser.iterate(text).get(doc)) return text.size();
  simdjson::ondemand::value root;
  if (!doc.get_value().get(root)) (void)Walk(root, 0);
  // A walk that succeeds stops where the trailing content starts.
  const char* location = nullptr;
  if (doc.current_location().get(location) || location == nullptr) return text.size();
  return static_cast<size_t>(location - text.data());
}

// ---- reading the report.

// The string at `key`, or "" when it is absent, null or not a string (errors travel along the chain).
std::string TextOf(simdjson::simdjson_result<simdjson::dom::element> parent, const char* key) {
  std::string_view value;
  if (parent[key].get_string().get(value)) return {};
  return std::string(value);
}
std::string TextOf(simdjson::dom::element parent, const char* key) {
  return TextOf(simdjson::simdjson_result<simdjson::dom::element>(std::move(parent)), key);
}

std::string FileTime(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return {};
  std::tm local{};
  const time_t seconds = st.st_mtime;
  if (::localtime_r(&seconds, &local) == nullptr) return {};
  char stamp[32];
  if (std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &local) == 0) return {};
  const long offset_minutes = local.tm_gmtoff / 60;
  const long magnitude = offset_minutes < 0 ? -offset_minutes : offset_minutes;
  return fmt::format("{}.000{}{:02}:{:02}", stamp, offset_minutes < 0 ? '-' : '+', magnitude / 60, magnitude % 60);
}

std::string JobLabel(const std::string& job_id, const std::vector<JobSummary>& jobs) {
  for (const JobSummary& job : jobs) {
    if (job.job_id == job_id && !job.name.empty()) return job.name;
  }
  return job_id;
}

}  // namespace

std::string IncidentKey(const Incident& incident, const std::vector<JobSummary>& jobs) {
  const std::string job_id = !incident.job_id.empty() ? incident.job_id : incident.scope.job_id.value_or("");
  std::string key = incident.kind;
  key += '|';
  if (!job_id.empty()) key += JobLabel(job_id, jobs);
  key += '|';
  if (incident.root_cause.has_value()) {
    key += incident.root_cause->class_name;
    key += '#';
    key += HexId(Fnv1a64(NormalizeMessage(incident.root_cause->message)));
  }
  return key;
}

void AssignIncidentKeys(Analysis& analysis) {
  for (Incident& incident : analysis.incidents) incident.key = IncidentKey(incident, analysis.jobs);
}

Result<BaselineReport> ParseBaseline(std::string_view json, const std::string& origin, const std::string& file_time) {
  const simdjson::padded_string text(json);
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (auto error = parser.parse(text).get(root)) {
    return Status::Error(fmt::format("{}: byte {}: not valid JSON ({})", origin, SyntaxErrorOffset(text, error),
                                     simdjson::error_message(error)));
  }
  if (!root.is_object()) return Status::Error(origin + ": not a flinkscan JSON report (the document is not an object)");
  std::string_view schema;
  if (root["schema"].get_string().get(schema)) {
    return Status::Error(origin + ": not a flinkscan JSON report (no \"schema\" string)");
  }
  if (schema != kSchema) {
    if (schema.substr(0, kSchemaPrefix.size()) == kSchemaPrefix) {
      return Status::Error(fmt::format("{}: unsupported report schema \"{}\" (this flinkscan reads {})", origin,
                                       schema, kSchema));
    }
    return Status::Error(fmt::format("{}: not a flinkscan JSON report (schema \"{}\")", origin, schema));
  }
  const std::string writer = TextOf(root, "version");
  const std::string rescan = fmt::format(
      "the report was written by flinkscan {}, before {}; scan the baseline's logs again with this version",
      writer.empty() ? "(unknown version)" : writer, "incident keys and exception signatures");

  BaselineReport report;
  report.path = origin;
  report.generated_at = TextOf(root, "generated_at");
  if (report.generated_at.empty()) report.generated_at = file_time;
  report.span_start = TextOf(root["time_span"], "start");
  report.span_end = TextOf(root["time_span"], "end");

  simdjson::dom::array incidents;
  if (root["incidents"].get_array().get(incidents)) {
    return Status::Error(origin + ": not a flinkscan JSON report (no \"incidents\" array)");
  }
  size_t index = 0;
  for (simdjson::dom::element incident : incidents) {
    BaselineReport::IncidentEntry entry;
    entry.key = TextOf(incident, "key");
    if (entry.key.empty()) return Status::Error(fmt::format("{}: incidents[{}] has no \"key\": {}", origin, index, rescan));
    entry.kind = TextOf(incident, "kind");
    const size_t bar = entry.key.find('|');
    if (bar != std::string::npos) entry.job = entry.key.substr(bar + 1, entry.key.find('|', bar + 1) - bar - 1);
    entry.title = TextOf(incident, "title");
    entry.last_seen = TextOf(incident, "end");
    if (entry.last_seen.empty()) entry.last_seen = TextOf(incident, "start");
    report.incidents.push_back(std::move(entry));
    ++index;
  }
  simdjson::dom::array exceptions;
  if (root["exceptions"].get_array().get(exceptions)) {
    return Status::Error(origin + ": not a flinkscan JSON report (no \"exceptions\" array)");
  }
  index = 0;
  for (simdjson::dom::element exception : exceptions) {
    bool overflow = false;
    if (!exception["overflow"].get_bool().get(overflow) && overflow) {
      ++index;
      continue;
    }
    BaselineReport::ExceptionEntry entry;
    entry.signature = TextOf(exception, "signature");
    if (entry.signature.empty()) {
      return Status::Error(fmt::format("{}: exceptions[{}] has no \"signature\": {}", origin, index, rescan));
    }
    entry.class_name = TextOf(exception, "class");
    entry.root_class = TextOf(exception, "root_class");
    entry.root_message = TextOf(exception, "root_message");
    entry.last_time = TextOf(exception, "last_time");
    uint64_t count = 0;
    if (!exception["count"].get_uint64().get(count)) entry.count = count;
    report.exceptions.push_back(std::move(entry));
    ++index;
  }
  return report;
}

Result<BaselineReport> LoadBaseline(const std::string& path) {
  simdjson::padded_string text;
  if (auto error = simdjson::padded_string::load(path).get(text)) {
    struct stat st {};
    const bool exists = ::stat(path.c_str(), &st) == 0;
    return Status::Error(fmt::format("--baseline {}: cannot read ({})", path,
                                     exists ? simdjson::error_message(error) : "no such file"));
  }
  return ParseBaseline(std::string_view(text.data(), text.size()), path, FileTime(path));
}

void CompareWithBaseline(Analysis& analysis, const BaselineReport& baseline, size_t max_gone) {
  BaselineComparison comparison;
  comparison.path = baseline.path;
  comparison.generated_at = baseline.generated_at;
  comparison.span_start = baseline.span_start;
  comparison.span_end = baseline.span_end;

  std::unordered_set<std::string> then_keys, now_keys;
  for (const BaselineReport::IncidentEntry& entry : baseline.incidents) then_keys.insert(entry.key);
  for (Incident& incident : analysis.incidents) {
    if (incident.key.empty()) incident.key = IncidentKey(incident, analysis.jobs);
    now_keys.insert(incident.key);
    const bool recurring = then_keys.count(incident.key) > 0;
    incident.baseline_status = recurring ? "recurring" : "new";
    ++(recurring ? comparison.recurring_incidents : comparison.new_incidents);
  }
  std::unordered_map<std::string, size_t> gone_index;
  for (const BaselineReport::IncidentEntry& entry : baseline.incidents) {
    if (now_keys.count(entry.key) > 0) continue;
    const auto found = gone_index.find(entry.key);
    if (found != gone_index.end()) {
      BaselineGoneIncident& gone = comparison.gone_incidents[found->second];
      ++gone.count;
      if (entry.last_seen > gone.last_seen) gone.last_seen = entry.last_seen;
      continue;
    }
    if (comparison.gone_incidents.size() >= max_gone) {
      gone_index.emplace(entry.key, SIZE_MAX);
      ++comparison.gone_dropped;
      continue;
    }
    gone_index.emplace(entry.key, comparison.gone_incidents.size());
    comparison.gone_incidents.push_back({entry.key, entry.kind, entry.job, entry.title, entry.last_seen, 1});
  }

  std::unordered_set<std::string> then_signatures, now_signatures;
  for (const BaselineReport::ExceptionEntry& entry : baseline.exceptions) then_signatures.insert(entry.signature);
  for (ExceptionSummary& exception : analysis.exceptions) {
    if (exception.overflow || exception.signature.empty()) continue;
    now_signatures.insert(exception.signature);
    const bool recurring = then_signatures.count(exception.signature) > 0;
    exception.baseline_status = recurring ? "recurring" : "new";
    ++(recurring ? comparison.recurring_exceptions : comparison.new_exceptions);
  }
  std::unordered_set<std::string> listed;
  for (const BaselineReport::ExceptionEntry& entry : baseline.exceptions) {
    if (now_signatures.count(entry.signature) > 0 || !listed.insert(entry.signature).second) continue;
    if (comparison.gone_exceptions.size() >= max_gone) {
      ++comparison.gone_dropped;
      continue;
    }
    comparison.gone_exceptions.push_back(
        {entry.signature, entry.class_name, entry.root_class, entry.root_message, entry.last_time, entry.count});
  }
  analysis.baseline = std::move(comparison);
}

}  // namespace flinkscan

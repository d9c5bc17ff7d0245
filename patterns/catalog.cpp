#include "patterns/catalog.h"

#include <hs.h>
#include <simdjson.h>

#include <fstream>
#include <sstream>
#include <utility>

#include "patterns/internal/embedded_catalog.h"

namespace flinkscan {
namespace {

namespace ondemand = simdjson::ondemand;

// Flags a catalog may name. SINGLEMATCH and SOM_LEFTMOST are refused outright:
// the first reports a pattern once per chunk instead of once per line, the
// second costs ~30 % of scan speed and we never need a start offset.
struct FlagName {
  std::string_view name;
  uint32_t bit;
};
constexpr FlagName kFlagNames[] = {
    {"caseless", HS_FLAG_CASELESS}, {"multiline", HS_FLAG_MULTILINE},
    {"dotall", HS_FLAG_DOTALL},  // accepted so that LintCatalog can name it
    {"utf8", HS_FLAG_UTF8},         {"ucp", HS_FLAG_UCP},
};

// Builds errors that name the catalog and the entry being read.
class ErrorContext {
 public:
  explicit ErrorContext(std::string_view origin) : origin_(origin) {}
  void SetEntry(size_t index, std::string_view id) {
    index_ = index;
    id_ = std::string(id);
  }
  Status Error(std::string_view what) const {
    std::string message(origin_);
    if (index_ != kNoEntry) {
      message += ": entry #" + std::to_string(index_);
      if (!id_.empty()) message += " ('" + id_ + "')";
    }
    message += ": ";
    message += what;
    return Status::Error(std::move(message));
  }
  Status Json(std::string_view where, simdjson::error_code code) const {
    return Error(std::string(where) + ": " + simdjson::error_message(code));
  }

 private:
  static constexpr size_t kNoEntry = static_cast<size_t>(-1);
  std::string_view origin_;
  size_t index_ = kNoEntry;
  std::string id_;
};

Status ReadString(ondemand::value& value, std::string_view key, const ErrorContext& context,
                  std::string& out) {
  std::string_view text;
  if (auto code = value.get_string().get(text)) {
    return context.Json(std::string("\"") + std::string(key) + "\" must be a string", code);
  }
  out.assign(text);
  return Status::Ok();
}

Status ParseSeverity(std::string_view name, Severity& out) {
  if (name == "info") {
    out = Severity::kInfo;
  } else if (name == "warning") {
    out = Severity::kWarning;
  } else if (name == "critical") {
    out = Severity::kCritical;
  } else {
    return Status::Error("unknown severity '" + std::string(name) + "' (info | warning | critical)");
  }
  return Status::Ok();
}

Status ParseFlags(ondemand::value& value, const ErrorContext& context, PatternEntry& entry) {
  ondemand::array flags;
  if (auto code = value.get_array().get(flags)) return context.Json("\"flags\" must be an array", code);
  for (auto item : flags) {
    std::string_view name;
    if (auto code = item.get_string().get(name)) {
      return context.Json("\"flags\" must hold strings", code);
    }
    if (name == "singlematch" || name == "som_leftmost") {
      return context.Error("flag '" + std::string(name) +
                           "' is not allowed: chunk scans need every match end and no start offsets");
    }
    bool known = false;
    for (const FlagName& flag : kFlagNames) {
      if (flag.name == name) {
        entry.hs_flags |= flag.bit;
        known = true;
      }
    }
    if (!known) {
      return context.Error("unknown flag '" + std::string(name) + "' (caseless | multiline | utf8 | ucp)");
    }
    entry.flag_names.emplace_back(name);
  }
  return Status::Ok();
}

Status ParseSample(ondemand::value& value, const ErrorContext& context, PatternSample& sample) {
  ondemand::object object;
  if (auto code = value.get_object().get(object)) {
    return context.Json("a sample must be an object", code);
  }
  bool has_line = false;
  for (auto field_result : object) {
    ondemand::field field;
    if (auto code = std::move(field_result).get(field)) return context.Json("bad sample", code);
    std::string_view key;
    if (auto code = field.unescaped_key().get(key)) return context.Json("bad sample key", code);
    ondemand::value& field_value = field.value();
    if (key == "line") {
      if (Status s = ReadString(field_value, "line", context, sample.line); !s.ok()) return s;
      has_line = true;
    } else if (key == "fields") {
      ondemand::object fields;
      if (auto code = field_value.get_object().get(fields)) {
        return context.Json("sample \"fields\" must be an object", code);
      }
      for (auto expected_result : fields) {
        ondemand::field expected;
        if (auto code = std::move(expected_result).get(expected))
          return context.Json("bad sample field", code);
        std::string_view name;
        if (auto code = expected.unescaped_key().get(name)) return context.Json("bad sample field", code);
        std::string text;
        std::string owned_name(name);  // the key view dies when the value is read
        if (Status s = ReadString(expected.value(), owned_name, context, text); !s.ok()) return s;
        sample.fields[owned_name] = std::move(text);
      }
    } else {
      return context.Error("unknown sample key \"" + std::string(key) + "\" (line | fields)");
    }
  }
  if (!has_line) return context.Error("a sample needs a \"line\"");
  return Status::Ok();
}

Status ParseEntry(ondemand::value& value, ErrorContext& context, size_t index, PatternEntry& entry) {
  ondemand::object object;
  if (auto code = value.get_object().get(object)) return context.Json("an entry must be an object", code);
  bool has_severity = false;
  for (auto field_result : object) {
    ondemand::field field;
    if (auto code = std::move(field_result).get(field)) return context.Json("bad entry", code);
    std::string_view key_view;
    if (auto code = field.unescaped_key().get(key_view)) return context.Json("bad entry key", code);
    const std::string key(key_view);
    ondemand::value& field_value = field.value();
    Status status;
    if (key == "id") {
      status = ReadString(field_value, key, context, entry.id);
      context.SetEntry(index, entry.id);
    } else if (key == "expression") {
      status = ReadString(field_value, key, context, entry.expression);
    } else if (key == "flags") {
      status = ParseFlags(field_value, context, entry);
    } else if (key == "category") {
      status = ReadString(field_value, key, context, entry.category);
    } else if (key == "severity") {
      std::string name;
      status = ReadString(field_value, key, context, name);
      if (status.ok()) {
        status = ParseSeverity(name, entry.severity);
        if (!status.ok()) status = context.Error(status.message());
      }
      has_severity = true;
    } else if (key == "event") {
      status = ReadString(field_value, key, context, entry.event);
    } else if (key == "description") {
      status = ReadString(field_value, key, context, entry.description);
    } else if (key == "samples") {
      ondemand::array samples;
      if (auto code = field_value.get_array().get(samples)) {
        return context.Json("\"samples\" must be an array", code);
      }
      for (auto sample_result : samples) {
        ondemand::value sample_value;
        if (auto code = std::move(sample_result).get(sample_value)) return context.Json("bad sample", code);
        PatternSample& sample = entry.samples.emplace_back();
        status = ParseSample(sample_value, context, sample);
        if (!status.ok()) break;
      }
    } else {
      status =
          context.Error("unknown key \"" + key +
                        "\" (id | expression | flags | category | severity | event | description | samples)");
    }
    if (!status.ok()) return status;
  }
  const char* missing = entry.id.empty()           ? "id"
                        : entry.expression.empty() ? "expression"
                        : entry.category.empty()   ? "category"
                        : entry.event.empty()      ? "event"
                        : !has_severity            ? "severity"
                                                   : nullptr;
  if (missing != nullptr) return context.Error(std::string("missing or empty \"") + missing + "\"");
  if (entry.expression.size() > kMaxExpressionBytes) {
    return context.Error("expression of " + std::to_string(entry.expression.size()) + " bytes (at most " +
                         std::to_string(kMaxExpressionBytes) + ")");
  }
  return Status::Ok();
}

}  // namespace

std::string_view SeverityName(Severity s) {
  switch (s) {
    case Severity::kInfo:
      return "info";
    case Severity::kWarning:
      return "warning";
    case Severity::kCritical:
      return "critical";
  }
  return "info";
}

Result<Catalog> Catalog::Parse(std::string_view json, std::string_view origin) {
  ErrorContext context(origin);
  // simdjson reads past the end of its input: it needs its own padded copy.
  const simdjson::padded_string padded(json);
  ondemand::parser parser;
  ondemand::document document;
  if (auto code = parser.iterate(padded).get(document)) return context.Json("not JSON", code);
  ondemand::object root;
  if (auto code = document.get_object().get(root)) {
    return context.Json("the document must be an object {\"patterns\": [...]}", code);
  }

  Catalog catalog;
  bool has_patterns = false;
  for (auto field_result : root) {
    ondemand::field field;
    if (auto code = std::move(field_result).get(field)) return context.Json("bad document", code);
    std::string_view key;
    if (auto code = field.unescaped_key().get(key)) return context.Json("bad document key", code);
    if (key != "patterns") {
      return context.Error("unknown top-level key \"" + std::string(key) + "\" (expected \"patterns\")");
    }
    has_patterns = true;
    ondemand::array entries;
    if (auto code = field.value().get_array().get(entries)) {
      return context.Json("\"patterns\" must be an array", code);
    }
    size_t index = 0;
    for (auto entry_result : entries) {
      context.SetEntry(index, "");
      if (index >= kMaxEntriesPerCatalogFile) {
        return ErrorContext(origin).Error("more than " + std::to_string(kMaxEntriesPerCatalogFile) +
                                          " entries in one file");
      }
      ondemand::value entry_value;
      if (auto code = std::move(entry_result).get(entry_value)) return context.Json("bad entry", code);
      PatternEntry entry;
      entry.origin = std::string(origin);
      if (Status s = ParseEntry(entry_value, context, index, entry); !s.ok()) return s;
      if (catalog.Find(entry.id) != nullptr) return context.Error("duplicate id in the same file");
      catalog.entries_.push_back(std::move(entry));
      ++index;
    }
  }
  if (!has_patterns) return ErrorContext(origin).Error("missing \"patterns\" array");
  return catalog;
}

Result<Catalog> Catalog::Builtin() {
  Catalog catalog;
  for (const internal::EmbeddedCatalogFile& file : internal::EmbeddedCatalogFiles()) {
    Result<Catalog> part = Parse(file.text, "builtin:" + std::string(file.name));
    if (!part.ok()) return part.status();
    if (Status s = catalog.Merge(part.value()); !s.ok()) return s;
  }
  return catalog;
}

Result<Catalog> Catalog::LoadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Error(path + ": cannot open pattern file");
  in.seekg(0, std::ios::end);
  if (const std::streamoff size = in.tellg(); size > static_cast<std::streamoff>(kMaxCatalogFileBytes)) {
    return Status::Error(path + ": pattern file of " + std::to_string(size) + " bytes (at most " +
                         std::to_string(kMaxCatalogFileBytes) + ")");
  }
  in.seekg(0, std::ios::beg);
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return Status::Error(path + ": read error");
  return Parse(text.str(), path);
}

Status Catalog::Merge(const Catalog& other) {
  if (entries_.size() + other.entries_.size() > kMaxCatalogEntries) {
    const std::string origin = other.entries_.empty() ? "" : other.entries_.front().origin + ": ";
    return Status::Error(origin + "the catalog would hold " + std::to_string(entries_.size() + other.entries_.size()) +
                         " entries (at most " + std::to_string(kMaxCatalogEntries) + ")");
  }
  for (const PatternEntry& entry : other.entries_) {
    if (const PatternEntry* existing = Find(entry.id)) {
      return Status::Error(entry.origin + ": entry '" + entry.id + "': duplicate id, already defined in " +
                           existing->origin);
    }
  }
  entries_.insert(entries_.end(), other.entries_.begin(), other.entries_.end());
  return Status::Ok();
}

const PatternEntry* Catalog::Find(std::string_view id) const {
  for (const PatternEntry& entry : entries_) {
    if (entry.id == id) return &entry;
  }
  return nullptr;
}

}  // namespace flinkscan

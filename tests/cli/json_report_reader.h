#pragma once
// Reading `flinkscan scan --format json` reports in end-to-end tests: the
// document parsed once, lookups by the keys the JSON contract names
// (docs/json-schema.md), and values turned into strings and numbers that read
// well inside EXPECT_EQ (an absent or null value is a visible word, not a crash).

#include <simdjson.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "tests/cli/run_binary.h"

namespace flinkscan::testing {

// A string value; "<null>" for JSON null and the digits for an integer (the
// contract writes some figures as numbers and some as strings).
inline std::string Str(simdjson::dom::element e) {
  if (e.is_null()) return "<null>";
  if (e.is_int64()) return std::to_string(e.get_int64().value());
  return std::string(e.get_string().value());
}

inline int64_t Int(simdjson::dom::element e) { return e.get_int64().value(); }

// Any JSON number as a double (pauses and shares are fractions, counts are not).
inline double Num(simdjson::dom::element e) {
  if (e.is_int64()) return static_cast<double>(e.get_int64().value());
  if (e.is_uint64()) return static_cast<double>(e.get_uint64().value());
  return e.get_double().value();
}

// The elements of a JSON array, to use with size(), indexes and range-for.
inline std::vector<simdjson::dom::element> Array(simdjson::dom::element e) {
  std::vector<simdjson::dom::element> out;
  const simdjson::dom::array array = e.get_array().value();
  for (simdjson::dom::element x : array) out.push_back(x);
  return out;
}

// An incident's fact as text: strings as written, numbers in their shortest
// form ("3", "129946.822"); "<missing>" when the incident has no such fact.
inline std::string Fact(simdjson::dom::element incident, const char* key) {
  auto v = incident["facts"][key];
  if (v.error()) return "<missing>";
  if (v.value().is_string()) return Str(v.value());
  if (v.value().is_int64()) return std::to_string(v.value().get_int64().value());
  if (v.value().is_number()) return fmt::format("{}", Num(v.value()));
  return "<other>";
}

// A JSON text parsed once. Elements handed out point into this object's
// parser, so they are valid while it lives; it is neither copied nor moved.
class ParsedJson {
 public:
  explicit ParsedJson(const std::string& text) : text_(text) {
    auto parsed = parser_.parse(text_);
    parsed_ = !parsed.error();
    if (parsed_) root_ = parsed.value();
  }
  ParsedJson(const ParsedJson&) = delete;
  ParsedJson& operator=(const ParsedJson&) = delete;

  bool parsed() const { return parsed_; }
  std::string_view text() const { return {text_.data(), text_.size()}; }
  simdjson::dom::element root() const { return root_; }
  simdjson::dom::element operator[](const char* key) const { return root_[key].value(); }

  // The incidents of `kind`, in report order.
  std::vector<simdjson::dom::element> Incidents(const std::string& kind) const {
    std::vector<simdjson::dom::element> out;
    for (simdjson::dom::element inc : Array(root_["incidents"].value())) {
      if (std::string(inc["kind"].get_string().value()) == kind) out.push_back(inc);
    }
    return out;
  }
  // The length of the top-level array `key` ("incidents", "jobs", …).
  size_t Count(const char* key) const { return root_[key].get_array().value().size(); }
  // The job with `id`; a test failure (and the root, to keep going) when there is none.
  simdjson::dom::element Job(const std::string& id) const {
    for (simdjson::dom::element job : Array(root_["jobs"].value())) {
      if (std::string(job["job_id"].get_string().value()) == id) return job;
    }
    ADD_FAILURE() << "no job " << id;
    return root_;
  }
  // The checkpoint item with `id`; a test failure (and the root) when there is none.
  simdjson::dom::element Checkpoint(int64_t id) const {
    for (simdjson::dom::element cp : Array(root_["checkpoints"]["items"].value())) {
      if (!cp["id"].is_null() && cp["id"].get_int64().value() == id) return cp;
    }
    ADD_FAILURE() << "no checkpoint " << id;
    return root_;
  }

 private:
  simdjson::padded_string text_;
  simdjson::dom::parser parser_;
  simdjson::dom::element root_;
  bool parsed_ = false;
};

// The report of `flinkscan scan --format json ARGS` (stderr dropped).
class ScanReport : public ParsedJson {
 public:
  // `args` are shell words, as for RunFlinkscan (tests quote paths).
  explicit ScanReport(const std::string& args) : ScanReport(RunFlinkscan("scan --format json " + args)) {}

  // The scan exited 0 and printed a report that parses.
  bool ok() const { return parsed() && exit_code_ == 0; }
  int exit_code() const { return exit_code_; }

 private:
  explicit ScanReport(const RunResult& run) : ParsedJson(run.out), exit_code_(run.exit_code) {}

  int exit_code_ = -1;
};

}  // namespace flinkscan::testing

#pragma once
// `--baseline PREVIOUS.json`: compares this scan with an earlier flinkscan
// JSON report, for "what is new since yesterday". Pure data: the report is
// read and validated here, the verdicts land in the Analysis
// (Incident::baseline_status, ExceptionSummary::baseline_status,
// Analysis::baseline) and every sink renders them.
//
// What counts as "the same" across runs:
//   - an exception is the same when its signature is (engine/exception_signature.h);
//   - an incident is the same when its key is: IncidentKey below. Job ids
//     change with every submission, so the key names the job by name.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "engine/analysis.h"

namespace flinkscan {

// "<kind>|<job>|<root>": kind; the job's name (from `jobs`), else its id, else
// ""; the root cause's class and "#" + 16 hex digits of the FNV-1a hash of its
// normalised message (engine/exception_signature.h), or "" without a root
// cause. E.g. "job_failover|Fraud Detection|java.lang.OutOfMemoryError#9c3b…".
std::string IncidentKey(const Incident& incident, const std::vector<JobSummary>& jobs);

// Fills Incident::key for every incident (the aggregator calls it once jobs and incidents exist).
void AssignIncidentKeys(Analysis& analysis);

// What is kept of the earlier report.
struct BaselineReport {
  struct IncidentEntry {
    std::string key;
    std::string kind;
    std::string job;
    std::string title;
    std::string last_seen;
  };
  struct ExceptionEntry {
    std::string signature;
    std::string class_name;
    std::string root_class;
    std::string root_message;
    std::string last_time;
    uint64_t count = 0;
  };
  std::string path;
  std::string generated_at;
  std::string span_start;
  std::string span_end;
  std::vector<IncidentEntry> incidents;
  std::vector<ExceptionEntry> exceptions;
};

// Reads and validates `path`. Errors name the file: unreadable, not valid
// JSON ("byte N"), not a flinkscan report, another schema version, or a
// report without incident keys / exception signatures (written before they
// existed).
Result<BaselineReport> LoadBaseline(const std::string& path);
// The same for a document already in memory; `origin` names it in errors and
// `file_time` stands in for a missing generated_at.
Result<BaselineReport> ParseBaseline(std::string_view json, const std::string& origin,
                                     const std::string& file_time = "");

// Marks every incident and exception signature new or recurring, and lists
// the baseline's keys and signatures absent now (at most `max_gone` of each,
// the rest counted).
void CompareWithBaseline(Analysis& analysis, const BaselineReport& baseline, size_t max_gone = 200);

}  // namespace flinkscan

// contrib/monitoring: the Grafana dashboard is valid JSON, and every metric
// its queries name is one flinkscan exposes (MetricsRegistry::MetricNames) or
// one of Flink's PrometheusReporter metrics the alert rules also use.

#include <gtest/gtest.h>
#include <simdjson.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "engine/metrics_registry.h"

namespace flinkscan {
namespace {

const std::string kMonitoring = std::string(FLINKSCAN_SAMPLES_DIR) + "/../contrib/monitoring";

std::string Read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Every identifier starting with `prefix` in `text` (PromQL metric names).
std::set<std::string> NamesWithPrefix(const std::string& text, const std::string& prefix) {
  std::set<std::string> out;
  for (size_t at = text.find(prefix); at != std::string::npos; at = text.find(prefix, at + 1)) {
    if (at > 0 && (std::isalnum(static_cast<unsigned char>(text[at - 1])) || text[at - 1] == '_')) continue;
    size_t end = at;
    while (end < text.size() && (std::isalnum(static_cast<unsigned char>(text[end])) || text[end] == '_')) ++end;
    out.insert(text.substr(at, end - at));
  }
  return out;
}

std::string BaseName(std::string name) {
  for (const char* suffix : {"_bucket", "_sum", "_count"}) {
    const std::string s = suffix;
    if (name.size() > s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0) {
      return name.substr(0, name.size() - s.size());
    }
  }
  return name;
}

std::vector<std::string> DashboardExpressions(std::string& error) {
  simdjson::dom::parser parser;
  const std::string text = Read(kMonitoring + "/grafana/flink-flinkscan-dashboard.json");
  simdjson::dom::element root;
  if (parser.parse(text).get(root)) {
    error = "not valid JSON";
    return {};
  }
  std::vector<std::string> exprs;
  simdjson::dom::array panels;
  if (root["panels"].get(panels)) {
    error = "no panels";
    return {};
  }
  for (simdjson::dom::element panel : panels) {
    simdjson::dom::array targets;
    if (panel["targets"].get(targets)) continue;
    for (simdjson::dom::element target : targets) {
      std::string_view expr;
      if (!target["expr"].get(expr)) exprs.emplace_back(expr);
    }
  }
  return exprs;
}

TEST(GrafanaDashboardTest, IsValidJsonWithQueries) {
  std::string error;
  const std::vector<std::string> exprs = DashboardExpressions(error);
  ASSERT_TRUE(error.empty()) << error;
  EXPECT_GE(exprs.size(), 15u);
}

TEST(GrafanaDashboardTest, UsesOnlyMetricsThatExist) {
  std::string error;
  const std::vector<std::string> exprs = DashboardExpressions(error);
  ASSERT_TRUE(error.empty()) << error;
  const std::vector<std::string> ours = MetricsRegistry::MetricNames();
  // Flink's metrics: the ones the shipped alert rules are written against.
  const std::string flink_rules = Read(kMonitoring + "/prometheus/flink-alerts.rules.yml");
  const std::set<std::string> flink = NamesWithPrefix(flink_rules, "flink_");
  ASSERT_GE(flink.size(), 6u);
  std::set<std::string> used_ours, used_flink;
  for (const std::string& expr : exprs) {
    for (const std::string& name : NamesWithPrefix(expr, "flinkscan_")) {
      used_ours.insert(name);
      EXPECT_NE(std::find(ours.begin(), ours.end(), BaseName(name)), ours.end()) << name << " in " << expr;
    }
    for (const std::string& name : NamesWithPrefix(expr, "flink_")) {
      used_flink.insert(name);
      EXPECT_TRUE(flink.count(name)) << name << " is not among the Flink metrics of the rules";
    }
  }
  // Both families, and the views the issue asks for.
  for (const char* needed : {"flinkscan_checkpoint_duration_seconds_bucket", "flinkscan_gc_pause_seconds_bucket",
                             "flinkscan_exceptions_total", "flinkscan_job_restarts_total"}) {
    EXPECT_TRUE(used_ours.count(needed)) << needed;
  }
  EXPECT_TRUE(used_flink.count("flink_taskmanager_job_task_backPressuredTimeMsPerSecond"));
}

TEST(GrafanaDashboardTest, FlinkscanRulesUseOnlyMetricsThatExist) {
  const std::vector<std::string> ours = MetricsRegistry::MetricNames();
  const std::string rules = Read(kMonitoring + "/prometheus/flinkscan-alerts.rules.yml");
  const std::set<std::string> used = NamesWithPrefix(rules, "flinkscan_");
  ASSERT_GE(used.size(), 6u);
  for (const std::string& name : used) {
    EXPECT_NE(std::find(ours.begin(), ours.end(), BaseName(name)), ours.end()) << name;
  }
}

}  // namespace
}  // namespace flinkscan

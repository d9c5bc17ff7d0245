#include "cli/serve_command.h"

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <iostream>
#include <mutex>
#include <thread>

#include "engine/alert_rules.h"
#include "engine/live_scan.h"
#include "engine/scan.h"
#include "report/html_report.h"
#include "report/json_report.h"
#include "report/prometheus_exposition.h"
#include "report/terminal_text.h"

#ifndef FLINKSCAN_VERSION
#define FLINKSCAN_VERSION "0.1.0"
#endif

namespace flinkscan::cli {
namespace {

constexpr int kExitOk = 0;
constexpr int kExitUsage = 2;

std::atomic<bool> g_stop{false};

extern "C" void OnStopSignal(int) { g_stop.store(true); }

int Fail(const std::string& message) {
  std::cerr << "flinkscan: serve: " << message << "\n";
  return kExitUsage;
}

}  // namespace

int RunServeCommand(const Arguments& args) {
  const size_t colon = args.listen.rfind(':');
  std::string host = args.listen.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  const int port = std::stoi(args.listen.substr(colon + 1));

  LiveScanOptions options;
  options.paths = args.paths;
  options.aggregator.tz_offset_minutes = args.tz_offset_minutes;
  if (args.slow_checkpoint_ms) options.aggregator.slow_checkpoint_ms = *args.slow_checkpoint_ms;
  if (!args.rules_file.empty()) {
    Result<AlertRules> rules = LoadAlertRules(args.rules_file);
    if (!rules.ok()) return Fail(rules.message());
    options.aggregator.alert_rules = std::move(rules.value());
  }
  Result<std::shared_ptr<const Matcher>> matcher = LoadMatcher(args.pattern_files);
  if (!matcher.ok()) return Fail(matcher.message());
  Result<std::unique_ptr<LiveScan>> created = LiveScan::Create(matcher.value(), options);
  if (!created.ok()) return Fail(created.message());
  LiveScan& live = *created.value();
  std::mutex live_mutex;  // the poller and the HTTP workers share the live scan

  auto report = [&]() {
    Analysis analysis = live.Snapshot();
    analysis.flinkscan_version = FLINKSCAN_VERSION;
    return analysis;
  };
  httplib::Server server;
  server.Get("/metrics", [&](const httplib::Request&, httplib::Response& res) {
    std::string body;
    {
      const std::lock_guard<std::mutex> lock(live_mutex);
      body = RenderPrometheus(live.Metrics());
    }
    res.set_content(body, kPrometheusContentType);
  });
  server.Get("/report.json", [&](const httplib::Request&, httplib::Response& res) {
    std::string body;
    {
      const std::lock_guard<std::mutex> lock(live_mutex);
      body = RenderJson(report());
    }
    res.set_content(body, "application/json; charset=utf-8");
  });
  server.Get("/", [&](const httplib::Request&, httplib::Response& res) {
    std::string body;
    {
      const std::lock_guard<std::mutex> lock(live_mutex);
      body = RenderHtml(report());
    }
    res.set_content(body, "text/html; charset=utf-8");
  });

  int bound_port = port;
  if (port == 0) {
    bound_port = server.bind_to_any_port(host);
    if (bound_port < 0) return Fail("cannot listen on " + args.listen);
  } else if (!server.bind_to_port(host, port)) {
    return Fail("cannot listen on " + args.listen + " (address in use or not local?)");
  }

  // The first poll reads what the files already hold before anyone scrapes.
  {
    const std::lock_guard<std::mutex> lock(live_mutex);
    live.Poll();
  }
  std::signal(SIGINT, OnStopSignal);
  std::signal(SIGTERM, OnStopSignal);
  std::thread http([&] { server.listen_after_bind(); });
  const std::string shown_host = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  std::cerr << "flinkscan: serving http://" << shown_host << ":" << bound_port << "/ (/metrics, /report.json)"
            << std::endl;

  const auto poll_every = std::chrono::milliseconds(args.poll_ms);
  auto next_poll = std::chrono::steady_clock::now() + poll_every;
  while (!g_stop.load()) {
    std::this_thread::sleep_for(std::min(poll_every, std::chrono::milliseconds(50)));
    if (std::chrono::steady_clock::now() < next_poll) continue;
    next_poll += poll_every;
    std::vector<FollowNotice> notices;
    {
      const std::lock_guard<std::mutex> lock(live_mutex);
      live.Poll();
      notices = live.TakeNotices();
    }
    for (const FollowNotice& n : notices) {
      std::cerr << "flinkscan: " << TerminalSafe(n.path) << ": " << TerminalSafe(n.text) << "\n";
    }
  }
  server.stop();
  http.join();
  return kExitOk;
}

}  // namespace flinkscan::cli

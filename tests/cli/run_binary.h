#pragma once
// Runs the built `flinkscan` binary for end-to-end tests.

#include <sys/wait.h>

#include <cstdio>
#include <string>

#include <simdjson.h>

namespace flinkscan::testing {

struct RunResult {
  int exit_code = -1;
  std::string out;
};

// Runs a /bin/sh command line and collects all it writes to stdout; the
// exit code is -1 when the shell could not start or the command was killed.
inline RunResult RunShell(const std::string& command) {
  RunResult result;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return result;
  char buf[65536];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) result.out.append(buf, n);
  const int status = ::pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

// `args` is appended to the binary path as shell words (tests quote paths).
inline RunResult RunFlinkscan(const std::string& args, const std::string& stdin_file = "") {
  std::string command = std::string(FLINKSCAN_BINARY) + " " + args;
  if (!stdin_file.empty()) command += " < '" + stdin_file + "'";
  command += " 2>/dev/null";
  return RunShell(command);
}

inline std::string Quote(const std::string& path) { return "'" + path + "'"; }

inline std::string FixturePath(const std::string& name) {
  return std::string(FLINKSCAN_FIXTURES_DIR) + "/samples-real/" + name;
}

// Drops the one run-dependent figure so reports can be compared byte for byte.
inline std::string WithoutTiming(std::string json) {
  const size_t at = json.find("\"seconds\":");
  if (at == std::string::npos) return json;
  const size_t end = json.find_first_of(",\n}", at);
  json.erase(at, end - at);
  return json;
}

}  // namespace flinkscan::testing

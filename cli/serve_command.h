#pragma once
// `flinkscan serve`: follows logs (engine/live_scan.h) and answers
// GET /metrics (Prometheus text format), GET /report.json (flinkscan/1) and
// GET / (the HTML report) over HTTP with cpp-httplib. Binds 127.0.0.1 unless
// --listen names another address; port 0 picks a free one. The address is
// printed to stderr as "flinkscan: serving http://HOST:PORT/". Runs until
// SIGINT or SIGTERM.

#include "cli/arguments.h"

namespace flinkscan::cli {

int RunServeCommand(const Arguments& args);

}  // namespace flinkscan::cli

#pragma once
// The `flinkscan` commands. Each returns the process exit code (design.md:
// 0 done, 1 --fail-on level reached, 2 usage error or nothing readable) and
// prints its own errors to stderr; main() only forwards argv.

#include <string>
#include <vector>

namespace flinkscan::cli {

int RunCli(const std::vector<std::string>& argv);

}  // namespace flinkscan::cli

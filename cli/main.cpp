// flinkscan: a thin main; everything lives in the libraries (cli/commands.h).
#include <string>
#include <vector>

#include "cli/commands.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  return flinkscan::cli::RunCli(args);
}

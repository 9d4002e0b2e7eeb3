// qbt-rules entry point: parse the command line and run the chosen mode.
#include "cli/run.hpp"

int main(int argc, char** argv) { return qbt::cli::run(argc, argv); }

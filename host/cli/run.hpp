// Entry of the qbt-rules executable: parse the command line, load config, run a mode.
#pragma once

namespace qbt::cli {
int run(int argc, char** argv);
}

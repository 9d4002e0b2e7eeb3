// qbt-rules entry point: parse the command line and run the chosen mode.
#include <malloc.h>

#include "cli/run.hpp"

int main(int argc, char** argv) {
    // Blocks of 1 MiB and more (a 10,000-torrent torrents/info body, large vectors) are
    // mapped on their own and go back to the OS when freed. glibc's default threshold
    // rises to the largest such block freed, after which they come from the heap and
    // leave holes that keep RSS up (bench/README.md, memory: an acting 10,000-torrent
    // job peaked at 93 MiB without this, 78 MiB with it).
    mallopt(M_MMAP_THRESHOLD, 1024 * 1024);
    return qbt::cli::run(argc, argv);
}

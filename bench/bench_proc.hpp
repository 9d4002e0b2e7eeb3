// What the job bench reads about a child process from /proc: resident memory (now and
// peak) and CPU time. Linux only.
#pragma once

#include <sys/types.h>

namespace qbt::bench {

struct ProcMemory {
    long rss_kib = 0;   // VmRSS
    long peak_kib = 0;  // VmHWM (since start or the last reset_peak)
};

ProcMemory read_memory(pid_t pid);
// utime + stime of every thread, in seconds.
double cpu_seconds(pid_t pid);
// Resets VmHWM to the current RSS (writes "5" to /proc/<pid>/clear_refs); false if refused.
bool reset_peak(pid_t pid);

}  // namespace qbt::bench

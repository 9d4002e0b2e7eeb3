// A child process started without a shell, its output appended to a log file, stopped
// by pid. The child gets SIGKILL if the thread that started it dies (PR_SET_PDEATHSIG),
// so a crashing test never leaves a qbittorrent-nox or redis-server behind.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace qbt::testing {

class ChildProcess {
public:
    ChildProcess() = default;
    ~ChildProcess();  // stop()
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    // argv[0] is looked up in PATH. Throws std::runtime_error if the fork fails.
    void start(const std::vector<std::string>& argv, const std::string& log_path);

    // False once the child has exited (reaps it).
    bool running();

    // SIGTERM, wait up to `grace_seconds`, then SIGKILL; always reaps. No-op if not running.
    void stop(double grace_seconds = 15);
    // SIGKILL at once (a crash), then reap.
    void kill_now();

    pid_t pid() const { return pid_; }
    // Exit description of the last child ("exit status 1", "signal 9").
    const std::string& exit_description() const { return exit_description_; }

private:
    bool wait_for_exit(double seconds);
    void record_status(int status);

    pid_t pid_ = -1;
    std::string exit_description_;
};

// Absolute path of `program` found in PATH, or "" when missing.
std::string find_in_path(const std::string& program);

// The last `max_bytes` of a file (for error messages), "" if unreadable.
std::string file_tail(const std::string& path, size_t max_bytes = 2000);

}  // namespace qbt::testing

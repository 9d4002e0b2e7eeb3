#include "child_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace qbt::testing {

ChildProcess::~ChildProcess() { stop(5); }

void ChildProcess::start(const std::vector<std::string>& argv, const std::string& log_path) {
    if (running()) throw std::runtime_error("ChildProcess: already running (pid " + std::to_string(pid_) + ")");
    if (argv.empty()) throw std::runtime_error("ChildProcess: empty argv");
    // Everything the child needs is prepared before fork(): after it only
    // async-signal-safe calls are allowed.
    std::vector<char*> args;
    for (const auto& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
    args.push_back(nullptr);
    const pid_t parent = ::getpid();

    pid_t child = ::fork();
    if (child < 0) throw std::runtime_error(std::string("ChildProcess: fork: ") + std::strerror(errno));
    if (child == 0) {
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != parent) ::_exit(127);  // parent already gone
        int log = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
        int null_in = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
        if (log >= 0) {
            ::dup2(log, STDOUT_FILENO);
            ::dup2(log, STDERR_FILENO);
        }
        if (null_in >= 0) ::dup2(null_in, STDIN_FILENO);
        ::execvp(args[0], args.data());
        const char message[] = "exec failed\n";
        ssize_t ignored = ::write(STDERR_FILENO, message, sizeof message - 1);
        (void)ignored;
        ::_exit(127);
    }
    pid_ = child;
    exit_description_.clear();
}

void ChildProcess::record_status(int status) {
    if (WIFEXITED(status))
        exit_description_ = "exit status " + std::to_string(WEXITSTATUS(status));
    else if (WIFSIGNALED(status))
        exit_description_ = "signal " + std::to_string(WTERMSIG(status));
    pid_ = -1;
}

bool ChildProcess::running() {
    if (pid_ <= 0) return false;
    int status = 0;
    pid_t result = ::waitpid(pid_, &status, WNOHANG);
    if (result == pid_) {
        record_status(status);
        return false;
    }
    return result == 0;
}

bool ChildProcess::wait_for_exit(double seconds) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (running()) {
        if (std::chrono::steady_clock::now() >= deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return true;
}

void ChildProcess::stop(double grace_seconds) {
    if (!running()) return;
    ::kill(pid_, SIGTERM);
    if (wait_for_exit(grace_seconds)) return;
    kill_now();
}

void ChildProcess::kill_now() {
    if (!running()) return;
    ::kill(pid_, SIGKILL);
    int status = 0;
    if (::waitpid(pid_, &status, 0) == pid_) record_status(status);
    pid_ = -1;
}

std::string find_in_path(const std::string& program) {
    if (program.find('/') != std::string::npos) return ::access(program.c_str(), X_OK) == 0 ? program : "";
    const char* path = std::getenv("PATH");
    std::stringstream dirs(path ? path : "/usr/local/bin:/usr/bin:/bin");
    std::string dir;
    while (std::getline(dirs, dir, ':')) {
        std::string candidate = (dir.empty() ? "." : dir) + "/" + program;
        if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    }
    return "";
}

std::string file_tail(const std::string& path, size_t max_bytes) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return "";
    std::stringstream buffer;
    buffer << in.rdbuf();
    std::string text = buffer.str();
    return text.size() > max_bytes ? text.substr(text.size() - max_bytes) : text;
}

}  // namespace qbt::testing

#include "plugin/probe.hpp"

#include "plugin/entry_check.hpp"
#include "plugin/host_services.hpp"

#include <dlfcn.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

namespace qbt::plugin {

namespace {
// Exit codes the child uses to tell the parent what went wrong.
constexpr int kOk = 0, kDlopen = 10, kNoEntry = 11, kBadEntry = 12, kInitFailed = 13;

[[noreturn]] void child(const std::string& path, int message_fd,
                        const std::function<std::string(const std::string&)>& config_of) {
    auto say = [&](const std::string& text) { (void)!write(message_fd, text.data(), text.size()); };
    void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        const char* e = dlerror();
        say(e ? e : "dlopen failed");
        _exit(kDlopen);
    }
    auto* exported = static_cast<const qbt_plugin_entry*>(dlsym(handle, QBT_ENTRY_SYMBOL));
    if (!exported) _exit(kNoEntry);
    if (std::string problem = check_entry(exported); !problem.empty()) {
        say(problem);
        _exit(kBadEntry);
    }
    const qbt_plugin_entry entry = copy_descriptor(exported);
    HostServices services(entry.id, config_of(entry.id));
    qbt_error err{};
    if (entry.init(services.table(), &err) != QBT_OK) {
        say(err.message);
        _exit(kInitFailed);
    }
    if (entry.deinit) entry.deinit();
    _exit(kOk);
}
}  // namespace

std::string probe_in_child(const std::string& path, int timeout_ms,
                           const std::function<std::string(const std::string&)>& config_of) {
    int fds[2];
    if (pipe(fds) != 0) return std::string("cannot create a pipe for the probe: ") + strerror(errno);
    pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return std::string("cannot fork a probe process: ") + strerror(errno);
    }
    if (pid == 0) {
        close(fds[0]);
        child(path, fds[1], config_of);
    }
    close(fds[1]);
    int status = 0;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    pid_t done = 0;
    while ((done = waitpid(pid, &status, WNOHANG)) == 0 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    std::string message;
    char buffer[512];
    if (done == 0) {
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
        close(fds[0]);
        return "did not finish loading within " + std::to_string(timeout_ms / 1000) + " s";
    }
    ssize_t n;
    while ((n = read(fds[0], buffer, sizeof buffer)) > 0) message.append(buffer, static_cast<size_t>(n));
    close(fds[0]);
    if (WIFSIGNALED(status))
        return "crashed with signal " + std::to_string(WTERMSIG(status)) + " (" + strsignal(WTERMSIG(status)) +
               ") while loading or initialising";
    switch (WEXITSTATUS(status)) {
        case kOk: return {};
        case kDlopen: return "cannot be loaded: " + message;
        case kNoEntry: return std::string("does not export the entry symbol '") + QBT_ENTRY_SYMBOL + "'";
        case kBadEntry: return message;
        case kInitFailed: return "init failed: " + message;
        default: return "probe exited with status " + std::to_string(WEXITSTATUS(status));
    }
}

}  // namespace qbt::plugin

#include "redis_lab.hpp"

#include <chrono>
#include <cstdlib>
#include <stdexcept>
#include <thread>

#include "net.hpp"

namespace qbt::testing {

std::unique_ptr<RedisLab> RedisLab::start(bool persistence) {
    std::unique_ptr<RedisLab> lab(new RedisLab());
    const char* override_path = std::getenv("QBT_TEST_REDIS_SERVER");
    std::string wanted = override_path && *override_path ? override_path : "redis-server";
    lab->executable_ = find_in_path(wanted);
    if (lab->executable_.empty())
        throw std::runtime_error("RedisLab: '" + wanted +
                                 "' not found (install Debian's redis-server or set QBT_TEST_REDIS_SERVER)");
    lab->persistence_ = persistence;
    lab->port_ = free_port();
    lab->launch();
    return lab;
}

RedisLab::~RedisLab() { process_.stop(); }

std::string RedisLab::url() const { return "redis://127.0.0.1:" + std::to_string(port_) + "/0"; }

void RedisLab::launch() {
    std::vector<std::string> argv = {executable_,      "--port",          std::to_string(port_),
                                     "--bind",         "127.0.0.1",       "--protected-mode",
                                     "yes",            "--dir",           root_.path().string(),
                                     "--daemonize",    "no",              "--logfile",
                                     "",               "--save"};
    if (persistence_) {
        argv.insert(argv.end(), {"60 1", "--appendonly", "yes", "--appendfsync", "always"});
    } else {
        argv.insert(argv.end(), {"", "--appendonly", "no"});
    }
    const std::string log = (root_.path() / "redis-server.log").string();
    process_.start(argv, log);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < deadline) {
        if (!process_.running())
            throw std::runtime_error("RedisLab: redis-server exited during start-up (" +
                                     process_.exit_description() + "); its output:\n" + file_tail(log));
        try {
            if (tcp_exchange(port_, "PING\r\nQUIT\r\n", 500).rfind("+PONG", 0) == 0) return;
        } catch (const std::exception&) {
            // not listening yet
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    process_.stop(2);
    throw std::runtime_error("RedisLab: redis-server on port " + std::to_string(port_) +
                             " not answering PING after 10 s; its output:\n" + file_tail(log));
}

void RedisLab::stop() { process_.stop(); }
void RedisLab::kill() { process_.kill_now(); }
bool RedisLab::running() { return process_.running(); }

void RedisLab::restart() {
    process_.stop();
    launch();
}

}  // namespace qbt::testing

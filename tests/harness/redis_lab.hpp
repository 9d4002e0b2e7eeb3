// One real redis-server on 127.0.0.1 with its own directory, for queue tests.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "child_process.hpp"
#include "temp_dir.hpp"

namespace qbt::testing {

class RedisLab {
public:
    // persistence: --appendonly yes (fsync every write) plus RDB snapshots, so restart()
    // keeps the data; without it nothing survives a restart. Throws std::runtime_error if
    // redis-server ($QBT_TEST_REDIS_SERVER overrides) is missing or not answering PING in ~10 s.
    static std::unique_ptr<RedisLab> start(bool persistence = true);
    ~RedisLab();

    int port() const { return port_; }
    std::string url() const;  // "redis://127.0.0.1:<port>/0"
    std::filesystem::path dir() const { return root_.path(); }

    void stop();     // SIGTERM (redis saves/fsyncs) and wait
    void kill();     // SIGKILL at once (a crash)
    void restart();  // same port and directory
    bool running();

private:
    RedisLab() = default;
    void launch();

    TempDir root_{"qbt-redis-"};
    std::string executable_;
    bool persistence_ = true;
    int port_ = 0;
    ChildProcess process_;
};

}  // namespace qbt::testing

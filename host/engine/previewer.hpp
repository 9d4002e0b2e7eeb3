// The engine's PreviewRunner: runs a dry-run on its own thread and waits at most
// `timeout` for it. One preview at a time: while one runs (even past its timeout, since
// an engine run cannot be interrupted) others get Busy. A dry-run changes nothing, so it
// may run beside the worker's job without breaking "one job at a time" for qBittorrent.
#pragma once

#include "engine/engine.hpp"
#include "engine/preview.hpp"

#include <chrono>
#include <functional>
#include <mutex>
#include <thread>

namespace qbt::engine {

class Previewer : public PreviewRunner {
public:
    // `engine` runs the previews; `rules` gives the server's current rules; `registry`
    // compiles rules sent with a request.
    Previewer(Engine& engine, RulesProvider rules, const plugin::Registry& registry,
              std::chrono::milliseconds timeout);
    // Several qBittorrent instances: `engine_for` gives the request's instance's engine
    // (nullptr for an unknown name).
    using EngineFor = std::function<Engine*(const std::string& instance)>;
    Previewer(EngineFor engine_for, RulesProvider rules, const plugin::Registry& registry,
              std::chrono::milliseconds timeout);
    ~Previewer() override;  // waits for a preview still running after its timeout
    Previewer(const Previewer&) = delete;
    Previewer& operator=(const Previewer&) = delete;

    PreviewOutcome preview(const PreviewRequest& request) override;

private:
    EngineFor engine_for_;
    RulesProvider rules_;
    const plugin::Registry& registry_;
    std::chrono::milliseconds timeout_;

    std::mutex mutex_;
    bool running_ = false;
    std::thread thread_;  // the last preview's thread (joined before the next starts)
};

// The preview answer for a finished dry-run (preview_report.cpp).
std::string preview_json(const JobStats& stats, const PreviewRequest& request, bool own_rules,
                         const std::vector<rules::Diagnostic>& warnings);
// Rule-load diagnostics as a JSON array of {file,line,column,rule,message}.
std::string diagnostics_json(const std::vector<rules::Diagnostic>& diagnostics);

}  // namespace qbt::engine

#include "log/logging.hpp"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <stdexcept>
#include <vector>

namespace qbt::log {

spdlog::level::level_enum parse_level(const std::string& name) {
    std::string upper = name;
    std::transform(upper.begin(), upper.end(), upper.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    if (upper == "TRACE") return spdlog::level::trace;
    if (upper == "DEBUG") return spdlog::level::debug;
    if (upper == "INFO") return spdlog::level::info;
    if (upper == "WARNING" || upper == "WARN") return spdlog::level::warn;
    if (upper == "ERROR") return spdlog::level::err;
    if (upper == "CRITICAL") return spdlog::level::critical;
    throw std::invalid_argument("unknown log level '" + name +
                                "' (use TRACE, DEBUG, INFO, WARNING, ERROR or CRITICAL)");
}

namespace {

// %* : " (file.cpp:12 function)" when the call site recorded its source, else nothing.
class SourceSuffix final : public spdlog::custom_flag_formatter {
public:
    void format(const spdlog::details::log_msg& msg, const std::tm&, spdlog::memory_buf_t& dest) override {
        if (msg.source.empty()) return;
        const char* slash = std::strrchr(msg.source.filename, '/');
        const std::string text = fmt::format(" ({}:{} {})", slash ? slash + 1 : msg.source.filename, msg.source.line,
                                             msg.source.funcname ? msg.source.funcname : "");
        dest.append(text.data(), text.data() + text.size());
    }
    std::unique_ptr<custom_flag_formatter> clone() const override { return std::make_unique<SourceSuffix>(); }
};

std::unique_ptr<spdlog::formatter> make_formatter(bool trace_mode) {
    auto formatter = std::make_unique<spdlog::pattern_formatter>();
    formatter->add_flag<SourceSuffix>('*').set_pattern(pattern(trace_mode));
    return formatter;
}

}  // namespace

std::string pattern(bool trace_mode) {
    return trace_mode ? "%Y-%m-%d %H:%M:%S.%e %^%-5l%$ [%n] [thread %t] %v%*" : "%Y-%m-%d %H:%M:%S.%e %^%-5l%$ [%n] %v";
}

void configure(const LogOptions& options) {
    std::vector<spdlog::sink_ptr> sinks;
    sinks.push_back(std::make_shared<spdlog::sinks::stderr_color_sink_mt>());
    if (!options.file.empty())
        sinks.push_back(std::make_shared<spdlog::sinks::basic_file_sink_mt>(options.file, false));
    // Trace mode shows everything, whatever logging.level says (0.6's --trace).
    const auto level = options.trace_mode ? spdlog::level::trace : parse_level(options.level);
    auto main = std::make_shared<spdlog::logger>("qbt-rules", sinks.begin(), sinks.end());
    auto plugins = std::make_shared<spdlog::logger>("plugin", sinks.begin(), sinks.end());
    for (auto& logger : {main, plugins}) {
        logger->set_formatter(make_formatter(options.trace_mode));
        logger->set_level(level);
        logger->flush_on(spdlog::level::info);  // few lines; a crash must not lose them
    }
    spdlog::drop("plugin");
    spdlog::register_logger(plugins);
    spdlog::set_default_logger(main);
}

std::shared_ptr<spdlog::logger> plugin_logger() {
    auto logger = spdlog::get("plugin");
    return logger ? logger : spdlog::default_logger();
}

}  // namespace qbt::log

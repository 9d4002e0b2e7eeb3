#include "log/logging.hpp"

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>

#include <algorithm>
#include <cctype>
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

void configure(const LogOptions& options) {
    std::vector<spdlog::sink_ptr> sinks;
    sinks.push_back(std::make_shared<spdlog::sinks::stderr_color_sink_mt>());
    if (!options.file.empty())
        sinks.push_back(std::make_shared<spdlog::sinks::basic_file_sink_mt>(options.file, false));
    const char* pattern = options.trace_mode ? "%Y-%m-%d %H:%M:%S.%e %^%-5l%$ [%n] %v (%s:%#)"
                                             : "%Y-%m-%d %H:%M:%S.%e %^%-5l%$ [%n] %v";
    const auto level = parse_level(options.level);
    auto main = std::make_shared<spdlog::logger>("qbt-rules", sinks.begin(), sinks.end());
    auto plugins = std::make_shared<spdlog::logger>("plugin", sinks.begin(), sinks.end());
    for (auto& logger : {main, plugins}) {
        logger->set_pattern(pattern);
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

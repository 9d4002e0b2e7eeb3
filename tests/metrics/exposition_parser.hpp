// A strict reader of the Prometheus text format 0.0.4 for tests: every line must be a
// comment (# HELP / # TYPE) or a sample `name{labels} value`; anything else fails.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace qbt::testing {

struct Sample {
    std::string name;
    std::map<std::string, std::string> labels;  // unescaped
    double value = 0;
};

struct Exposition {
    std::map<std::string, std::string> help;  // family -> text (unescaped)
    std::map<std::string, std::string> type;  // family -> counter|gauge|histogram
    std::vector<Sample> samples;
    std::vector<std::string> errors;  // lines that do not parse, with the reason

    // The value of the sample with this name whose labels include `labels`; -1 when absent.
    double value(const std::string& name, const std::map<std::string, std::string>& labels = {}) const;
};

Exposition parse_exposition(const std::string& text);

}  // namespace qbt::testing

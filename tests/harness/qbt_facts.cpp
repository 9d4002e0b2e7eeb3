#include "qbt_facts.hpp"

#include <cctype>
#include <stdexcept>

namespace qbt::testing {

LabVersion parse_lab_version(std::string_view text) {
    size_t at = 0;
    while (at < text.size() && !std::isdigit(static_cast<unsigned char>(text[at]))) ++at;
    if (at == text.size()) throw std::runtime_error("not a version: '" + std::string(text) + "'");
    int parts[3] = {0, 0, 0};
    for (int& part : parts) {
        if (at >= text.size() || !std::isdigit(static_cast<unsigned char>(text[at]))) break;
        while (at < text.size() && std::isdigit(static_cast<unsigned char>(text[at])))
            part = part * 10 + (text[at++] - '0');
        if (at < text.size() && text[at] == '.') ++at;
    }
    return {parts[0], parts[1], parts[2]};
}

bool is_stopped_state(std::string_view state) {
    return state == "pausedUP" || state == "pausedDL" || state == "stoppedUP" || state == "stoppedDL";
}

bool is_running_state(std::string_view state) {
    return !is_stopped_state(state) && state != "error" && state != "missingFiles" && state != "unknown";
}

std::string normalized_state(std::string_view state) {
    if (state == "pausedUP") return "stoppedUP";
    if (state == "pausedDL") return "stoppedDL";
    return std::string(state);
}

std::set<std::string> tag_set(std::string_view tags) {
    std::set<std::string> out;
    size_t start = 0;
    while (start <= tags.size()) {
        size_t comma = tags.find(',', start);
        if (comma == std::string_view::npos) comma = tags.size();
        std::string_view tag = tags.substr(start, comma - start);
        while (!tag.empty() && tag.front() == ' ') tag.remove_prefix(1);
        while (!tag.empty() && tag.back() == ' ') tag.remove_suffix(1);
        if (!tag.empty()) out.emplace(tag);
        start = comma + 1;
    }
    return out;
}

}  // namespace qbt::testing

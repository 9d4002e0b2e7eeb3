#include "rules/rule_model.hpp"

namespace qbt::rules {

std::string SourceLocation::to_string() const {
    std::string text = file.empty() ? "<rules>" : file;
    if (line <= 0) return text;
    text += ":" + std::to_string(line);
    if (column > 0) text += ":" + std::to_string(column);
    return text;
}

std::string Diagnostic::to_string() const {
    std::string text = where.to_string() + ": ";
    if (!rule.empty()) text += "rule '" + rule + "': ";
    return text + message;
}

}  // namespace qbt::rules

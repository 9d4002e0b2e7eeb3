#include "exposition_parser.hpp"

#include <cctype>
#include <cstdlib>
#include <sstream>

namespace qbt::testing {
namespace {

bool name_char(char c, bool first) {
    return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == ':' ||
           (!first && std::isdigit(static_cast<unsigned char>(c)));
}

// Parses `{a="x",b="y"}` at text[i]; advances i. "" or the error.
std::string parse_labels(const std::string& text, size_t& i, std::map<std::string, std::string>& out) {
    ++i;  // '{'
    while (i < text.size() && text[i] != '}') {
        size_t start = i;
        while (i < text.size() && name_char(text[i], i == start)) ++i;
        const std::string label = text.substr(start, i - start);
        if (label.empty() || i >= text.size() || text[i] != '=') return "bad label name";
        if (++i >= text.size() || text[i] != '"') return "label value not quoted";
        std::string value;
        for (++i; i < text.size() && text[i] != '"'; ++i) {
            if (text[i] == '\n') return "raw line feed in a label value";
            if (text[i] != '\\') {
                value += text[i];
                continue;
            }
            if (++i >= text.size()) return "dangling backslash";
            if (text[i] == 'n') value += '\n';
            else if (text[i] == '\\' || text[i] == '"') value += text[i];
            else return "bad escape \\" + std::string(1, text[i]);
        }
        if (i >= text.size()) return "unterminated label value";
        ++i;  // closing quote
        out[label] = value;
        if (i < text.size() && text[i] == ',') ++i;
    }
    if (i >= text.size()) return "unterminated label set";
    ++i;  // '}'
    return "";
}

double parse_number(const std::string& text, bool& ok) {
    if (text == "+Inf") return ok = true, 1.0 / 0.0;
    if (text == "-Inf") return ok = true, -1.0 / 0.0;
    if (text == "NaN") return ok = true, 0.0 / 0.0;
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    ok = !text.empty() && end == text.c_str() + text.size();
    return v;
}

}  // namespace

double Exposition::value(const std::string& name, const std::map<std::string, std::string>& labels) const {
    for (const Sample& s : samples) {
        if (s.name != name) continue;
        bool all = true;
        for (const auto& [k, v] : labels) {
            auto it = s.labels.find(k);
            if (it == s.labels.end() || it->second != v) all = false;
        }
        if (all) return s.value;
    }
    return -1;
}

Exposition parse_exposition(const std::string& text) {
    Exposition out;
    std::istringstream in(text);
    std::string line;
    int number = 0;
    if (!text.empty() && text.back() != '\n') out.errors.push_back("the last line has no line feed");
    while (std::getline(in, line)) {
        ++number;
        auto fail = [&](const std::string& why) { out.errors.push_back(std::to_string(number) + ": " + why + ": " + line); };
        if (line.empty()) continue;
        if (line.rfind("# HELP ", 0) == 0 || line.rfind("# TYPE ", 0) == 0) {
            const std::string rest = line.substr(7);
            const auto space = rest.find(' ');
            if (space == std::string::npos) { fail("comment without text"); continue; }
            const std::string family = rest.substr(0, space);
            std::string body = rest.substr(space + 1);
            if (line[2] == 'H') {
                std::string unescaped;
                for (size_t i = 0; i < body.size(); ++i) {
                    if (body[i] == '\\' && i + 1 < body.size()) {
                        unescaped += body[i + 1] == 'n' ? '\n' : body[i + 1];
                        ++i;
                    } else {
                        unescaped += body[i];
                    }
                }
                out.help[family] = unescaped;
            } else {
                if (body != "counter" && body != "gauge" && body != "histogram" && body != "summary" && body != "untyped")
                    fail("unknown type");
                if (out.type.count(family)) fail("TYPE given twice");
                out.type[family] = body;
            }
            continue;
        }
        if (line[0] == '#') continue;
        Sample s;
        size_t i = 0;
        while (i < line.size() && name_char(line[i], i == 0)) ++i;
        s.name = line.substr(0, i);
        if (s.name.empty()) { fail("no metric name"); continue; }
        if (i < line.size() && line[i] == '{') {
            if (auto error = parse_labels(line, i, s.labels); !error.empty()) { fail(error); continue; }
        }
        if (i >= line.size() || line[i] != ' ') { fail("no value"); continue; }
        bool ok = false;
        s.value = parse_number(line.substr(i + 1), ok);
        if (!ok) { fail("value is not a number"); continue; }
        out.samples.push_back(std::move(s));
    }
    return out;
}

}  // namespace qbt::testing

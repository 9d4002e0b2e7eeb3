// One raw value for one key from one source, before parsing (internal to the loader).
#pragma once

#include <string>
#include <vector>

namespace qbt::config::detail {

struct RawSetting {
    enum class Shape { Scalar, Null, List, Map };

    std::string key;                // dotted, e.g. "server.port"
    Shape shape = Shape::Scalar;
    std::string text;               // Scalar
    std::vector<std::string> list;  // List (scalars only)
    std::string source;             // "config.yml:12", "env QBT_RULES_SERVER_PORT", ...
    bool secret = false;            // never show `text` in messages
    // Map (scalar values only), in the order given; each entry with its own source line.
    // Last, so the brace-initialised settings above keep their meaning.
    struct Entry {
        std::string key, value, source;
    };
    std::vector<Entry> map;

    static RawSetting scalar(std::string key, std::string text, std::string source, bool secret) {
        RawSetting raw;
        raw.key = std::move(key);
        raw.text = std::move(text);
        raw.source = std::move(source);
        raw.secret = secret;
        return raw;
    }

    // The value for an error message: quoted text, or a neutral phrase for secrets.
    std::string shown() const { return secret ? "the value" : "'" + text + "'"; }
};

// Collects problems; each is "<key>: <what> (<source>)" or "<source>: <what>".
struct Problems {
    std::vector<std::string> items;
    void add(const std::string& key, const std::string& what, const std::string& source) {
        items.push_back(key + ": " + what + " (" + source + ")");
    }
    void add_plain(std::string text) { items.push_back(std::move(text)); }
};

}  // namespace qbt::config::detail

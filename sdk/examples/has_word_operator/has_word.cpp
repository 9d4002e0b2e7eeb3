// Example condition operator in C++: `has_word` holds when the field's text contains
// the expected word as a whole word, ignoring case ("Ubuntu.22.04" has_word "ubuntu").
//
//   conditions:
//     - field: info.name
//       operator: has_word
//       value: linux
//
// Build: c++ -std=c++20 -shared -fPIC -O2 -fvisibility=hidden -I<sdk>/include -o has_word.so has_word.cpp
// (-fvisibility=hidden: export only qbt_entry, not the helpers' C++ symbols)
#include <qbt/cpp/plugin.hpp>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <string>

namespace {

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
    return out;
}

class HasWord {
public:
    explicit HasWord(qbt::sdk::ValueView expected) {
        if (!expected.is_string() || expected.as_string().empty())
            throw qbt::sdk::Error(QBT_E_INVALID, "has_word needs a non-empty word as its value");
        word_ = lower(expected.as_string());
    }
    bool match(qbt::sdk::ValueView actual, const qbt_match_context&) const {
        const std::string text = lower(actual.to_text());
        for (size_t at = text.find(word_); at != std::string::npos; at = text.find(word_, at + 1)) {
            const bool starts = at == 0 || !std::isalnum(static_cast<unsigned char>(text[at - 1]));
            const size_t end = at + word_.size();
            const bool ends = end == text.size() || !std::isalnum(static_cast<unsigned char>(text[end]));
            if (starts && ends) return true;
        }
        return false;
    }

private:
    std::string word_;
};

const qbt_condition_operator has_word = qbt::sdk::make_operator<HasWord>("has_word", 0, "whole word, any case");
const qbt_condition_operator* const operators[] = {&has_word};
const qbt_condition_operator_factory factory{sizeof(factory), 1, operators};

int init(const qbt_host* host, qbt_error*) {
    qbt::sdk::Host(host).info("has_word operator ready");
    return QBT_OK;
}
const void* get_factory(const char* id) {
    return std::strcmp(id, QBT_CONDITION_OPERATOR_FACTORY_ID) == 0 ? &factory : nullptr;
}

}  // namespace

QBT_PLUGIN_ENTRY = {sizeof(qbt_plugin_entry), QBT_ABI_MAJOR, QBT_ABI_MINOR, "org.example.has-word",
                    "Has word (example)", "1.0.0", "example C++ condition operator", init, nullptr,
                    get_factory, QBT_PLUGIN_THREAD_SAFE};  // match() only reads its compiled state

// `matches`: a PCRE2 regular-expression search in Python `re` syntax, compiled once.
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "operators.hpp"
#include "python_regex.hpp"
#include "scalar.hpp"

#include <qbt/cpp/error.hpp>
#include <qbt/cpp/operator.hpp>

#include <memory>
#include <string>

namespace qbt::core_operators {

namespace {
// Bounds on one search, so that a catastrophic pattern like `(a+)+$` fails fast with
// QBT_E_LIMIT instead of stalling the worker.
constexpr uint32_t kMatchLimit = 1'000'000;  // backtracking steps
constexpr uint32_t kDepthLimit = 100'000;    // nested backtracking frames (interpreter)
constexpr uint32_t kHeapLimitKiB = 64 * 1024;
constexpr size_t kJitStackMax = 1024 * 1024;

std::string pcre2_message(int code) {
    PCRE2_UCHAR buffer[256];
    return pcre2_get_error_message(code, buffer, sizeof buffer) < 0
               ? "PCRE2 error " + std::to_string(code)
               : std::string(reinterpret_cast<const char*>(buffer));
}

std::string shortened(std::string_view pattern) {
    return pattern.size() <= 60 ? std::string(pattern) : std::string(pattern.substr(0, 57)) + "...";
}

// Per-thread scratch for pcre2_match: match data, the limits, a JIT stack. The compiled
// pattern stays read-only, so one rule may be matched from several threads.
class MatchScratch {
public:
    MatchScratch()
        : data_(pcre2_match_data_create(1, nullptr)),
          context_(pcre2_match_context_create(nullptr)),
          jit_stack_(pcre2_jit_stack_create(32 * 1024, kJitStackMax, nullptr)) {
        if (!data_ || !context_) throw std::bad_alloc();
        pcre2_set_match_limit(context_, kMatchLimit);
        pcre2_set_depth_limit(context_, kDepthLimit);
        pcre2_set_heap_limit(context_, kHeapLimitKiB);
        if (jit_stack_) pcre2_jit_stack_assign(context_, nullptr, jit_stack_);
    }
    ~MatchScratch() {
        pcre2_jit_stack_free(jit_stack_);
        pcre2_match_context_free(context_);
        pcre2_match_data_free(data_);
    }
    MatchScratch(const MatchScratch&) = delete;
    MatchScratch& operator=(const MatchScratch&) = delete;

    int search(const pcre2_code* code, std::string_view subject) {
        return pcre2_match(code, reinterpret_cast<PCRE2_SPTR>(subject.data()), subject.size(), 0, 0,
                           data_, context_);
    }

private:
    pcre2_match_data* data_;
    pcre2_match_context* context_;
    pcre2_jit_stack* jit_stack_;
};

class Matches {
public:
    explicit Matches(ValueView expected) {
        if (!expected.is_string())
            throw qbt::sdk::Error(QBT_E_INVALID,
                                  "operator 'matches' expects a regular expression string, got " +
                                      describe(expected) + " (quote it in YAML: '...')");
        pattern_ = std::string(expected.as_string());
        const TranslatedPattern translated = translate_python_regex(pattern_);
        int code = 0;
        PCRE2_SIZE offset = 0;
        // UTF + UCP: \w, \d, \b and (?i) are Unicode-aware, as in Python 3 str patterns.
        // MATCH_INVALID_UTF: a torrent name with broken UTF-8 is searched, not an error.
        code_ = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(translated.pcre2.data()),
                              translated.pcre2.size(),
                              PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF, &code, &offset, nullptr);
        if (!code_) {
            const size_t at = translated.source_offset[std::min<size_t>(offset, translated.pcre2.size())];
            throw qbt::sdk::Error(QBT_E_INVALID, "operator 'matches': invalid regular expression '" +
                                                     shortened(pattern_) + "': " + pcre2_message(code) +
                                                     " at offset " + std::to_string(at));
        }
        if (const int jit = pcre2_jit_compile(code_, PCRE2_JIT_COMPLETE); jit != 0)
            plugin_host().debug("regex '" + shortened(pattern_) + "' runs without JIT: " +
                                pcre2_message(jit));
    }
    ~Matches() { pcre2_code_free(code_); }
    Matches(const Matches&) = delete;
    Matches& operator=(const Matches&) = delete;

    bool match(ValueView actual, const qbt_match_context&) const {
        const auto text = text_of(actual);
        if (!text) return false;
        thread_local MatchScratch scratch;
        const int rc = scratch.search(code_, *text);
        if (rc >= 0) return true;
        if (rc == PCRE2_ERROR_NOMATCH) return false;
        if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
            rc == PCRE2_ERROR_HEAPLIMIT || rc == PCRE2_ERROR_JIT_STACKLIMIT)
            throw qbt::sdk::Error(QBT_E_LIMIT, "regex '" + shortened(pattern_) + "' gave up on a " +
                                                   std::to_string(text->size()) + "-byte value (" +
                                                   pcre2_message(rc) +
                                                   "); avoid nested quantifiers such as (a+)+");
        throw qbt::sdk::Error(QBT_E_INTERNAL, "regex '" + shortened(pattern_) +
                                                  "' failed: " + pcre2_message(rc));
    }

private:
    std::string pattern_;
    pcre2_code* code_ = nullptr;
};
}  // namespace

const qbt_condition_operator matches_operator = qbt::sdk::make_operator<Matches>(
    "matches", 0,
    "regular-expression search (not a full match) in Python re syntax; (?i) ignores case");

}  // namespace qbt::core_operators

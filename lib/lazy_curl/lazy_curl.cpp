// The curl_* functions qbt-rules uses, forwarding to libcurl opened at the first call (see
// lazy_curl.hpp for why).
#include "lazy_curl.hpp"

#include <curl/curl.h>
#include <dlfcn.h>

#include <cstdarg>

namespace {

// The real functions; all null when libcurl could not be loaded.
struct Curl {
    std::string problem;  // "" when loaded
    CURLcode (*global_init)(long) = nullptr;
    CURL* (*easy_init)() = nullptr;
    void (*easy_cleanup)(CURL*) = nullptr;
    CURLcode (*easy_setopt)(CURL*, CURLoption, ...) = nullptr;
    CURLcode (*easy_getinfo)(CURL*, CURLINFO, ...) = nullptr;
    CURLcode (*easy_perform)(CURL*) = nullptr;
    void (*easy_reset)(CURL*) = nullptr;
    const char* (*easy_strerror)(CURLcode) = nullptr;
    char* (*easy_escape)(CURL*, const char*, int) = nullptr;
    void (*free_memory)(void*) = nullptr;
    curl_slist* (*slist_append)(curl_slist*, const char*) = nullptr;
    void (*slist_free_all)(curl_slist*) = nullptr;
    CURLM* (*multi_init)() = nullptr;
    CURLMcode (*multi_cleanup)(CURLM*) = nullptr;
    CURLMcode (*multi_setopt)(CURLM*, CURLMoption, ...) = nullptr;
    CURLMcode (*multi_add_handle)(CURLM*, CURL*) = nullptr;
    CURLMcode (*multi_remove_handle)(CURLM*, CURL*) = nullptr;
    CURLMcode (*multi_perform)(CURLM*, int*) = nullptr;
    CURLMsg* (*multi_info_read)(CURLM*, int*) = nullptr;
    CURLMcode (*multi_poll)(CURLM*, curl_waitfd[], unsigned int, int, int*) = nullptr;
    const char* (*multi_strerror)(CURLMcode) = nullptr;

    bool ok() const { return problem.empty(); }
};

template <class Function>
void bind(void* library, const char* name, Function& function, std::string& problem) {
    function = reinterpret_cast<Function>(dlsym(library, name));
    if (!function && problem.empty()) problem = std::string(qbt::lazy_curl::kLibrary) + " has no " + name;
}

Curl load() {
    Curl c;
    void* library = dlopen(qbt::lazy_curl::kLibrary, RTLD_NOW | RTLD_LOCAL);
    if (!library) {
        const char* error = dlerror();
        c.problem = error ? error : std::string("cannot load ") + qbt::lazy_curl::kLibrary;
        return c;
    }
    std::string& p = c.problem;
    bind(library, "curl_global_init", c.global_init, p);
    bind(library, "curl_easy_init", c.easy_init, p);
    bind(library, "curl_easy_cleanup", c.easy_cleanup, p);
    bind(library, "curl_easy_setopt", c.easy_setopt, p);
    bind(library, "curl_easy_getinfo", c.easy_getinfo, p);
    bind(library, "curl_easy_perform", c.easy_perform, p);
    bind(library, "curl_easy_reset", c.easy_reset, p);
    bind(library, "curl_easy_strerror", c.easy_strerror, p);
    bind(library, "curl_easy_escape", c.easy_escape, p);
    bind(library, "curl_free", c.free_memory, p);
    bind(library, "curl_slist_append", c.slist_append, p);
    bind(library, "curl_slist_free_all", c.slist_free_all, p);
    bind(library, "curl_multi_init", c.multi_init, p);
    bind(library, "curl_multi_cleanup", c.multi_cleanup, p);
    bind(library, "curl_multi_setopt", c.multi_setopt, p);
    bind(library, "curl_multi_add_handle", c.multi_add_handle, p);
    bind(library, "curl_multi_remove_handle", c.multi_remove_handle, p);
    bind(library, "curl_multi_perform", c.multi_perform, p);
    bind(library, "curl_multi_info_read", c.multi_info_read, p);
    bind(library, "curl_multi_poll", c.multi_poll, p);
    bind(library, "curl_multi_strerror", c.multi_strerror, p);
    // Initialised here, once, so no caller has to (curl_global_init counts its calls:
    // one from a caller as well does no harm). The library stays loaded for the life of
    // the process (never dlclose'd).
    if (c.ok() && c.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) p = "curl_global_init failed";
    return c;
}

const Curl& curl() {
    static const Curl loaded = load();  // thread-safe, once
    return loaded;
}

constexpr const char* kUnavailable = "libcurl could not be loaded";

}  // namespace

namespace qbt::lazy_curl {

std::string load_problem() { return curl().ok() ? std::string() : ": " + curl().problem; }

}  // namespace qbt::lazy_curl

// --- libcurl's API (declarations in <curl/curl.h>) ---

CURLcode curl_global_init(long flags) { return curl().ok() ? curl().global_init(flags) : CURLE_FAILED_INIT; }

CURL* curl_easy_init() { return curl().ok() ? curl().easy_init() : nullptr; }

void curl_easy_cleanup(CURL* handle) {
    if (curl().ok()) curl().easy_cleanup(handle);
}

// The variadic options take one argument whose type the option's number range encodes
// (CURLOPTTYPE_*), exactly how libcurl itself reads it.
CURLcode curl_easy_setopt(CURL* handle, CURLoption option, ...) {
    if (!curl().ok()) return CURLE_FAILED_INIT;
    va_list args;
    va_start(args, option);
    CURLcode code;
    if (option < CURLOPTTYPE_OBJECTPOINT) code = curl().easy_setopt(handle, option, va_arg(args, long));
    else if (option < CURLOPTTYPE_OFF_T) code = curl().easy_setopt(handle, option, va_arg(args, void*));
    else if (option < CURLOPTTYPE_BLOB) code = curl().easy_setopt(handle, option, va_arg(args, curl_off_t));
    else code = curl().easy_setopt(handle, option, va_arg(args, void*));
    va_end(args);
    return code;
}

CURLcode curl_easy_getinfo(CURL* handle, CURLINFO info, ...) {  // always a pointer to the result
    if (!curl().ok()) return CURLE_FAILED_INIT;
    va_list args;
    va_start(args, info);
    const CURLcode code = curl().easy_getinfo(handle, info, va_arg(args, void*));
    va_end(args);
    return code;
}

CURLcode curl_easy_perform(CURL* handle) { return curl().ok() ? curl().easy_perform(handle) : CURLE_FAILED_INIT; }

void curl_easy_reset(CURL* handle) {
    if (curl().ok()) curl().easy_reset(handle);
}

const char* curl_easy_strerror(CURLcode code) { return curl().ok() ? curl().easy_strerror(code) : kUnavailable; }

char* curl_easy_escape(CURL* handle, const char* text, int length) {
    return curl().ok() ? curl().easy_escape(handle, text, length) : nullptr;
}

void curl_free(void* pointer) {
    if (curl().ok()) curl().free_memory(pointer);
}

curl_slist* curl_slist_append(curl_slist* list, const char* text) {
    return curl().ok() ? curl().slist_append(list, text) : nullptr;
}

void curl_slist_free_all(curl_slist* list) {
    if (curl().ok()) curl().slist_free_all(list);
}

CURLM* curl_multi_init() { return curl().ok() ? curl().multi_init() : nullptr; }

CURLMcode curl_multi_cleanup(CURLM* multi) { return curl().ok() ? curl().multi_cleanup(multi) : CURLM_INTERNAL_ERROR; }

CURLMcode curl_multi_setopt(CURLM* multi, CURLMoption option, ...) {
    if (!curl().ok()) return CURLM_INTERNAL_ERROR;
    va_list args;
    va_start(args, option);
    CURLMcode code;
    if (option < CURLOPTTYPE_OBJECTPOINT) code = curl().multi_setopt(multi, option, va_arg(args, long));
    else if (option < CURLOPTTYPE_OFF_T) code = curl().multi_setopt(multi, option, va_arg(args, void*));
    else code = curl().multi_setopt(multi, option, va_arg(args, curl_off_t));
    va_end(args);
    return code;
}

CURLMcode curl_multi_add_handle(CURLM* multi, CURL* handle) {
    return curl().ok() ? curl().multi_add_handle(multi, handle) : CURLM_INTERNAL_ERROR;
}

CURLMcode curl_multi_remove_handle(CURLM* multi, CURL* handle) {
    return curl().ok() ? curl().multi_remove_handle(multi, handle) : CURLM_INTERNAL_ERROR;
}

CURLMcode curl_multi_perform(CURLM* multi, int* running) {
    return curl().ok() ? curl().multi_perform(multi, running) : CURLM_INTERNAL_ERROR;
}

CURLMsg* curl_multi_info_read(CURLM* multi, int* queued) {
    return curl().ok() ? curl().multi_info_read(multi, queued) : nullptr;
}

CURLMcode curl_multi_poll(CURLM* multi, curl_waitfd extra_fds[], unsigned int extra_count, int timeout_ms, int* ready) {
    return curl().ok() ? curl().multi_poll(multi, extra_fds, extra_count, timeout_ms, ready) : CURLM_INTERNAL_ERROR;
}

const char* curl_multi_strerror(CURLMcode code) { return curl().ok() ? curl().multi_strerror(code) : kUnavailable; }

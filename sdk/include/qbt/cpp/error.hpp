// Exceptions inside a plugin, and the guard that keeps them from crossing the C ABI.
#pragma once

#include <qbt/error.h>

#include <cstdio>
#include <exception>
#include <new>
#include <stdexcept>
#include <string>

namespace qbt::sdk {

// Throw this from plugin code to return a specific QBT_E_* code with a message.
class Error : public std::runtime_error {
public:
    Error(int code, const std::string& message) : std::runtime_error(message), code_(code) {}
    int code() const { return code_; }

private:
    int code_;
};

inline int fail(qbt_error* err, int code, const std::string& message) {
    return qbt_error_set(err, code, "%s", message.c_str());
}

// Run fn (returning int) and turn any exception into an error code + message.
// Wrap the body of every extern "C" function a plugin exposes with this.
template <class Fn>
int guard(qbt_error* err, Fn&& fn) noexcept {
    try {
        return fn();
    } catch (const Error& e) {
        return fail(err, e.code(), e.what());
    } catch (const std::bad_alloc&) {
        return fail(err, QBT_E_INTERNAL, "out of memory");
    } catch (const std::exception& e) {
        return fail(err, QBT_E_INTERNAL, std::string("unexpected exception: ") + e.what());
    } catch (...) {
        return fail(err, QBT_E_INTERNAL, "unexpected non-standard exception");
    }
}

}  // namespace qbt::sdk

// libcurl is opened with dlopen() at its first use instead of being linked. Linking it maps
// libcurl and its ~30 dependencies (GnuTLS, Kerberos, LDAP, SSH, IDN...) into the process
// at start: ~4 MB of RSS in a server that has not called qBittorrent yet, plus ~2.3 MB that
// curl_global_init touches (bench/API.md, "Idle RSS"). lazy_curl.cpp defines the curl_*
// functions the host (host/webapi, host/client) and the notify plugin call and forwards each
// to the real one, so callers stay plain libcurl code. Loading also runs curl_global_init,
// so callers need not. While libcurl cannot be loaded they
// fail the way libcurl reports failures (curl_easy_init() returns null, codes are
// CURLE_FAILED_INIT / CURLM_INTERNAL_ERROR). Link lazy_curl_dep instead of libcurl; a module
// that links both gets the same library (dlopen returns the one already loaded).
#pragma once

#include <string>

namespace qbt::lazy_curl {

// The shared object dlopen() is asked for (libcurl's SONAME).
inline constexpr const char* kLibrary = "libcurl.so.4";

// Loads libcurl if it is not loaded yet. "" when it is usable, else ": <why not>", to append
// to an error message.
std::string load_problem();

}  // namespace qbt::lazy_curl

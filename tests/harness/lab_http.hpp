// The harness's own small HTTP client for one qBittorrent (independent of the code under
// test, so a bug in CurlWebApi cannot hide itself). Keeps the SID cookie; thread-safe.
#pragma once

#include <curl/curl.h>

#include <mutex>
#include <string>
#include <vector>

namespace qbt::testing {

struct LabHttpResult {
    long status = 0;
    std::string body;
};

struct MultipartFile {
    std::string field;     // e.g. "torrents"
    std::string filename;  // must be unique within one request
    std::string data;
};

class LabHttp {
public:
    explicit LabHttp(std::string base_url);  // e.g. http://127.0.0.1:8080
    ~LabHttp();
    LabHttp(const LabHttp&) = delete;
    LabHttp& operator=(const LabHttp&) = delete;

    // POST /api/v2/auth/login; true on "Ok.". Throws on transport errors.
    bool login(const std::string& username, const std::string& password);

    // Paths are below /api/v2/. Throw std::runtime_error on transport errors only.
    LabHttpResult get(const std::string& endpoint_and_query);
    LabHttpResult post(const std::string& endpoint, const std::string& form);
    LabHttpResult post_multipart(const std::string& endpoint,
                              const std::vector<std::pair<std::string, std::string>>& fields,
                              const std::vector<MultipartFile>& files);

    // URL-encode one form/query component.
    static std::string escape(const std::string& text);

    // Forget the session cookie and the connection (after a restart).
    void reset();

private:
    LabHttpResult perform(const std::string& what);
    void prepare(const std::string& endpoint);

    std::string base_url_;
    std::mutex mutex_;
    CURL* curl_ = nullptr;
    curl_slist* headers_ = nullptr;
    std::string body_;
};

}  // namespace qbt::testing

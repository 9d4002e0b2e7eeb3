#include "client/api_client.hpp"

#include <curl/curl.h>
#include <rapidjson/document.h>

#include <memory>

namespace qbt::client {
namespace {

size_t append(char* data, size_t size, size_t count, void* out) {
    static_cast<std::string*>(out)->append(data, size * count);
    return size * count;
}

// The "message" of a JSON error body, else the body itself (shortened).
std::string server_message(const std::string& body) {
    rapidjson::Document doc;
    doc.Parse(body.c_str(), body.size());
    if (!doc.HasParseError() && doc.IsObject() && doc.HasMember("message") && doc["message"].IsString()) {
        return doc["message"].GetString();
    }
    return body.size() > 200 ? body.substr(0, 200) + "..." : body;
}

struct CurlDeleter {
    void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};
struct SlistDeleter {
    void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

}  // namespace

ApiClient::ApiClient(std::string server_url, std::string api_key)
    : base_url_(std::move(server_url)), api_key_(std::move(api_key)) {
    while (!base_url_.empty() && base_url_.back() == '/') base_url_.pop_back();
}

std::string ApiClient::escape(const std::string& text) {
    std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
    char* escaped = curl_easy_escape(curl.get(), text.c_str(), static_cast<int>(text.size()));
    std::string out = escaped ? escaped : "";
    curl_free(escaped);
    return out;
}

std::string ApiClient::call(const std::string& method, const std::string& path,
                            const std::map<std::string, std::string>& params,
                            const std::string& json_body) const {
    std::string url = base_url_ + path;
    char separator = '?';
    for (const auto& [name, value] : params) {
        url += separator + escape(name) + "=" + escape(value);
        separator = '&';
    }
    std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
    if (!curl) throw ClientError("cannot initialise libcurl");
    const std::string key_header = "X-API-Key: " + api_key_;
    std::unique_ptr<curl_slist, SlistDeleter> headers(curl_slist_append(nullptr, key_header.c_str()));
    if (!json_body.empty()) headers.reset(curl_slist_append(headers.release(), "Content-Type: application/json"));
    std::string body;
    char error[CURL_ERROR_SIZE] = {};
    CURL* c = curl.get();
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method.c_str());
    if (method == "POST") {
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, json_body.c_str());
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(json_body.size()));
    }
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, append);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &body);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    const CURLcode rc = curl_easy_perform(c);
    if (rc != CURLE_OK) {
        throw ClientError("cannot reach qbt-rules server at " + base_url_ + ": " +
                          (error[0] ? error : curl_easy_strerror(rc)));
    }
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    if (status == 401) {
        throw ServerRefusal(status, "the server rejected the API key (client.api_key / QBT_RULES_CLIENT_API_KEY)");
    }
    if (status < 200 || status > 299) {
        throw ServerRefusal(status, "the server answered " + std::to_string(status) + " to " + method + " " + path +
                                        ": " + server_message(body));
    }
    return body;
}

}  // namespace qbt::client

#include "lab_http.hpp"

#include <stdexcept>

namespace qbt::testing {
namespace {

size_t append_body(char* data, size_t size, size_t count, void* target) {
    static_cast<std::string*>(target)->append(data, size * count);
    return size * count;
}

}  // namespace

std::string LabHttp::escape(const std::string& text) {
    char* escaped = curl_easy_escape(nullptr, text.c_str(), static_cast<int>(text.size()));
    std::string result = escaped ? escaped : "";
    curl_free(escaped);
    return result;
}

LabHttp::LabHttp(std::string base_url) : base_url_(std::move(base_url)) {
    curl_global_init(CURL_GLOBAL_DEFAULT);
    reset();
}

LabHttp::~LabHttp() {
    if (curl_) curl_easy_cleanup(curl_);
    curl_slist_free_all(headers_);
}

void LabHttp::reset() {
    if (curl_) curl_easy_cleanup(curl_);
    curl_slist_free_all(headers_);
    curl_ = curl_easy_init();
    if (!curl_) throw std::runtime_error("LabHttp: curl_easy_init failed");
    headers_ = curl_slist_append(nullptr, ("Referer: " + base_url_).c_str());
}

void LabHttp::prepare(const std::string& endpoint) {
    curl_easy_reset(curl_);
    const std::string url = base_url_ + "/api/v2/" + endpoint;
    curl_easy_setopt(curl_, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl_, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl_, CURLOPT_COOKIEFILE, "");  // in-memory cookie engine keeps SID
    curl_easy_setopt(curl_, CURLOPT_HTTPHEADER, headers_);
    curl_easy_setopt(curl_, CURLOPT_CONNECTTIMEOUT_MS, 5000L);
    curl_easy_setopt(curl_, CURLOPT_TIMEOUT_MS, 120000L);
    curl_easy_setopt(curl_, CURLOPT_WRITEFUNCTION, append_body);
    curl_easy_setopt(curl_, CURLOPT_WRITEDATA, &body_);
    body_.clear();
}

LabHttpResult LabHttp::perform(const std::string& what) {
    CURLcode code = curl_easy_perform(curl_);
    if (code != CURLE_OK)
        throw std::runtime_error("qbt lab HTTP " + what + " on " + base_url_ + ": " + curl_easy_strerror(code));
    LabHttpResult result;
    curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &result.status);
    result.body = std::move(body_);
    return result;
}

bool LabHttp::login(const std::string& username, const std::string& password) {
    LabHttpResult result = post("auth/login", "username=" + escape(username) + "&password=" + escape(password));
    return result.status == 200 && result.body == "Ok.";
}

LabHttpResult LabHttp::get(const std::string& endpoint_and_query) {
    std::lock_guard lock(mutex_);
    prepare(endpoint_and_query);
    return perform("GET " + endpoint_and_query);
}

LabHttpResult LabHttp::post(const std::string& endpoint, const std::string& form) {
    std::lock_guard lock(mutex_);
    prepare(endpoint);
    curl_easy_setopt(curl_, CURLOPT_POSTFIELDSIZE, static_cast<long>(form.size()));
    curl_easy_setopt(curl_, CURLOPT_COPYPOSTFIELDS, form.c_str());
    return perform("POST " + endpoint);
}

LabHttpResult LabHttp::post_multipart(const std::string& endpoint,
                                   const std::vector<std::pair<std::string, std::string>>& fields,
                                   const std::vector<MultipartFile>& files) {
    std::lock_guard lock(mutex_);
    prepare(endpoint);
    curl_mime* mime = curl_mime_init(curl_);
    for (const auto& [name, value] : fields) {
        curl_mimepart* part = curl_mime_addpart(mime);
        curl_mime_name(part, name.c_str());
        curl_mime_data(part, value.data(), value.size());
    }
    for (const auto& file : files) {
        curl_mimepart* part = curl_mime_addpart(mime);
        curl_mime_name(part, file.field.c_str());
        curl_mime_filename(part, file.filename.c_str());
        curl_mime_type(part, "application/x-bittorrent");
        curl_mime_data(part, file.data.data(), file.data.size());
    }
    curl_easy_setopt(curl_, CURLOPT_MIMEPOST, mime);
    try {
        LabHttpResult result = perform("POST " + endpoint);
        curl_mime_free(mime);
        return result;
    } catch (...) {
        curl_mime_free(mime);
        throw;
    }
}

}  // namespace qbt::testing

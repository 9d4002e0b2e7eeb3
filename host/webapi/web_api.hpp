// The host's view of one qBittorrent instance's Web API (v2). Abstract so the engine
// can be unit-tested against a fake; the real implementation is qbt::webapi::CurlWebApi.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace qbt::webapi {

// Why a call produced no usable answer. `kind` lets callers react (e.g. re-login).
class WebApiError : public std::runtime_error {
public:
    enum class Kind { Unreachable, Timeout, LoginFailed, NotQbittorrent, Http, Protocol };
    WebApiError(Kind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
    Kind kind() const { return kind_; }

private:
    Kind kind_;
};

struct Request {
    std::string method = "GET";  // GET or POST
    std::string endpoint;        // below /api/v2/, e.g. "torrents/info"
    std::string query;           // url-encoded, without '?'
    std::string form;            // url-encoded POST body
    // POST body type when `form` is not url-encoded, e.g. "multipart/form-data;
    // boundary=..." for torrents/add with a .torrent file; empty = url-encoded.
    std::string content_type = {};
};

struct Response {
    long status = 0;
    std::string body;
};

struct ApiVersion {
    int major = 0, minor = 0, patch = 0;
    bool at_least(int ma, int mi, int pa = 0) const {
        if (major != ma) return major > ma;
        if (minor != mi) return minor > mi;
        return patch >= pa;
    }
    std::string text() const {
        return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
    }
};

// What a qBittorrent said it is: app/version ("v5.1.0"; empty when it did not answer) and
// app/webapiVersion.
struct ServerVersion {
    std::string qbittorrent;
    ApiVersion webapi;
};

class WebApi {
public:
    virtual ~WebApi() = default;

    // One call; logs in first when needed and once more on 403. Throws WebApiError when
    // no HTTP response arrived or login failed; returns non-2xx responses as they are.
    virtual Response request(const Request& request) = 0;

    // Several independent calls at once (bounded concurrency), answers in order.
    // A failed call yields a Response with status 0 and the error text as body.
    virtual std::vector<Response> request_many(const std::vector<Request>& requests) = 0;

    // The calls of request_many, each answer handed to `on_answer(index, response)` once,
    // on the calling thread, as soon as it is final (in completion order), so a caller can
    // parse and drop it instead of holding every answer at once. The default waits for
    // request_many and hands the answers over in request order.
    using AnswerSink = std::function<void(size_t index, Response response)>;
    virtual void request_each(const std::vector<Request>& requests, const AnswerSink& on_answer) {
        std::vector<Response> responses = request_many(requests);
        for (size_t i = 0; i < responses.size(); ++i) on_answer(i, std::move(responses[i]));
    }

    // /api/v2/app/webapiVersion, cached after the first call.
    virtual ApiVersion api_version() = 0;

    // The versions api_version() learned, without a call; nullopt before (for status pages).
    virtual std::optional<ServerVersion> known_version() const { return std::nullopt; }

    // Calls made so far, by endpoint (for job statistics and benchmarks).
    virtual std::map<std::string, uint64_t> call_counts() const = 0;
};

// URL-encode one component (RFC 3986 unreserved characters kept).
std::string url_encode(const std::string& text);

}  // namespace qbt::webapi

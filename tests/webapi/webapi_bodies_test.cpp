// CurlWebApi and answer bodies: a body arrives into one buffer of its Content-Length (no
// growing copies), chunked answers still work, a lying Content-Length cannot make it
// allocate absurdly, and request_each hands each answer over as soon as it completes.
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <vector>

#include "webapi/curl_web_api.hpp"
#include "tiny_http_server.hpp"

using qbt::testing::TinyHttpServer;
using qbt::webapi::CurlWebApi;
using qbt::webapi::Request;
using qbt::webapi::Response;
using qbt::webapi::WebApiError;

namespace {

qbt::config::QbittorrentConfig config_for(const std::string& host, int concurrency = 8) {
    qbt::config::QbittorrentConfig config;
    config.host = host;
    config.password = "top-Secret-99";
    config.connect_timeout_seconds = 2;
    config.timeout_seconds = 5;
    config.max_concurrency = concurrency;
    return config;
}

bool is_login(const std::string& request) { return request.rfind("POST /api/v2/auth/login ", 0) == 0; }

std::string login_ok(const std::string& sid) {
    return "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nSet-Cookie: SID=" + sid +
           "; HttpOnly; path=/\r\nContent-Length: 3\r\nConnection: close\r\n\r\nOk.";
}

// "GET /api/v2/torrents/trackers?hash=7 ..." -> 7
size_t hash_number(const std::string& request) {
    const size_t at = request.find("hash=");
    return at == std::string::npos ? 0 : std::stoul(request.substr(at + 5));
}

std::string trackers_body(size_t i) { return R"([{"url":"http://127.0.0.1:6969/announce","msg":")" + std::to_string(i) + "\"}]"; }

std::vector<Request> trackers_requests(size_t n) {
    std::vector<Request> requests;
    for (size_t i = 0; i < n; ++i) requests.push_back({"GET", "torrents/trackers", "hash=" + std::to_string(i), ""});
    return requests;
}

}  // namespace

TEST(WebApiBodies, ALargeBodyArrivesIntoOneBufferOfItsContentLength) {
    const std::string body(3'000'001, 'x');
    TinyHttpServer server([&](const std::string& request) {
        return is_login(request) ? login_ok("s1") : TinyHttpServer::response(200, "OK", "application/json", body);
    });
    CurlWebApi api(config_for(server.url()));
    Response response = api.request({"GET", "torrents/info", "", ""});
    EXPECT_EQ(response.status, 200);
    EXPECT_TRUE(response.body == body);
    // Grown by appending, the buffer would end at a larger power-of-two-ish capacity.
    EXPECT_EQ(response.body.capacity(), body.size());
}

TEST(WebApiBodies, AChunkedAnswerWithoutContentLengthStillArrivesWhole) {
    TinyHttpServer server([](const std::string& request) {
        if (is_login(request)) return login_ok("s1");
        return std::string("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                           "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
    });
    CurlWebApi api(config_for(server.url()));
    EXPECT_EQ(api.request({"GET", "app/version", "", ""}).body, "hello world");
}

TEST(WebApiBodies, AnAbsurdContentLengthIsAnErrorNotAnAllocationFailure) {
    TinyHttpServer server([](const std::string& request) {
        if (is_login(request)) return login_ok("s1");
        return std::string("HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999\r\nConnection: close\r\n\r\nshort");
    });
    CurlWebApi api(config_for(server.url()));
    EXPECT_THROW(api.request({"GET", "torrents/info", "", ""}), WebApiError);
}

TEST(WebApiBodies, RequestEachHandsOverEveryAnswerOnceAsSoonAsItCompletes) {
    const size_t n = 12;
    TinyHttpServer server([](const std::string& request) {
        if (is_login(request)) return login_ok("s1");
        return TinyHttpServer::response(200, "OK", "application/json", trackers_body(hash_number(request)));
    });
    CurlWebApi api(config_for(server.url(), 2));
    std::vector<int> delivered(n);
    size_t requests_seen_at_first_answer = 0;
    api.request_each(trackers_requests(n), [&](size_t i, Response response) {
        if (requests_seen_at_first_answer == 0) requests_seen_at_first_answer = server.requests().size();
        ASSERT_LT(i, n);
        ++delivered[i];
        EXPECT_EQ(response.status, 200);
        EXPECT_EQ(response.body, trackers_body(i));
    });
    EXPECT_EQ(delivered, std::vector<int>(n, 1));
    // The login, then at most the two calls in flight: not all twelve answers held first.
    EXPECT_GE(requests_seen_at_first_answer, 2u);
    EXPECT_LE(requests_seen_at_first_answer, 3u);
    EXPECT_EQ(server.requests().size(), n + 1);
}

TEST(WebApiBodies, RequestEachRetriesForbiddenCallsAfterANewLoginAndHandsOverOnlyTheRetry) {
    const size_t n = 5;
    std::atomic<int> logins{0};
    TinyHttpServer server([&](const std::string& request) {
        if (is_login(request)) return login_ok(++logins == 1 ? "old" : "new");
        // Calls 0..2 with the first session: it "expired", qBittorrent answers 403.
        if (request.find("Cookie: SID=old") != std::string::npos && hash_number(request) < 3)
            return TinyHttpServer::response(403, "Forbidden", "text/plain", "Forbidden");
        return TinyHttpServer::response(200, "OK", "application/json", trackers_body(hash_number(request)));
    });
    CurlWebApi api(config_for(server.url(), 1));
    std::vector<int> delivered(n);
    api.request_each(trackers_requests(n), [&](size_t i, Response response) {
        ASSERT_LT(i, n);
        ++delivered[i];
        EXPECT_EQ(response.status, 200) << "answer " << i;
        EXPECT_EQ(response.body, trackers_body(i));
    });
    EXPECT_EQ(delivered, std::vector<int>(n, 1));
    EXPECT_EQ(logins.load(), 2);
}

TEST(WebApiBodies, RequestManyStillAnswersInRequestOrder) {
    const size_t n = 9;
    TinyHttpServer server([](const std::string& request) {
        if (is_login(request)) return login_ok("s1");
        return TinyHttpServer::response(200, "OK", "application/json", trackers_body(hash_number(request)));
    });
    CurlWebApi api(config_for(server.url(), 3));
    std::vector<Response> responses = api.request_many(trackers_requests(n));
    ASSERT_EQ(responses.size(), n);
    for (size_t i = 0; i < n; ++i) EXPECT_EQ(responses[i].body, trackers_body(i));
}

TEST(WebApiBodies, RequestEachReportsAnUnreachableServerPerCall) {
    TinyHttpServer server([](const std::string& request) {
        if (is_login(request)) return login_ok("s1");
        return std::string();  // closes without answering
    });
    CurlWebApi api(config_for(server.url(), 2));
    std::vector<int> delivered(4);
    api.request_each(trackers_requests(4), [&](size_t i, Response response) {
        ++delivered[i];
        EXPECT_EQ(response.status, 0);
        EXPECT_FALSE(response.body.empty());
    });
    EXPECT_EQ(delivered, std::vector<int>(4, 1));
}

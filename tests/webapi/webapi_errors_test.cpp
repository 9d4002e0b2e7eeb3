// CurlWebApi against things that are not a healthy qBittorrent: nothing listening, other
// HTTP servers, slow servers, proxies wanting basic auth. Plus URL helpers.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "net.hpp"
#include "webapi/curl_web_api.hpp"
#include "webapi/url.hpp"
#include "tiny_http_server.hpp"

using qbt::testing::TinyHttpServer;
using qbt::webapi::CurlWebApi;
using qbt::webapi::WebApiError;
using Kind = qbt::webapi::WebApiError::Kind;

namespace {

qbt::config::QbittorrentConfig config_for(const std::string& host) {
    qbt::config::QbittorrentConfig config;
    config.host = host;
    config.password = "top-Secret-99";
    config.connect_timeout_seconds = 2;
    config.timeout_seconds = 2;
    return config;
}

// Runs one call and returns the error it threw (fails the test if none).
WebApiError error_of(CurlWebApi& api) {
    try {
        api.request({"GET", "app/version", "", ""});
    } catch (const WebApiError& error) {
        return error;
    }
    ADD_FAILURE() << "expected a WebApiError";
    return WebApiError(Kind::Http, "none");
}

}  // namespace

TEST(WebApiErrors, NothingListeningIsUnreachableNamingTheHost) {
    const std::string host = "http://127.0.0.1:" + std::to_string(qbt::testing::free_port());
    CurlWebApi api(config_for(host));
    WebApiError error = error_of(api);
    EXPECT_EQ(error.kind(), Kind::Unreachable);
    EXPECT_NE(std::string(error.what()).find(host), std::string::npos) << error.what();
}

TEST(WebApiErrors, AnHtmlPageIsNotQbittorrent) {
    TinyHttpServer server([](const std::string&) {
        return TinyHttpServer::response(200, "OK", "text/html", "<html><body>Welcome to nginx!</body></html>");
    });
    CurlWebApi api(config_for(server.url()));
    WebApiError error = error_of(api);
    EXPECT_EQ(error.kind(), Kind::NotQbittorrent);
    EXPECT_NE(std::string(error.what()).find(server.url()), std::string::npos) << error.what();
    EXPECT_EQ(std::string(error.what()).find("top-Secret-99"), std::string::npos);
}

TEST(WebApiErrors, A404IsNotQbittorrent) {
    TinyHttpServer server(
        [](const std::string&) { return TinyHttpServer::response(404, "Not Found", "text/plain", "no"); });
    CurlWebApi api(config_for(server.url()));
    EXPECT_EQ(error_of(api).kind(), Kind::NotQbittorrent);
}

TEST(WebApiErrors, ForbiddenLoginExplainsTheBan) {
    TinyHttpServer server([](const std::string&) {
        return TinyHttpServer::response(403, "Forbidden", "text/plain", "Your IP address has been banned.");
    });
    CurlWebApi api(config_for(server.url()));
    WebApiError error = error_of(api);
    EXPECT_EQ(error.kind(), Kind::LoginFailed);
    EXPECT_NE(std::string(error.what()).find("banned"), std::string::npos);
}

TEST(WebApiErrors, ASilentServerTimesOut) {
    TinyHttpServer server([](const std::string&) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1500));
        return std::string();
    });
    auto config = config_for(server.url());
    config.timeout_seconds = 0.4;
    CurlWebApi api(config);
    auto started = std::chrono::steady_clock::now();
    EXPECT_EQ(error_of(api).kind(), Kind::Timeout);
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(1400));
}

TEST(WebApiErrors, SendsBasicAuthAndCsrfHeadersWhenConfigured) {
    TinyHttpServer server([](const std::string& request) {
        if (request.find("Authorization: Basic cHJveHl1c2VyOnByb3h5LXBhc3M=\r\n") == std::string::npos)
            return TinyHttpServer::response(401, "Unauthorized", "text/plain", "proxy auth");
        return TinyHttpServer::response(200, "OK", "text/plain", "Ok.");
    });
    auto config = config_for(server.url() + "/");
    config.basic_auth_username = "proxyuser";
    config.basic_auth_password = "proxy-pass";
    CurlWebApi api(config);
    EXPECT_NO_THROW(api.login());
    auto requests = server.requests();
    ASSERT_EQ(requests.size(), 1u);
    EXPECT_EQ(requests[0].rfind("POST /api/v2/auth/login HTTP/1.1\r\n", 0), 0u);
    EXPECT_EQ(requests[0].find("Referer:"), std::string::npos);  // see transfer.cpp
    EXPECT_EQ(requests[0].find("Origin:"), std::string::npos);
    EXPECT_NE(requests[0].find("username=admin&password=top-Secret-99"), std::string::npos);

    config.basic_auth_password = "wrong";
    CurlWebApi refused(config);
    WebApiError error = error_of(refused);
    EXPECT_EQ(error.kind(), Kind::Http);
    EXPECT_NE(std::string(error.what()).find("401"), std::string::npos);
}

TEST(WebApiUrl, EncodesAndJoins) {
    EXPECT_EQ(qbt::webapi::url_encode("a b&c=d/\xc3\xa9~-._|"), "a%20b%26c%3Dd%2F%C3%A9~-._%7C");
    EXPECT_EQ(qbt::webapi::normalize_base_url("https://box.example/qbittorrent/"), "https://box.example/qbittorrent");
    EXPECT_EQ(qbt::webapi::api_url("http://h:1/p", "torrents/info", "a=1"), "http://h:1/p/api/v2/torrents/info?a=1");
    EXPECT_EQ(qbt::webapi::without_credentials("https://u:pw@box.example:8443/x"), "https://box.example:8443/x");
    for (const char* bad : {"box.example:8080", "ftp://box.example", "http://", "http://h/?x=1"}) {
        try {
            qbt::webapi::normalize_base_url(bad);
            ADD_FAILURE() << bad;
        } catch (const WebApiError& error) {
            EXPECT_EQ(error.kind(), Kind::Protocol);
        }
    }
    try {
        CurlWebApi api(config_for("ftp://user:pw@box.example"));
        ADD_FAILURE();
    } catch (const WebApiError& error) {
        EXPECT_EQ(std::string(error.what()).find("pw"), std::string::npos) << error.what();
    }
}

TEST(WebApiErrors, MalformedRequestsAreRefusedBeforeAnyIo) {
    CurlWebApi api(config_for("http://127.0.0.1:" + std::to_string(qbt::testing::free_port())));
    for (const auto& request : {qbt::webapi::Request{"DELETE", "torrents/info", "", ""},
                                qbt::webapi::Request{"GET", "/api/v2/torrents/info", "", ""},
                                qbt::webapi::Request{"GET", "", "", ""}}) {
        try {
            api.request_many({request});
            ADD_FAILURE() << request.method << " " << request.endpoint;
        } catch (const WebApiError& error) {
            EXPECT_EQ(error.kind(), Kind::Protocol) << error.what();
        }
    }
    EXPECT_TRUE(api.call_counts().empty());
}

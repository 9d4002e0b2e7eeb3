// CurlWebApi against a real qbittorrent-nox 4.5.2 (one lab for the whole suite).
#include <gtest/gtest.h>

#include <thread>

#include "prefix_proxy.hpp"
#include "webapi/curl_web_api.hpp"
#include "webapi/endpoints.hpp"
#include "test_harness.hpp"

using qbt::webapi::CurlWebApi;
using qbt::webapi::Request;
using qbt::webapi::WebApiError;

class WebApiLab : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        lab = qbt::testing::QbtLab::start();
        std::vector<qbt::testing::TorrentSpec> specs(5);
        for (size_t i = 0; i < specs.size(); ++i) specs[i].name = "webapi-" + std::to_string(i) + ".bin";
        specs[2].category = "linux";
        hashes = lab->add_torrents(specs);
    }
    static void TearDownTestSuite() { lab.reset(); }

    static std::unique_ptr<qbt::testing::QbtLab> lab;
    static std::vector<std::string> hashes;
};
std::unique_ptr<qbt::testing::QbtLab> WebApiLab::lab;
std::vector<std::string> WebApiLab::hashes;

TEST_F(WebApiLab, LogsInOnceAndCallsSucceed) {
    CurlWebApi api(lab->client_config());
    auto response = api.request({"GET", "app/version", "", ""});
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.body, lab->app_version());  // as the harness's own client read it
    EXPECT_EQ(lab->version().major, qbt::testing::parse_lab_version(lab->release().name).major) << response.body;
    api.request({"GET", "app/version", "", ""});
    EXPECT_EQ(api.call_counts().at("auth/login"), 1u);
    EXPECT_EQ(api.call_counts().at("app/version"), 2u);
}

TEST_F(WebApiLab, WrongPasswordIsLoginFailedWithoutThePassword) {
    auto config = lab->client_config();
    config.password = "wrong-Secret-4711";
    CurlWebApi api(config);
    try {
        api.request({"GET", "app/version", "", ""});
        FAIL() << "expected LoginFailed";
    } catch (const WebApiError& error) {
        EXPECT_EQ(error.kind(), WebApiError::Kind::LoginFailed);
        EXPECT_EQ(std::string(error.what()), "qBittorrent rejected the username/password for " + lab->url());
        EXPECT_EQ(std::string(error.what()).find("wrong-Secret-4711"), std::string::npos);
    }
}

TEST_F(WebApiLab, LogsInAgainAfterTheSessionIsGone) {
    CurlWebApi api(lab->client_config());
    ASSERT_EQ(api.request({"GET", "app/version", "", ""}).status, 200);
    ASSERT_EQ(api.request({"POST", "auth/logout", "", ""}).status, 200);
    auto after = api.request({"GET", "torrents/info", "hashes=" + hashes[0], ""});
    EXPECT_EQ(after.status, 200);
    EXPECT_NE(after.body.find(hashes[0]), std::string::npos);
    auto counts = api.call_counts();
    EXPECT_EQ(counts.at("auth/login"), 2u);
    EXPECT_EQ(counts.at("torrents/info"), 2u);  // the 403 and the retry
}

TEST_F(WebApiLab, ApiVersionIsReadOnceAndSelectsEndpointNames) {
    CurlWebApi api(lab->client_config());
    auto version = api.api_version();
    const auto expected = lab->webapi_version();  // 2.8.19 on 4.5.2, 2.11.4 on 5.1.0
    EXPECT_EQ(version.major, expected.major);
    EXPECT_EQ(version.minor, expected.minor);
    EXPECT_EQ(version.patch, expected.patch);
    api.api_version();
    EXPECT_EQ(api.call_counts().at("app/webapiVersion"), 1u);
    // The chosen names really exist on this server (unknown hashes are ignored, 200) and
    // the other version's names do not (404).
    const std::string nobody = "hashes=" + std::string(40, '0');
    const std::string pause = qbt::webapi::pause_endpoint(version), resume = qbt::webapi::resume_endpoint(version);
    EXPECT_EQ(api.request({"POST", pause, "", nobody}).status, 200) << pause;
    EXPECT_EQ(api.request({"POST", resume, "", nobody}).status, 200) << resume;
    const bool new_names = pause == "torrents/stop";
    EXPECT_EQ(new_names, resume == "torrents/start");
    EXPECT_EQ(api.request({"POST", new_names ? "torrents/pause" : "torrents/stop", "", nobody}).status, 404);
    EXPECT_EQ(api.request({"POST", new_names ? "torrents/resume" : "torrents/start", "", nobody}).status, 404);
}

// The versions are known after api_version() (for status pages, without a call) and read
// again after a new login: a restarted qBittorrent may be another version.
TEST_F(WebApiLab, VersionsAreKnownOnceAskedAndAskedAgainAfterARestart) {
    auto own = qbt::testing::QbtLab::start(lab->release());
    CurlWebApi api(own->client_config());
    EXPECT_FALSE(api.known_version());
    const auto version = api.api_version();
    ASSERT_TRUE(api.known_version());
    EXPECT_EQ(api.known_version()->qbittorrent, own->app_version());
    EXPECT_EQ(api.known_version()->webapi.text(), version.text());
    api.api_version();
    EXPECT_EQ(api.call_counts().at("app/webapiVersion"), 1u);
    own->restart();  // the session is gone with the old process
    ASSERT_EQ(api.request({"GET", "torrents/info", "", ""}).status, 200);  // logs in again
    EXPECT_EQ(api.api_version().text(), version.text());
    EXPECT_EQ(api.call_counts().at("app/webapiVersion"), 2u);
}

TEST_F(WebApiLab, TorrentsInfoListsTheHarnessTorrents) {
    CurlWebApi api(lab->client_config());
    auto response = api.request({"GET", "torrents/info", "", ""});
    ASSERT_EQ(response.status, 200);
    for (const auto& hash : hashes) EXPECT_NE(response.body.find("\"hash\":\"" + hash + "\""), std::string::npos);
    auto filtered = api.request({"GET", "torrents/info", "category=linux", ""});
    EXPECT_NE(filtered.body.find(hashes[2]), std::string::npos);
    EXPECT_EQ(filtered.body.find(hashes[0]), std::string::npos);
}

TEST_F(WebApiLab, RequestManyAnswersInOrder) {
    auto config = lab->client_config();
    config.max_concurrency = 4;
    CurlWebApi api(config);
    std::vector<Request> requests;
    for (size_t i = 0; i < 20; ++i)
        requests.push_back(i == 7 ? Request{"GET", "no/such/endpoint", "", ""}
                                  : Request{"GET", "torrents/info", "hashes=" + hashes[i % hashes.size()], ""});
    auto responses = api.request_many(requests);
    ASSERT_EQ(responses.size(), 20u);
    for (size_t i = 0; i < 20; ++i) {
        if (i == 7) {
            EXPECT_EQ(responses[i].status, 404);
            continue;
        }
        EXPECT_EQ(responses[i].status, 200) << i;
        EXPECT_NE(responses[i].body.find(hashes[i % hashes.size()]), std::string::npos) << i;
        for (size_t other = 0; other < hashes.size(); ++other)
            if (other != i % hashes.size()) {
                EXPECT_EQ(responses[i].body.find(hashes[other]), std::string::npos);
            }
    }
    EXPECT_EQ(api.call_counts().at("torrents/info"), 19u);
}

TEST_F(WebApiLab, RequestManyLogsInAgainAfterLogout) {
    CurlWebApi api(lab->client_config());
    ASSERT_EQ(api.request({"POST", "auth/logout", "", ""}).status, 200);  // logs in first, then out
    std::vector<Request> requests(6, Request{"GET", "app/version", "", ""});
    for (const auto& response : api.request_many(requests)) EXPECT_EQ(response.status, 200);
    EXPECT_EQ(api.call_counts().at("auth/login"), 2u);
}

TEST_F(WebApiLab, IsSafeToShareBetweenThreads) {
    CurlWebApi api(lab->client_config());
    std::atomic<int> ok{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&, t] {
            for (int i = 0; i < 10; ++i) {
                auto response = t % 2 ? api.request({"GET", "app/version", "", ""})
                                      : api.request_many({{"GET", "app/version", "", ""}, {"GET", "app/version", "", ""}})[1];
                if (response.status == 200) ++ok;
            }
        });
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(ok.load(), 40);
    EXPECT_EQ(api.call_counts().at("auth/login"), 1u);
}

TEST_F(WebApiLab, WorksBehindAPathPrefix) {
    qbt::testing::PrefixProxy proxy("/qbittorrent", lab->webui_port());
    auto config = lab->client_config();
    config.host = proxy.url();  // http://127.0.0.1:<p>/qbittorrent/
    CurlWebApi api(config);
    EXPECT_EQ(api.api_version().minor, lab->webapi_version().minor);
    auto info = api.request({"GET", "torrents/info", "hashes=" + hashes[1], ""});
    EXPECT_EQ(info.status, 200);
    EXPECT_NE(info.body.find(hashes[1]), std::string::npos);
}

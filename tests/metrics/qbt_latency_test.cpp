// qbt_rules_qbittorrent_api_call_duration_seconds: CurlWebApi's call observer feeds
// ServerMetrics with every call's real latency, single calls and request_many alike,
// failed calls too, and the histogram reads back correctly from the exposition.
#include "exposition_parser.hpp"
#include "tiny_http_server.hpp"

#include "metrics/job_metrics.hpp"
#include "webapi/curl_web_api.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <thread>

namespace qbt::testing {
namespace {

constexpr auto kSlow = std::chrono::milliseconds(120);
const char* const kFamily = "qbt_rules_qbittorrent_api_call_duration_seconds";

// A fake qBittorrent: logs in, answers torrents/info after kSlow, 500 on app/version.
std::string fake_qbittorrent(const std::string& request) {
    if (request.rfind("POST /api/v2/auth/login ", 0) == 0)
        return "HTTP/1.1 200 OK\r\nSet-Cookie: SID=test-sid; path=/\r\nContent-Length: 3\r\nConnection: close\r\n\r\nOk.";
    if (request.rfind("GET /api/v2/torrents/info", 0) == 0) {
        std::this_thread::sleep_for(kSlow);
        return TinyHttpServer::response(200, "OK", "application/json", "[]");
    }
    return TinyHttpServer::response(500, "Internal Server Error", "text/plain", "broken");
}

config::QbittorrentConfig config_for(const std::string& host) {
    config::QbittorrentConfig config;
    config.host = host;
    config.password = "secret";
    config.timeout_seconds = 5;
    return config;
}

TEST(QbtLatency, EveryCallIsObservedByEndpointWithItsRealDuration) {
    TinyHttpServer server(fake_qbittorrent);
    metrics::ServerMetrics metrics;
    webapi::CurlWebApi api(config_for(server.url()));
    api.set_call_observer([&metrics](const std::string& endpoint, double seconds) {
        metrics.record_qbt_call(endpoint, seconds);
    });

    EXPECT_EQ(api.request({"GET", "torrents/info", "", ""}).status, 200);
    const auto many = api.request_many({{"GET", "torrents/info", "filter=all", ""},
                                        {"GET", "torrents/info", "filter=paused", ""}});
    ASSERT_EQ(many.size(), 2u);
    EXPECT_EQ(many[1].status, 200);
    EXPECT_EQ(api.request({"GET", "app/version", "", ""}).status, 500);

    const Exposition e = parse_exposition(metrics.render());
    ASSERT_TRUE(e.errors.empty()) << ::testing::PrintToString(e.errors);
    EXPECT_EQ(e.type.at(kFamily), "histogram");
    const std::string count = std::string(kFamily) + "_count";
    const std::string sum = std::string(kFamily) + "_sum";
    const std::string bucket = std::string(kFamily) + "_bucket";
    EXPECT_EQ(e.value(count, {{"endpoint", "torrents/info"}}), 3);
    EXPECT_EQ(e.value(count, {{"endpoint", "auth/login"}}), 1);
    EXPECT_EQ(e.value(count, {{"endpoint", "app/version"}}), 1);  // a 500 is a call too
    // Each torrents/info call took at least kSlow: none is in the 0.1 s bucket, all in 0.25+.
    EXPECT_GE(e.value(sum, {{"endpoint", "torrents/info"}}), 3 * 0.12);
    EXPECT_EQ(e.value(bucket, {{"endpoint", "torrents/info"}, {"le", "0.1"}}), 0);
    EXPECT_EQ(e.value(bucket, {{"endpoint", "torrents/info"}, {"le", "+Inf"}}), 3);
    EXPECT_LT(e.value(sum, {{"endpoint", "app/version"}}), 0.12);  // the fake answers it at once
}

TEST(QbtLatency, AnUnreachableServerIsObservedUntilItFailed) {
    auto probe = std::make_unique<TinyHttpServer>(fake_qbittorrent);
    const std::string url = probe->url();  // a port nothing listens on once the probe is gone
    probe.reset();
    metrics::ServerMetrics metrics;
    webapi::CurlWebApi api(config_for(url));
    api.set_call_observer([&metrics](const std::string& endpoint, double seconds) {
        metrics.record_qbt_call(endpoint, seconds);
    });
    EXPECT_THROW(api.login(), webapi::WebApiError);
    EXPECT_EQ(metrics.registry().value(kFamily, {"auth/login"}), 1);
}

}  // namespace
}  // namespace qbt::testing

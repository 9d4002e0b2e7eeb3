// The preview's bounds, over a slow fake qBittorrent: a preview past
// engine.preview_timeout answers 504, a second one meanwhile 429, and once the slow one
// has ended previews run again.
#include "fake_web_api.hpp"
#include "real_server.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

namespace qbt::testing {
namespace {

using Clock = std::chrono::steady_clock;

// torrents/info takes `delay`.
class SlowWebApi : public FakeWebApi {
public:
    explicit SlowWebApi(std::chrono::milliseconds delay) : delay_(delay) {}
    webapi::Response request(const webapi::Request& request) override {
        if (request.endpoint == "torrents/info") std::this_thread::sleep_for(delay_);
        return FakeWebApi::request(request);
    }

private:
    std::chrono::milliseconds delay_;
};

const char* kRules = R"(
rules:
  - name: Tag all
    conditions: [{field: info.name, operator: contains, value: t}]
    actions: [{type: add_tag, params: {tags: [x]}}]
)";

TEST(PreviewBound, TimeoutThenBusyThenFreeAgain) {
    SlowWebApi api(std::chrono::milliseconds(1500));
    api.add_torrent(R"({"hash":"aaaa000000000000000000000000000000000001","name":"t1","tags":""})");
    RealServer server(api, kRules, std::chrono::milliseconds(300));

    long code = 0;
    auto started = Clock::now();
    auto answer = post_json(server.url("/api/preview"), "", &code);
    const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
    EXPECT_EQ(code, 504);
    EXPECT_STREQ(answer["error"].GetString(), "preview_timeout");
    EXPECT_LT(seconds, 1.2);

    post_json(server.url("/api/preview"), "", &code);
    EXPECT_EQ(code, 429);  // the first one is still running in the background

    std::this_thread::sleep_for(std::chrono::milliseconds(1600));
    post_json(server.url("/api/preview"), "", &code);
    EXPECT_EQ(code, 504);  // accepted again (and slow again), not 429
    EXPECT_EQ(api.write_calls(), 0u);
}

TEST(PreviewBound, FastPreviewAnswers200AndWritesNothing) {
    SlowWebApi api(std::chrono::milliseconds(0));
    api.add_torrent(R"({"hash":"aaaa000000000000000000000000000000000001","name":"t1","tags":""})");
    RealServer server(api, kRules, std::chrono::milliseconds(5000));
    long code = 0;
    for (int i = 0; i < 3; ++i) {  // one at a time, one after another: never busy
        auto answer = post_json(server.url("/api/preview"), "", &code);
        ASSERT_EQ(code, 200);
        EXPECT_EQ(answer["stats"]["actions_planned"].GetInt(), 1);
    }
    EXPECT_EQ(api.write_calls(), 0u);
    EXPECT_EQ(api.field("aaaa000000000000000000000000000000000001", "tags"), "\"\"");
}

}  // namespace
}  // namespace qbt::testing

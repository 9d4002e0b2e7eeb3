// The notify action against a local HTTP receiver: one message per rule per job, the
// body each service expects, retries with backoff, and the time bound.
#include "notify_fixture.hpp"

#include <chrono>

namespace qbt::testing {
plugin::PluginHost* NotifyTest::plugins_ = nullptr;

namespace {

std::string rules(const std::string& service, const std::string& url, const std::string& extra = "",
                  const std::string& match = "alpha") {
    return "rules:\n"
           "  - name: Notify " + service + "\n"
           "    conditions:\n"
           "      - {field: info.name, operator: contains, value: " + match + "}\n"
           "    actions:\n"
           "      - type: notify\n"
           "        params: {service: " + service + ", url: '" + url + "'" + extra + "}\n";
}

int errors_of(const engine::JobOutcome& outcome) {
    rapidjson::Document doc;
    doc.Parse(outcome.result_json.c_str());
    return doc.IsObject() && doc.HasMember("errors") ? doc["errors"].GetInt() : -1;
}

TEST_F(NotifyTest, DiscordGetsOneMessagePerRulePerJobListingTheBatch) {
    HttpReceiver receiver;
    auto outcome = run(rules("discord", receiver.url("/api/webhooks/1/secret-token")));
    ASSERT_TRUE(outcome.ok) << outcome.error;
    ASSERT_EQ(receiver.count(), 1u);  // two torrents matched: still one message
    ReceivedRequest r = receiver.requests()[0];
    EXPECT_EQ(r.method, "POST");
    EXPECT_EQ(r.path, "/api/webhooks/1/secret-token");
    EXPECT_EQ(r.headers["content-type"], "application/json");
    auto body = json(r.body);
    ASSERT_TRUE(body.IsObject() && body.HasMember("content")) << r.body;
    EXPECT_EQ(body.MemberCount(), 1u);
    EXPECT_STREQ(body["content"].GetString(), "2 torrent(s) matched rule Notify discord: alpha one, alpha two");
    EXPECT_EQ(errors_of(outcome), 0);
}

TEST_F(NotifyTest, TwoRulesTwoMessagesAndASecondJobSendsAgain) {
    HttpReceiver receiver;
    const std::string yaml = "rules:\n"
                             "  - name: first\n"
                             "    conditions: [{field: info.name, operator: contains, value: alpha}]\n"
                             "    actions: [{type: notify, params: {service: slack, url: '" + receiver.url("/a") + "'}}]\n"
                             "  - name: second\n"
                             "    conditions: [{field: info.ratio, operator: '>', value: 1}]\n"
                             "    actions: [{type: notify, params: {service: slack, url: '" + receiver.url("/b") + "'}}]\n";
    ASSERT_TRUE(run(yaml).ok);
    ASSERT_EQ(receiver.count(), 2u);
    auto requests = receiver.requests();
    EXPECT_EQ(requests[0].path, "/a");
    EXPECT_NE(requests[0].body.find("2 torrent(s) matched rule first"), std::string::npos) << requests[0].body;
    EXPECT_EQ(requests[1].path, "/b");
    EXPECT_NE(requests[1].body.find("2 torrent(s) matched rule second: alpha one, beta"), std::string::npos)
        << requests[1].body;
    ASSERT_TRUE(run(yaml).ok);  // nothing is "already in place" for a notification
    EXPECT_EQ(receiver.count(), 4u);
}

TEST_F(NotifyTest, SlackBodyIsText) {
    HttpReceiver receiver;
    auto outcome = run(rules("slack", receiver.url("/services/T/B/X"), ", template: '{rule}: {count}'", "beta"));
    ASSERT_TRUE(outcome.ok) << outcome.error;
    ASSERT_EQ(receiver.count(), 1u);
    auto body = json(receiver.requests()[0].body);
    ASSERT_TRUE(body.HasMember("text"));
    EXPECT_STREQ(body["text"].GetString(), "Notify slack: 1");
}

TEST_F(NotifyTest, NtfyIsPlainTextWithATitleAndPerTorrentLines) {
    HttpReceiver receiver;
    auto outcome = run(rules("ntfy", receiver.url("/mytopic"),
                             ", title: 'Done: {rule}', template: '{name} r={ratio} s={size} t=[{tags}] c={category}'"));
    ASSERT_TRUE(outcome.ok) << outcome.error;
    ASSERT_EQ(receiver.count(), 1u);
    auto r = receiver.requests()[0];
    EXPECT_EQ(r.headers["title"], "Done: Notify ntfy");
    EXPECT_EQ(r.headers["content-type"].rfind("text/plain", 0), 0u);
    EXPECT_EQ(r.body,
              "alpha one r=1.50 s=1.5 GiB t=[a, b] c=movies\n"
              "alpha two r=0.25 s=2.0 KiB t=[] c=");
}

TEST_F(NotifyTest, WebhookSendsTheTorrentsAsJson) {
    HttpReceiver receiver;
    auto outcome = run(rules("webhook", receiver.url("/hook"), ", line: '- {name}', template: \"{count}:\\n{torrents}\""));
    ASSERT_TRUE(outcome.ok) << outcome.error;
    ASSERT_EQ(receiver.count(), 1u);
    auto body = json(receiver.requests()[0].body);
    EXPECT_STREQ(body["rule"].GetString(), "Notify webhook");
    EXPECT_STREQ(body["job_id"].GetString(), "job-1");
    EXPECT_EQ(body["count"].GetInt(), 2);
    EXPECT_STREQ(body["message"].GetString(), "2:\n- alpha one\n- alpha two");
    ASSERT_EQ(body["torrents"].Size(), 2u);
    EXPECT_STREQ(body["torrents"][0]["hash"].GetString(), "aaaa000000000000000000000000000000000001");
    EXPECT_STREQ(body["torrents"][0]["category"].GetString(), "movies");
    EXPECT_DOUBLE_EQ(body["torrents"][0]["ratio"].GetDouble(), 1.5);
    EXPECT_EQ(body["torrents"][1]["size"].GetInt64(), 2048);
}

TEST_F(NotifyTest, DryRunSendsNothing) {
    HttpReceiver receiver;
    ASSERT_TRUE(run(rules("discord", receiver.url("/x")), true).ok);
    EXPECT_EQ(receiver.count(), 0u);
}

TEST_F(NotifyTest, RetriesServerErrorsWithBackoffThenSucceeds) {
    HttpReceiver receiver({500, 500, 200});
    const auto started = std::chrono::steady_clock::now();
    auto outcome = run(rules("discord", receiver.url("/x"), ", retries: 3, timeout: 5"));
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    ASSERT_TRUE(outcome.ok) << outcome.error;
    EXPECT_EQ(receiver.count(), 3u);
    EXPECT_EQ(errors_of(outcome), 0);
    EXPECT_GE(seconds, 1.4);  // backoff 0.5 s then 1 s
    EXPECT_LT(seconds, 10.0);
}

TEST_F(NotifyTest, GivesUpAfterTheRetriesAndCountsEveryTorrentAsAnError) {
    HttpReceiver receiver({500, 500, 500, 500});
    auto outcome = run(rules("webhook", receiver.url("/hook/secret-token"), ", retries: 2, timeout: 5"));
    ASSERT_TRUE(outcome.ok) << outcome.error;
    EXPECT_EQ(receiver.count(), 3u);  // first try + 2 retries
    EXPECT_EQ(errors_of(outcome), 2);
    // The audit says why, and never shows the URL.
    EXPECT_NE(outcome.audit_json.find("HTTP 500"), std::string::npos) << outcome.audit_json;
    EXPECT_EQ(outcome.audit_json.find("secret-token"), std::string::npos) << outcome.audit_json;
    EXPECT_NE(outcome.audit_json.find("\"url\":\"***\""), std::string::npos) << outcome.audit_json;
}

TEST_F(NotifyTest, ClientErrorsAreNotRetried) {
    HttpReceiver receiver({404});
    auto outcome = run(rules("discord", receiver.url("/x"), ", retries: 3"));
    ASSERT_TRUE(outcome.ok);
    EXPECT_EQ(receiver.count(), 1u);
    EXPECT_EQ(errors_of(outcome), 2);
}

TEST_F(NotifyTest, AHangingReceiverHoldsTheJobNoLongerThanTheBound) {
    HttpReceiver receiver({HttpReceiver::kHang, HttpReceiver::kHang, HttpReceiver::kHang});
    const auto started = std::chrono::steady_clock::now();
    auto outcome = run(rules("discord", receiver.url("/x"), ", retries: 1, timeout: 1"));
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    ASSERT_TRUE(outcome.ok);
    EXPECT_EQ(errors_of(outcome), 2);
    EXPECT_GE(seconds, 0.9);
    EXPECT_LT(seconds, 2.6);  // timeout * (retries + 1) = 2 s, plus slack
    EXPECT_LE(receiver.count(), 2u);
}

TEST_F(NotifyTest, BadParamsAreRuleLoadErrorsNamingTheParam) {
    EXPECT_NE(load_error(rules("email", "http://127.0.0.1:9/x")).find("param 'service'"), std::string::npos);
    EXPECT_NE(load_error(rules("discord", "ftp://127.0.0.1/x")).find("param 'url'"), std::string::npos);
    const std::string bad_placeholder = load_error(rules("discord", "http://127.0.0.1:9/x", ", template: '{nmae}'"));
    EXPECT_NE(bad_placeholder.find("{nmae}"), std::string::npos) << bad_placeholder;
    EXPECT_NE(load_error(rules("discord", "http://127.0.0.1:9/x", ", retries: 99")).find("param 'retries'"),
              std::string::npos);
    EXPECT_NE(load_error(rules("discord", "http://127.0.0.1:9/x", ", timeout: forever")).find("param 'timeout'"),
              std::string::npos);
    EXPECT_NE(load_error(rules("discord", "http://127.0.0.1:9/x", ", colour: red")).find("param 'colour'"),
              std::string::npos);
    // A bad URL is refused without repeating it (it usually holds a token).
    const std::string url_error = load_error(rules("discord", "gopher://secret-token@127.0.0.1/"));
    EXPECT_EQ(url_error.find("secret-token"), std::string::npos) << url_error;
}

}  // namespace
}  // namespace qbt::testing

// Redaction of secret params and the audit's size cap.
#include "engine/audit.hpp"
#include "rules/redact.hpp"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

namespace qbt::engine {
namespace {

TEST(AuditRedaction, SecretNamesAtAnyDepthBecomeStars) {
    const std::string redacted = rules::redact_params_json(
        R"({"service":"discord","url":"https://x/api/webhooks/1/tok","nested":{"API_Key":"k","tags":["a"]},)"
        R"("list":[{"password":"p","keep":1}],"Webhook":"w","auth_token":5,"client_secret":null,"tags":["t"]})");
    EXPECT_EQ(redacted,
              R"({"service":"discord","url":"***","nested":{"API_Key":"***","tags":["a"]},)"
              R"("list":[{"password":"***","keep":1}],"Webhook":"***","auth_token":"***","client_secret":"***","tags":["t"]})");
}

TEST(AuditRedaction, NonObjectsBecomeEmpty) {
    EXPECT_EQ(rules::redact_params_json("not json"), "{}");
    EXPECT_EQ(rules::redact_params_json("[1]"), "{}");
    EXPECT_EQ(rules::redact_params_json(""), "{}");
}

TEST(AuditRedaction, OrdinaryParamsStay) {
    EXPECT_FALSE(rules::is_secret_param("tags"));
    EXPECT_FALSE(rules::is_secret_param("category"));
    EXPECT_FALSE(rules::is_secret_param("delete_files"));
    EXPECT_TRUE(rules::is_secret_param("URL"));
    EXPECT_TRUE(rules::is_secret_param("monkey"));  // contains "key": redacting too much is the safe side
}

TEST(AuditLog, KeepsAtMostTheCapAndCountsTheRest) {
    AuditLog log;
    EXPECT_TRUE(log.empty());
    for (size_t i = 0; i < AuditLog::kMaxEntries + 7; ++i)
        log.add({"r", "h" + std::to_string(i), "n", "add_tag", "{}", "ok"});
    EXPECT_EQ(log.entries().size(), AuditLog::kMaxEntries);
    EXPECT_EQ(log.omitted(), 7u);
    rapidjson::Document doc;
    doc.Parse(log.to_json().c_str());
    ASSERT_FALSE(doc.HasParseError());
    EXPECT_EQ(doc["actions"].Size(), AuditLog::kMaxEntries);
    EXPECT_EQ(doc["omitted"].GetUint64(), 7u);
    EXPECT_STREQ(doc["actions"][0]["outcome"].GetString(), "ok");
    EXPECT_TRUE(doc["actions"][0]["params"].IsObject());
}

}  // namespace
}  // namespace qbt::engine

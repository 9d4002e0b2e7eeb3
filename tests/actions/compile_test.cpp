// Rule-load validation of action params: errors name the action and the param.
#include "unit_fixture.hpp"

#include <gmock/gmock.h>

using ::testing::HasSubstr;

namespace qbt::testing {

TEST_F(ActionsUnit, ExportsEveryContractActionAndAlias) {
    for (const char* name : {"stop", "pause", "start", "resume", "force_start", "recheck", "reannounce",
                             "delete_torrent", "set_category", "add_tag", "remove_tag", "set_tags",
                             "set_upload_limit", "set_download_limit", "set_share_limits"})
        EXPECT_NE(plugin().find(name), nullptr) << name;
    EXPECT_EQ(plugin().find("pause"), plugin().find("stop"));
    EXPECT_EQ(plugin().find("resume"), plugin().find("start"));
    EXPECT_STREQ(plugin().entry().id, "org.qbt-rules.core-actions");
    EXPECT_EQ(action("delete_torrent")->flags & QBT_ACTION_REMOVES_TORRENT, QBT_ACTION_REMOVES_TORRENT);
    EXPECT_EQ(action("add_tag")->flags & QBT_ACTION_REMOVES_TORRENT, 0u);
}

TEST_F(ActionsUnit, UnknownParamIsNamedWithTheValidOnes) {
    int code = 0;
    const std::string msg = compile_error("add_tag", R"({"tag": ["x"]})", &code);
    EXPECT_EQ(code, QBT_E_INVALID);
    EXPECT_THAT(msg, HasSubstr("add_tag"));
    EXPECT_THAT(msg, HasSubstr("unknown param 'tag'"));
    EXPECT_THAT(msg, HasSubstr("valid params: tags"));
    EXPECT_THAT(compile_error("stop", R"({"force": true})"), HasSubstr("takes no params"));
    EXPECT_THAT(compile_error("set_share_limits", R"({"ratio_limit": 2})"),
                HasSubstr("ratio, seeding_time, inactive_seeding_time, action"));
}

TEST_F(ActionsUnit, NoParamsAndEmptyParamsCompile) {
    for (const char* name : {"stop", "start", "recheck", "reannounce", "delete_torrent", "force_start",
                             "set_share_limits"}) {
        EXPECT_EQ(compile_error(name, "{}"), "") << name;
        EXPECT_EQ(compile_error(name, "null"), "") << name;
    }
    EXPECT_THAT(compile_error("stop", "[1]"), HasSubstr("params must be a mapping"));
}

TEST_F(ActionsUnit, DeleteParamsContradictingIsAnError) {
    EXPECT_THAT(compile_error("delete_torrent", R"({"delete_files": true, "keep_files": true})"),
                HasSubstr("contradict"));
    EXPECT_THAT(compile_error("delete_torrent", R"({"delete_files": false, "keep_files": false})"),
                HasSubstr("keep_files"));
    EXPECT_EQ(compile_error("delete_torrent", R"({"delete_files": false, "keep_files": true})"), "");
    EXPECT_EQ(compile_error("delete_torrent", R"({"delete_files": "yes"})"), "");
    EXPECT_THAT(compile_error("delete_torrent", R"({"delete_files": 3})"),
                HasSubstr("param 'delete_files' must be true or false, got 3"));
}

TEST_F(ActionsUnit, BadTagsAreRejected) {
    EXPECT_THAT(compile_error("add_tag", R"({"tags": ["ok", "a,b"]})"), HasSubstr("\"a,b\" contains a comma"));
    EXPECT_THAT(compile_error("add_tag", R"({"tags": ["  "]})"), HasSubstr("empty tag"));
    EXPECT_THAT(compile_error("add_tag", R"({"tags": []})"), HasSubstr("at least one tag"));
    EXPECT_THAT(compile_error("remove_tag", "{}"), HasSubstr("param 'tags' is required"));
    EXPECT_THAT(compile_error("add_tag", R"({"tags": {"a": 1}})"), HasSubstr("list of strings or one string"));
    EXPECT_THAT(compile_error("set_tags", R"({"tags": ["a", true]})"), HasSubstr("item 2 must be a string"));
    EXPECT_EQ(compile_error("set_tags", R"({"tags": []})"), "");  // clears all tags
    EXPECT_EQ(compile_error("add_tag", R"({"tags": "single"})"), "");
    EXPECT_EQ(compile_error("add_tag", R"({"tags": [2024]})"), "");  // YAML number as tag text
}

TEST_F(ActionsUnit, BadLimitsAreRejected) {
    EXPECT_THAT(compile_error("set_upload_limit", R"({"limit": "fast"})"), HasSubstr("\"fast\" is not a size"));
    EXPECT_THAT(compile_error("set_upload_limit", R"({"limit": "1 XB"})"), HasSubstr("is not a size"));
    EXPECT_THAT(compile_error("set_download_limit", R"({"limit": -5})"), HasSubstr("-1 or 0"));
    EXPECT_THAT(compile_error("set_download_limit", R"({"limit": true})"), HasSubstr("must be a number"));
    EXPECT_THAT(compile_error("set_download_limit", "{}"), HasSubstr("param 'limit' is required"));
    EXPECT_THAT(compile_error("set_upload_limit", R"({"limit": "10 TB"})"), HasSubstr("too large"));
    EXPECT_EQ(compile_error("set_upload_limit", R"({"limit": "1.5 MiB"})"), "");
    EXPECT_EQ(compile_error("set_upload_limit", R"({"limit": "-1"})"), "");
}

TEST_F(ActionsUnit, BadValuesOfOtherActionsAreRejected) {
    EXPECT_THAT(compile_error("force_start", R"({"value": "maybe"})"),
                HasSubstr("force_start: param 'value' must be true or false, got \"maybe\""));
    EXPECT_THAT(compile_error("set_category", "{}"), HasSubstr("param 'category' is required"));
    EXPECT_THAT(compile_error("set_category", R"({"category": ["a"]})"), HasSubstr("must be a string"));
    EXPECT_THAT(compile_error("set_category", R"({"category": "a//b"})"), HasSubstr("not a valid"));
    EXPECT_THAT(compile_error("set_category", R"({"category": "/a"})"), HasSubstr("not a valid"));
    EXPECT_EQ(compile_error("set_category", R"({"category": ""})"), "");
    EXPECT_EQ(compile_error("set_category", R"({"category": "TV/HD"})"), "");
    EXPECT_THAT(compile_error("set_share_limits", R"({"ratio": "two"})"), HasSubstr("param 'ratio' must be a number"));
    EXPECT_THAT(compile_error("set_share_limits", R"({"ratio": -3})"), HasSubstr("-2 (global)"));
    EXPECT_THAT(compile_error("set_share_limits", R"({"seeding_time": -7})"), HasSubstr("param 'seeding_time'"));
    EXPECT_THAT(compile_error("set_share_limits", R"({"inactive_seeding_time": "soon"})"),
                HasSubstr("\"soon\" is not a duration"));
    EXPECT_THAT(compile_error("set_share_limits", R"({"action": "explode"})"),
                HasSubstr("stop, remove, remove_with_content, super_seeding"));
    EXPECT_EQ(compile_error("set_share_limits",
                            R"({"ratio": 1.5, "seeding_time": "7 days", "inactive_seeding_time": 60, "action": "remove"})"),
              "");
}

}  // namespace qbt::testing

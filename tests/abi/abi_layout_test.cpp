// Pins the published ABI layout (x86-64 / aarch64 LP64). If one of these changes, the
// change is not a minor version bump: see sdk/include/qbt/version.h.
#include <qbt/qbt.h>

#include <gtest/gtest.h>

#include <cstddef>

static_assert(sizeof(void*) == 8, "layout pins assume LP64");

// Values and errors.
static_assert(sizeof(qbt_string) == 16);
static_assert(sizeof(qbt_value) == 24 && offsetof(qbt_value, as) == 8);
static_assert(sizeof(qbt_member) == 40 && offsetof(qbt_member, value) == 16);
static_assert(sizeof(qbt_error) == 260 && offsetof(qbt_error, message) == 4);

// Entry and host table.
static_assert(offsetof(qbt_plugin_entry, abi_major) == 4 && offsetof(qbt_plugin_entry, id) == 16);
static_assert(offsetof(qbt_plugin_entry, init) == 48 && offsetof(qbt_plugin_entry, get_factory) == 64);
static_assert(offsetof(qbt_plugin_entry, get_factory) + sizeof(void*) == 72);  // the 1.0 entry
static_assert(offsetof(qbt_host, host_version) == 16 && offsetof(qbt_host, log) == 24);
static_assert(offsetof(qbt_host, qbt_request) == 40 && offsetof(qbt_host, host_data) == 56);
static_assert(sizeof(qbt_api_request) == 40 && sizeof(qbt_api_version) == 12);

// Kinds.
static_assert(offsetof(qbt_condition_operator, compile) == 32 && sizeof(qbt_condition_operator) == 56);
static_assert(sizeof(qbt_match_context) == 16 && offsetof(qbt_match_context, now) == 8);
static_assert(offsetof(qbt_action, compile) == 40 && offsetof(qbt_action, release) == 72);
static_assert(offsetof(qbt_action, release) + sizeof(void*) == 80);  // the 1.0 action
static_assert(sizeof(qbt_torrent) == 32 && offsetof(qbt_action_call, rule_name) == 32);  // 40 bytes up to 1.1
static_assert(offsetof(qbt_queue_backend, open) == 24 && offsetof(qbt_queue_backend, ping) == 120);
static_assert(sizeof(qbt_job) >= 104 && offsetof(qbt_job, document) == 88);
static_assert(offsetof(qbt_job_filter, offset) == 32 && sizeof(qbt_dequeue_request) == 24);

// 1.1: appended members only; everything above (the 1.0 layout) stays where it was.
static_assert(offsetof(qbt_queue_backend, enqueue_many) == 128);
static_assert(offsetof(qbt_queue_backend, dequeue_leased) == 136 && offsetof(qbt_queue_backend, claim_once) == 200);
static_assert(offsetof(qbt_queue_backend, claim_once) + sizeof(void*) == 208);  // the 1.1 backend
static_assert(offsetof(qbt_job, instance) == 104 && sizeof(qbt_job) == 120);
static_assert(offsetof(qbt_job_filter, instance) == 40 && sizeof(qbt_job_filter) == 48);
static_assert(sizeof(qbt_lease) == 32 && offsetof(qbt_lease, token) == 24);
static_assert(sizeof(qbt_leased_dequeue_request) == 48 && offsetof(qbt_leased_dequeue_request, lease_ms) == 40);

// 1.2: appended members only; the 1.0 and 1.1 layouts above stay where they were.
static_assert(offsetof(qbt_plugin_entry, flags) == 72 && sizeof(qbt_plugin_entry) == 80);
static_assert(offsetof(qbt_action, execute_batch) == 80 && sizeof(qbt_action) == 88);
static_assert(offsetof(qbt_queue_backend, capabilities) == 208 && offsetof(qbt_queue_backend, setting_count) == 212);
static_assert(offsetof(qbt_queue_backend, settings) == 216);
static_assert(sizeof(qbt_queue_setting) == 40 && offsetof(qbt_queue_setting, kind) == 16);
static_assert(offsetof(qbt_queue_setting, default_value) == 24 && offsetof(qbt_queue_setting, description) == 32);
static_assert(QBT_PLUGIN_THREAD_SAFE == 0x1u && QBT_QUEUE_GROUP == 0x1u);
static_assert(QBT_SETTING_TEXT == 0 && QBT_SETTING_BOOLEAN == 4 && QBT_SETTING_DATA_PATH == 0x4u);
// 1.2 (issue 15, files on disk): host services after host_data, dry_run after rule_name.
static_assert(offsetof(qbt_host, remove_torrents) == 64 && offsetof(qbt_host, move_torrents) == 72);
static_assert(offsetof(qbt_host, audit_note) == 80);  // sizeof 64 up to 1.1, 80 in 1.2
static_assert(offsetof(qbt_action_call, dry_run) == 40 && sizeof(qbt_action_call) == 48);
static_assert(offsetof(qbt_remove_request, hashes) == 8 && offsetof(qbt_remove_request, count) == 16);
static_assert(offsetof(qbt_remove_request, delete_files) == 24 && offsetof(qbt_remove_request, recycle) == 32);
static_assert(sizeof(qbt_remove_request) == 40);
static_assert(offsetof(qbt_move_request, location) == 24 && offsetof(qbt_move_request, locations) == 32);
static_assert(sizeof(qbt_move_request) == 40);
static_assert(QBT_ACTION_REMOVES_TORRENT == 0x1u && QBT_ACTION_PLANS_IN_DRY_RUN == 0x2u);
static_assert(QBT_RECYCLE_DEFAULT == 0 && QBT_RECYCLE_NEVER == 1);
// 1.3 (branch audit): qbt_host.audit_note appended after move_torrents.
static_assert(offsetof(qbt_host, audit_note) == 80 && sizeof(qbt_host) == 88);  // 80 in 1.2
static_assert(QBT_AUDIT_NOTE_MAX == 1024);

// 1.3 (issue 19, deferred jobs): defer after settings; the capability bit beside GROUP.
static_assert(offsetof(qbt_queue_backend, defer) == 224 && sizeof(qbt_queue_backend) == 232);  // 224 up to 1.2
static_assert(QBT_QUEUE_DEFER == 0x2u);

TEST(AbiLayout, VersionMacrosAreConsistent) {
    EXPECT_EQ(QBT_ABI_MAJOR, 1);
    EXPECT_EQ(QBT_ABI_MINOR, 3);
    EXPECT_STREQ(QBT_ENTRY_SYMBOL, "qbt_entry");
    EXPECT_STREQ(QBT_ACTION_FACTORY_ID, "qbt.action/1");
    EXPECT_STREQ(QBT_CONDITION_OPERATOR_FACTORY_ID, "qbt.condition-operator/1");
    EXPECT_STREQ(QBT_QUEUE_BACKEND_FACTORY_ID, "qbt.queue-backend/1");
}

TEST(AbiLayout, HasMemberSeesOnlyWhatASmallerStructHolds) {
    qbt_host host{};
    host.struct_size = offsetof(qbt_host, qbt_request);  // as if built before qbt_request existed
    EXPECT_TRUE(QBT_HAS_MEMBER(&host, qbt_host, get_config));
    EXPECT_FALSE(QBT_HAS_MEMBER(&host, qbt_host, qbt_request));
    host.struct_size = sizeof(qbt_host);
    EXPECT_TRUE(QBT_HAS_MEMBER(&host, qbt_host, host_data));
}

TEST(AbiLayout, A11ActionCallEndsBeforeDryRun) {
    qbt_action_call call{};
    call.struct_size = offsetof(qbt_action_call, dry_run);  // as a 1.1 host fills it
    EXPECT_TRUE(QBT_HAS_MEMBER(&call, qbt_action_call, rule_name));
    EXPECT_FALSE(QBT_HAS_MEMBER(&call, qbt_action_call, dry_run));
    qbt_host host{};
    host.struct_size = offsetof(qbt_host, remove_torrents);  // a 1.1 host table
    EXPECT_TRUE(QBT_HAS_MEMBER(&host, qbt_host, host_data));
    EXPECT_FALSE(QBT_HAS_MEMBER(&host, qbt_host, remove_torrents));
    EXPECT_FALSE(QBT_HAS_MEMBER(&host, qbt_host, move_torrents));
}

TEST(AbiLayout, A12HostTableEndsBeforeAuditNote) {
    qbt_host host{};
    host.struct_size = offsetof(qbt_host, audit_note);  // a 1.2 host table
    EXPECT_TRUE(QBT_HAS_MEMBER(&host, qbt_host, move_torrents));
    EXPECT_FALSE(QBT_HAS_MEMBER(&host, qbt_host, audit_note));
    host.struct_size = sizeof(qbt_host);
    EXPECT_TRUE(QBT_HAS_MEMBER(&host, qbt_host, audit_note));
}

TEST(AbiLayout, ErrorSetTruncatesAndReturnsTheCode) {
    qbt_error err{};
    std::string long_text(1000, 'x');
    EXPECT_EQ(qbt_error_set(&err, QBT_E_INVALID, "%s", long_text.c_str()), QBT_E_INVALID);
    EXPECT_EQ(err.code, QBT_E_INVALID);
    EXPECT_EQ(std::string(err.message).size(), QBT_ERROR_MESSAGE_SIZE - 1u);
    EXPECT_EQ(qbt_error_set(nullptr, QBT_E_IO, "ignored"), QBT_E_IO);
}

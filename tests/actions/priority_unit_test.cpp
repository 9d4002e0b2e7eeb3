// The four queue-priority actions against the recording fake host: endpoint, form,
// never satisfied, no effect, 409 (queueing disabled) fails the chunk with the status logged.
#include "unit_fixture.hpp"

#include <gmock/gmock.h>

using ::testing::Each;

namespace qbt::testing {

namespace {
struct Case {
    const char* action;
    const char* endpoint;
};
const Case kCases[] = {
    {"increase_priority", "torrents/increasePrio"},
    {"decrease_priority", "torrents/decreasePrio"},
    {"set_top_priority", "torrents/topPrio"},
    {"set_bottom_priority", "torrents/bottomPrio"},
};
}  // namespace

TEST_F(ActionsUnit, PriorityActionsPostTheirEndpointWithOnlyTheHashes) {
    for (const Case& c : kCases) {
        host.reset();
        Torrents t;
        t.add(hash(1), R"({"state":"queuedDL","priority":3})");
        t.add(hash(2), R"({"state":"downloading","priority":1})");
        auto r = run(*compile(c.action), t);
        ASSERT_EQ(r.rc, QBT_OK) << c.action << ": " << r.error;
        EXPECT_THAT(r.results, Each(QBT_OK)) << c.action;
        ASSERT_EQ(host.calls.size(), 1u) << c.action;
        EXPECT_EQ(host.calls[0].method, "POST");
        EXPECT_EQ(host.calls[0].endpoint, c.endpoint);
        const auto form = decode_form(host.calls[0].form);
        EXPECT_EQ(form.size(), 1u) << c.action << ": " << host.calls[0].form;
        EXPECT_EQ(form.at("hashes"), hash(1) + "|" + hash(2));
    }
}

TEST_F(ActionsUnit, PriorityActionsAreNeverSatisfiedAndPredictNoField) {
    for (const Case& c : kCases) {
        auto a = compile(c.action);
        // No is_satisfied at all: the engine always runs them (a move is relative).
        EXPECT_EQ(a->action()->is_satisfied, nullptr) << c.action;
        EXPECT_EQ(satisfied(*a, R"({"priority":1})"), -100) << c.action << " at the top already";
        EXPECT_EQ(effect(*a, R"({"priority":2,"state":"queuedDL"})"), "{}") << c.action;
    }
}

TEST_F(ActionsUnit, PriorityActionsTakeNoParams) {
    for (const Case& c : kCases) {
        EXPECT_EQ(compile_error(c.action, "{}"), "") << c.action;
        EXPECT_THAT(compile_error(c.action, R"({"steps": 2})"), ::testing::HasSubstr("steps")) << c.action;
    }
}

TEST_F(ActionsUnit, PriorityConflictFromDisabledQueueingFailsTheChunkWithTheStatus) {
    host.status_for = [](const RecordedCall&) { return 409; };
    Torrents t;
    t.add(hash(1), R"({"priority":0})");
    auto r = run(*compile("set_top_priority"), t);
    ASSERT_EQ(r.rc, QBT_OK) << r.error;
    EXPECT_THAT(r.results, Each(QBT_E_IO));
    EXPECT_TRUE(host.logged("HTTP 409")) << "the 409 must be in the log";
}

}  // namespace qbt::testing

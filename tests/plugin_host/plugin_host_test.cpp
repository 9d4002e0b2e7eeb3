// The plugin loader against real .so files: version refusal, several directories,
// duplicates, failing and crashing plugins. The host must keep running through all.
#include "plugin/entry_check.hpp"
#include "plugin/plugin_host.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;
using qbt::plugin::LoaderOptions;
using qbt::plugin::PluginHost;

namespace {

class PluginDirs : public ::testing::Test {
protected:
    void SetUp() override {
        root_ = fs::temp_directory_path() / ("qbt-plugin-test-" + std::to_string(::getpid()) + "-" +
                                             ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(root_);
        fs::create_directories(root_ / "builtin");
        fs::create_directories(root_ / "a");
        fs::create_directories(root_ / "b");
    }
    void TearDown() override { fs::remove_all(root_); }

    // Copy the built test plugin `name` into directory `dir` (relative to root).
    std::string put(const std::string& name, const std::string& dir) {
        const fs::path from = fs::path(TEST_PLUGIN_BUILD_DIR) / ("test_" + name + ".so");
        const fs::path to = root_ / dir / ("test_" + name + ".so");
        fs::copy_file(from, to, fs::copy_options::overwrite_existing);
        return to.string();
    }
    LoaderOptions options(bool probe = true) {
        LoaderOptions o;
        o.builtin_dir = (root_ / "builtin").string();
        o.user_dirs = {(root_ / "a").string(), (root_ / "b").string(), (root_ / "missing").string()};
        o.probe_user_plugins = probe;
        return o;
    }
    bool has_problem(const PluginHost& host, const std::string& needle) {
        for (const auto& p : host.registry().problems())
            if (p.find(needle) != std::string::npos) return true;
        return false;
    }
    fs::path root_;
};

TEST_F(PluginDirs, LoadsPluginsFromEveryDirectory) {
    put("good", "a");
    put("second_dir", "b");
    PluginHost host(options());
    host.load_all();
    ASSERT_NE(host.registry().find_action("test_echo").descriptor, nullptr);
    ASSERT_NE(host.registry().find_action("test_second").descriptor, nullptr);
    EXPECT_EQ(host.registry().find_action("test_second").plugin->id, "org.example.second");
    EXPECT_EQ(host.registry().plugins().size(), 2u);
    EXPECT_TRUE(host.registry().problems().empty());
    EXPECT_NE(host.host_table_for(host.registry().find_action("test_echo").plugin), nullptr);
}

TEST_F(PluginDirs, RefusesAnotherMajorVersionAndKeepsLoading) {
    const auto path = put("wrong_major", "a");
    put("good", "b");
    PluginHost host(options());
    host.load_all();
    EXPECT_EQ(host.registry().find_action("test_wrong_major").descriptor, nullptr);
    EXPECT_NE(host.registry().find_action("test_echo").descriptor, nullptr);
    const std::string ours = std::to_string(QBT_ABI_MAJOR) + "." + std::to_string(QBT_ABI_MINOR);
    const std::string theirs = std::to_string(QBT_ABI_MAJOR + 1) + "." + std::to_string(QBT_ABI_MINOR);
    ASSERT_EQ(host.registry().problems().size(), 1u);
    const auto& problem = host.registry().problems()[0];
    EXPECT_NE(problem.find(path), std::string::npos) << problem;
    EXPECT_NE(problem.find("plugin ABI " + theirs), std::string::npos) << problem;
    EXPECT_NE(problem.find("host's ABI " + ours), std::string::npos) << problem;
}

TEST_F(PluginDirs, RefusesANewerMinorVersion) {
    put("newer_minor", "a");
    PluginHost host(options());
    host.load_all();
    EXPECT_EQ(host.registry().find_action("test_newer_minor").descriptor, nullptr);
    EXPECT_TRUE(has_problem(host, "is newer than the host's ABI"));
}

TEST_F(PluginDirs, ReportsDuplicateNamesAndIdsKeepingTheFirst) {
    put("good", "a");
    put("dup_action", "b");
    put("dup_id", "b");
    PluginHost host(options());
    host.load_all();
    EXPECT_EQ(host.registry().find_action("test_echo").plugin->id, "org.example.good");
    EXPECT_TRUE(has_problem(host, "duplicate action 'test_echo'"));
    EXPECT_TRUE(has_problem(host, "duplicate plugin id 'org.example.good'"));
    EXPECT_EQ(host.registry().find_action("test_dup_id").descriptor, nullptr);
}

TEST_F(PluginDirs, ReportsFailedInitWithThePluginsMessage) {
    put("init_fails", "a");
    PluginHost host(options());
    host.load_all();
    EXPECT_EQ(host.registry().find_action("test_init_fails").descriptor, nullptr);
    EXPECT_TRUE(has_problem(host, "init failed: test plugin refuses to start: no database"));
}

TEST_F(PluginDirs, SurvivesPluginsThatCrashWhileLoadingOrInitialising) {
    put("crash_on_load", "a");
    put("crash_in_init", "a");
    put("good", "b");
    PluginHost host(options(/*probe=*/true));
    host.load_all();  // would kill this test process without the forked probe
    EXPECT_TRUE(has_problem(host, "test_crash_on_load.so: crashed with signal 11"));
    EXPECT_TRUE(has_problem(host, "test_crash_in_init.so: crashed with signal 11"));
    EXPECT_NE(host.registry().find_action("test_echo").descriptor, nullptr);
}

TEST_F(PluginDirs, ReportsAFileThatIsNotAPlugin) {
    put("no_entry", "a");
    std::ofstream(root_ / "a" / "garbage.so") << "not an ELF file";
    PluginHost host(options());
    host.load_all();
    EXPECT_TRUE(has_problem(host, "does not export the entry symbol 'qbt_entry'"));
    EXPECT_TRUE(has_problem(host, "garbage.so: cannot be loaded"));
}

TEST(PluginFiles, ListsOnlySharedObjectsSorted) {
    const fs::path dir = fs::temp_directory_path() / ("qbt-plugin-files-" + std::to_string(::getpid()));
    fs::create_directories(dir / "sub.so");
    for (const char* name : {"b.so", "a.so", ".hidden.so", "readme.txt"}) std::ofstream(dir / name) << "x";
    auto files = qbt::plugin::plugin_files_in(dir.string());
    fs::remove_all(dir);
    ASSERT_EQ(files.size(), 2u);
    EXPECT_EQ(fs::path(files[0]).filename(), "a.so");
    EXPECT_EQ(fs::path(files[1]).filename(), "b.so");
    EXPECT_TRUE(qbt::plugin::plugin_files_in("/nonexistent/dir").empty());
}

TEST(BuiltinPlugins, TheShippedPluginsLoadWithoutProblems) {
    LoaderOptions o;
    o.builtin_dir = qbt::plugin::resolve_builtin_dir("");
    PluginHost host(o);
    host.load_all();
    for (const auto& p : host.registry().problems()) ADD_FAILURE() << p;
    EXPECT_FALSE(host.registry().plugins().empty());
    for (const auto& plugin : host.registry().plugins()) EXPECT_TRUE(plugin.builtin);
}

// ABI 1.3: both built-in queue backends defer jobs; the capability and the function must
// agree, or the backend is refused with a message naming what is wrong.
TEST(BuiltinPlugins, QueueBackendsDeclareDeferredJobsAndTheCheckKeepsThemHonest) {
    LoaderOptions o;
    o.builtin_dir = qbt::plugin::resolve_builtin_dir("");
    PluginHost host(o);
    host.load_all();
    for (const char* name : {"sqlite", "redis"}) {
        const qbt_queue_backend* backend = host.registry().find_queue_backend(name).descriptor;
        ASSERT_NE(backend, nullptr) << name;
        EXPECT_EQ(backend->capabilities & QBT_QUEUE_DEFER, QBT_QUEUE_DEFER) << name;
        EXPECT_NE(backend->defer, nullptr) << name;
        qbt_queue_backend lacking = *backend;
        lacking.defer = nullptr;
        EXPECT_NE(qbt::plugin::check_descriptor(lacking).find("declares deferred jobs (QBT_QUEUE_DEFER) but lacks defer"),
                  std::string::npos);
        qbt_queue_backend undeclared = *backend;
        undeclared.capabilities &= ~QBT_QUEUE_DEFER;
        EXPECT_NE(qbt::plugin::check_descriptor(undeclared).find("fills defer but does not declare QBT_QUEUE_DEFER"),
                  std::string::npos);
        EXPECT_EQ(qbt::plugin::check_descriptor(*backend), "");
    }
}

}  // namespace

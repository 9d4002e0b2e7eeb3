// The SQLite queue's disk filling up or turning read-only under a running server (a
// 16 MiB tmpfs mounted for the test, so it works as root, which ignores permissions):
// POST /api/execute answers 500/503 JSON saying why, the server stays up, earlier jobs
// can still be read, new jobs are accepted again once space is back, and afterwards the
// database passes PRAGMA integrity_check and holds every acknowledged job once.
#include "fault_support.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/mount.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <set>

namespace qf = qbt::faults;
namespace qt = qbt::testing;
namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

// A small tmpfs for the database; unmounted (lazily, if busy) at the end.
class SmallDisk {
public:
    explicit SmallDisk(const fs::path& where) : path_(where) {
        fs::create_directories(path_);
        mounted_ = ::mount("tmpfs", path_.c_str(), "tmpfs", 0, "size=16m,mode=0700") == 0;
    }
    ~SmallDisk() {
        if (mounted_ && ::umount(path_.c_str()) != 0) ::umount2(path_.c_str(), MNT_DETACH);
    }
    bool mounted() const { return mounted_; }
    bool set_read_only(bool ro) {
        return ::mount("tmpfs", path_.c_str(), "tmpfs", MS_REMOUNT | (ro ? MS_RDONLY : 0), "size=16m") == 0;
    }
    // Writes a filler file until the disk is full.
    void fill() {
        std::ofstream out(path_ / "filler", std::ios::binary);
        const std::string block(4096, 'x');
        while (out.write(block.data(), block.size()) && out.flush()) {}
    }
    void unfill() {
        std::error_code ignored;
        fs::remove(path_ / "filler", ignored);
    }
    const fs::path& path() const { return path_; }

private:
    fs::path path_;
    bool mounted_ = false;
};

struct Attempts {
    std::vector<std::string> acked;
    qf::ApiResult first_refusal;
    int refused = 0;
};

// Up to `tries` POSTs; stops at the first refusal.
Attempts post_until_refused(qf::ServerProcess& server, int tries, const std::string& tag) {
    Attempts a;
    for (int i = 0; i < tries; ++i) {
        qf::ApiResult r;
        const std::string id = server.execute("context=" + tag + "-" + std::to_string(i), &r);
        if (!id.empty()) { a.acked.push_back(id); continue; }
        a.first_refusal = r;
        ++a.refused;
        break;
    }
    return a;
}

void expect_clear_refusal(const qf::ApiResult& r, const std::string& words) {
    EXPECT_TRUE(r.code == 500 || r.code == 503) << r.code << " " << r.body;
    const auto doc = qf::parse(r.body);
    ASSERT_TRUE(doc.HasMember("message")) << r.body;
    const std::string message = doc["message"].GetString();
    std::printf("refusal: %ld %s\n", r.code, r.body.c_str());
    EXPECT_NE(message.find(words), std::string::npos) << message;
}

// Runs `scenario` against a server on a 16 MiB tmpfs, then checks the database with
// its own connection: integrity_check is "ok" and every acknowledged job is there once.
void on_small_disk(const std::function<void(SmallDisk&, qf::ServerProcess&, std::vector<std::string>&)>& scenario) {
    if (qf::server_executable().empty()) GTEST_SKIP() << "$QBT_RULES_EXE is not built";
    qt::TempDir dir("qbt-faults-disk-");
    SmallDisk disk(dir.path() / "db");
    if (!disk.mounted()) GTEST_SKIP() << "cannot mount a tmpfs here (needs root / CAP_SYS_ADMIN)";
    const fs::path db = disk.path() / "qbt-rules.db";
    std::vector<std::string> stored;
    {
        // qBittorrent unreachable on 127.0.0.1:9: jobs fail fast, which writes too.
        qf::ServerProcess server(dir, {{"QBT_RULES_QUEUE_SQLITE_PATH", db.string()},
                                       {"QBT_RULES_RULES_FILE", qf::write_rules(dir, qf::kNeverMatchingRules)}});
        std::string why;
        ASSERT_TRUE(server.start(&why)) << why;
        for (int i = 0; i < 10; ++i) {
            stored.push_back(server.execute("context=early-" + std::to_string(i)));
            ASSERT_FALSE(stored.back().empty()) << server.log_tail();
        }
        ASSERT_FALSE(server.wait_job_final(stored.back(), 20s).empty());
        scenario(disk, server, stored);
        server.stop(10);
        disk.set_read_only(false);
        disk.unfill();
        // A new process on the same file accepts jobs again.
        ASSERT_TRUE(server.start(&why)) << why;
        const std::string id = server.execute("context=after-restart");
        EXPECT_FALSE(id.empty()) << server.log_tail();
        if (!id.empty()) stored.push_back(id);
        server.stop(10);
    }
    sqlite3* conn = nullptr;
    ASSERT_EQ(sqlite3_open(db.c_str(), &conn), SQLITE_OK);
    std::string check;
    sqlite3_exec(conn, "PRAGMA integrity_check", [](void* out, int, char** v, char**) {
        *static_cast<std::string*>(out) += v[0] ? v[0] : "";
        return 0;
    }, &check, nullptr);
    EXPECT_EQ(check, "ok");
    std::multiset<std::string> ids;
    sqlite3_exec(conn, "SELECT job_id FROM jobs", [](void* out, int, char** v, char**) {
        static_cast<std::multiset<std::string>*>(out)->insert(v[0]);
        return 0;
    }, &ids, nullptr);
    sqlite3_close(conn);
    for (const std::string& id : stored) EXPECT_EQ(ids.count(id), 1u) << "acknowledged job " << id;
    std::printf("%zu acknowledged jobs, %zu rows, integrity_check: %s\n", stored.size(), ids.size(), check.c_str());
}

TEST(DiskFaults, FullDiskRefusesClearlyAndDamagesNothing) {
    on_small_disk([](SmallDisk& disk, qf::ServerProcess& server, std::vector<std::string>& stored) {
        disk.fill();
        Attempts full = post_until_refused(server, 3000, "full");
        stored.insert(stored.end(), full.acked.begin(), full.acked.end());
        std::printf("disk full: %zu more jobs fitted before the first refusal\n", full.acked.size());
        ASSERT_EQ(full.refused, 1) << "the full disk never refused a job";
        expect_clear_refusal(full.first_refusal, "full");
        EXPECT_EQ(server.get("/api/jobs/" + stored.front()).code, 200) << "earlier jobs must stay readable";
        EXPECT_TRUE(server.running()) << server.log_tail();
    });
}

// Linux refuses to remount a filesystem read-only while a process has files on it open
// for writing (EBUSY), so the read-only case is a server started on a read-only disk:
// it either refuses to start saying why, or starts and refuses jobs clearly.
TEST(DiskFaults, ReadOnlyDiskIsRefusedClearly) {
    on_small_disk([](SmallDisk& disk, qf::ServerProcess& server, std::vector<std::string>& stored) {
        server.stop(10);
        ASSERT_TRUE(disk.set_read_only(true));
        std::string why;
        if (!server.start(&why)) {
            std::printf("server on a read-only disk: refused to start: %s\n", server.log_tail(400).c_str());
            EXPECT_NE(why.find("ead-only"), std::string::npos) << why;  // "Read-only file system"
            return;
        }
        Attempts ro = post_until_refused(server, 50, "ro");
        stored.insert(stored.end(), ro.acked.begin(), ro.acked.end());
        ASSERT_EQ(ro.refused, 1) << "the read-only disk never refused a job";
        expect_clear_refusal(ro.first_refusal, "read-only");
        EXPECT_EQ(server.get("/api/jobs/" + stored.front()).code, 200) << "earlier jobs must stay readable";
        EXPECT_TRUE(server.running()) << server.log_tail();
    });
}

// Space freed while the server runs: new jobs are accepted again without a restart.
TEST(DiskFaults, FullDiskRecoversWithoutRestart) {
    on_small_disk([](SmallDisk& disk, qf::ServerProcess& server, std::vector<std::string>& stored) {
        disk.fill();
        Attempts full = post_until_refused(server, 3000, "full");
        stored.insert(stored.end(), full.acked.begin(), full.acked.end());
        ASSERT_EQ(full.refused, 1);
        disk.unfill();
        qf::ApiResult last;
        EXPECT_TRUE(qf::wait_for([&] {
            const std::string id = server.execute("context=space-back", &last);
            if (!id.empty()) stored.push_back(id);
            return !id.empty();
        }, 10s)) << "still refused once space is back: " << last.body;
    });
}

}  // namespace

#include "cleanup_fakes.hpp"

#include "plugin/guarded_route.hpp"

#include <sys/stat.h>

namespace qbt::testing {

void FakeUsage::add(const std::string& hash, const std::string& name, const std::string& save,
                    const std::vector<std::pair<std::string, uint64_t>>& list) {
    cleanup::TorrentFacts facts;
    facts.name = name;
    facts.save_path = save;
    facts.local_save_path = save;
    facts.content_path = save + "/" + name;
    facts.tags = {"t1"};
    facts.category = "cat";
    torrents[key(hash)] = facts;
    auto& out = files[key(hash)];
    for (const auto& [relative, size] : list) {
        cleanup::UsedFile f;
        f.relative = relative;
        f.local_path = save + "/" + relative;
        f.size = size;
        struct stat st {};
        if (::stat(f.local_path.c_str(), &st) == 0) {
            f.device = st.st_dev;
            f.inode = st.st_ino;
            f.nlink = st.st_nlink;
        } else {
            f.device = 1;
            f.inode = std::hash<std::string>{}(f.local_path);
        }
        out.push_back(f);
    }
}

void FakeUsage::share(const std::string& a, const std::string& b, const std::string& relative) {
    for (auto [from, to] : {std::pair{a, b}, std::pair{b, a}})
        for (auto& f : files[key(from)])
            if (f.relative == relative) f.shared_with.push_back(key(to));
}

webapi::Response FakeQbt::request(const webapi::Request& r) {
    calls.push_back(r);
    auto fields = plugin::decode_form(r.method == "POST" ? r.form : r.query);
    if (r.endpoint == "torrents/info") {
        const std::string& hash = fields["hashes"];
        return {200, listed.count(hash) ? "[{\"hash\":\"" + hash + "\"}]" : "[]"};
    }
    if (r.endpoint == "torrents/export") return {200, "d8:announce4:fakee-" + fields["hash"]};
    if (r.endpoint == "torrents/delete") {
        listed.erase(fields["hashes"]);
        return {200, ""};
    }
    if (r.endpoint == "torrents/setLocation" || r.endpoint == "torrents/add") return {200, "Ok."};
    return {404, "Not Found"};
}

int FakeQbt::posts() const {
    int n = 0;
    for (const auto& c : calls) n += c.method == "POST";
    return n;
}

std::vector<webapi::Request> FakeQbt::calls_to(const std::string& endpoint) const {
    std::vector<webapi::Request> out;
    for (const auto& c : calls)
        if (c.endpoint == endpoint) out.push_back(c);
    return out;
}

}  // namespace qbt::testing

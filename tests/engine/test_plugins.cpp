#include "test_plugins.hpp"

#include "plugin/host_services.hpp"

#include <qbt/cpp/plugin.hpp>

#include <algorithm>
#include <string>
#include <vector>

namespace qbt::testing {

namespace {
using sdk::Call;
using sdk::Error;
using sdk::Torrent;
using sdk::ValueView;

bool equal(ValueView a, ValueView b) {
    if (a.is_number() && b.is_number()) return a.as_number() == b.as_number();
    if (a.is_string() && b.is_string()) return a.as_string() == b.as_string();
    if (a.is_bool() && b.is_bool()) return a.as_bool() == b.as_bool();
    return false;
}

// Keeps a private copy of the expected value (compile must not keep pointers into it).
struct Expected {
    explicit Expected(ValueView v) {
        if (v.is_array())
            for (size_t i = 0; i < v.size(); ++i) add(v.item(i));
        else
            add(v);
    }
    void add(ValueView v) {
        if (v.is_number()) numbers.push_back(v.as_number());
        else if (v.is_string()) strings.emplace_back(v.as_string());
        else if (v.is_bool()) bools.push_back(v.as_bool());
    }
    bool contains(ValueView a) const {
        if (a.is_number()) return std::find(numbers.begin(), numbers.end(), a.as_number()) != numbers.end();
        if (a.is_string()) return std::find(strings.begin(), strings.end(), a.as_string()) != strings.end();
        if (a.is_bool()) return std::find(bools.begin(), bools.end(), a.as_bool()) != bools.end();
        return false;
    }
    std::vector<double> numbers;
    std::vector<std::string> strings;
    std::vector<bool> bools;
};

struct Eq : Expected {
    using Expected::Expected;
    bool match(ValueView a, const qbt_match_context&) const { return contains(a); }
};
struct Ne : Expected {
    using Expected::Expected;
    bool match(ValueView a, const qbt_match_context&) const { return !contains(a); }
};
struct Contains : Expected {
    using Expected::Expected;
    bool match(ValueView a, const qbt_match_context&) const {
        if (!a.is_string()) return false;
        for (const auto& s : strings)
            if (a.as_string().find(s) != std::string_view::npos) return true;
        return false;
    }
};
struct NotContains : Contains {
    using Contains::Contains;
    bool match(ValueView a, const qbt_match_context& c) const { return !Contains::match(a, c); }
};
struct Greater : Expected {
    using Expected::Expected;
    bool match(ValueView a, const qbt_match_context&) const {
        return a.is_number() && !numbers.empty() && a.as_number() > numbers[0];
    }
};
struct Fail {
    explicit Fail(ValueView) {}
    bool match(ValueView, const qbt_match_context&) const { throw Error(QBT_E_LIMIT, "match limit"); }
};

std::string join_hashes(sdk::TorrentBatch batch) {
    std::string out;
    for (const auto& t : batch) out += (out.empty() ? "" : "%7C") + std::string(t.hash.data, t.hash.size);
    return out;
}
std::string field(const Torrent& t, const char* key) {
    ValueView v = t.info.get(key);
    return v.is_string() ? std::string(v.as_string()) : std::string();
}

struct AddTag {
    explicit AddTag(ValueView params) {
        ValueView tags = params.get("tags");
        for (size_t i = 0; i < tags.size(); ++i) wanted.emplace_back(tags.item(i).as_string());
    }
    std::vector<std::string> current(const Torrent& t) const {
        std::vector<std::string> out;
        std::string text = field(t, "tags");
        size_t start = 0;
        while (start < text.size()) {
            size_t comma = text.find(", ", start);
            if (comma == std::string::npos) comma = text.size();
            out.push_back(text.substr(start, comma - start));
            start = comma + 2;
        }
        return out;
    }
    bool is_satisfied(const Torrent& t) const {
        auto have = current(t);
        return std::all_of(wanted.begin(), wanted.end(),
                           [&](const auto& w) { return std::find(have.begin(), have.end(), w) != have.end(); });
    }
    void execute(const Call& call, sdk::TorrentBatch batch, std::span<int32_t>) const {
        std::string tags;
        for (const auto& w : wanted) tags += (tags.empty() ? "" : ",") + w;
        auto r = call.request("POST", "torrents/addTags", "", "hashes=" + join_hashes(batch) + "&tags=" + tags);
        if (r.status != 200) throw Error(QBT_E_IO, "addTags failed");
    }
    std::string effect(const Torrent& t) const {
        auto have = current(t);
        for (const auto& w : wanted)
            if (std::find(have.begin(), have.end(), w) == have.end()) have.push_back(w);
        std::sort(have.begin(), have.end());
        std::string text;
        for (const auto& h : have) text += (text.empty() ? "" : ", ") + h;
        return "{\"tags\":\"" + text + "\"}";
    }
    std::vector<std::string> wanted;
};

struct Stop {
    explicit Stop(ValueView) {}
    bool is_satisfied(const Torrent& t) const { return field(t, "state").starts_with("paused"); }
    void execute(const Call& call, sdk::TorrentBatch batch, std::span<int32_t>) const {
        call.request("POST", "torrents/pause", "", "hashes=" + join_hashes(batch));
    }
    std::string effect(const Torrent&) const { return R"({"state":"pausedUP"})"; }
};

struct SetCategory {
    explicit SetCategory(ValueView params) : category(params.get("category").as_string()) {}
    bool is_satisfied(const Torrent& t) const { return field(t, "category") == category; }
    void execute(const Call& call, sdk::TorrentBatch batch, std::span<int32_t>) const {
        call.request("POST", "torrents/setCategory", "", "hashes=" + join_hashes(batch) + "&category=" + category);
    }
    std::string category;
};

struct Delete {
    explicit Delete(ValueView) {}
    void execute(const Call& call, sdk::TorrentBatch batch, std::span<int32_t>) const {
        call.request("POST", "torrents/delete", "", "hashes=" + join_hashes(batch) + "&deleteFiles=true");
    }
};

struct Broken {
    explicit Broken(ValueView) {}
    void execute(const Call&, sdk::TorrentBatch, std::span<int32_t> results) const {
        for (size_t i = 0; i < results.size(); i += 2) results[i] = QBT_E_IO;  // every other one fails
    }
};

const char* const kStopAliases[] = {"pause", nullptr};
const qbt_condition_operator kOperators[] = {
    sdk::make_operator<Eq>("==", 0, "equal"),
    sdk::make_operator<Ne>("!=", QBT_OPERATOR_NEGATIVE, "not equal"),
    sdk::make_operator<Contains>("contains", 0, "substring"),
    sdk::make_operator<NotContains>("not_contains", QBT_OPERATOR_NEGATIVE, "no substring"),
    sdk::make_operator<Eq>("in", 0, "one of"),
    sdk::make_operator<Greater>(">", 0, "greater"),
    sdk::make_operator<Fail>("fail", 0, "always fails"),
};
const qbt_action kActions[] = {
    sdk::make_action<AddTag>("add_tag", nullptr, 0, "add tags"),
    sdk::make_action<Stop>("stop", kStopAliases, 0, "stop"),
    sdk::make_action<SetCategory>("set_category", nullptr, 0, "category"),
    sdk::make_action<Delete>("delete_torrent", nullptr, QBT_ACTION_REMOVES_TORRENT, "delete"),
    sdk::make_action<Broken>("broken", nullptr, 0, "fails every other torrent"),
};

void log_line(const qbt_host*, qbt_log_level, const char*) {}
int get_config(const qbt_host*, qbt_write_fn write, void* ctx) { return write(ctx, "{}", 2); }
int request(const qbt_host*, qbt_client* client, const qbt_api_request* req, qbt_write_fn write, void* ctx,
            int32_t* status, qbt_error* err) {
    auto* handle = reinterpret_cast<plugin::ClientHandle*>(client);
    try {
        webapi::Response r = handle->api->request(
            {req->method, req->endpoint, req->query ? req->query : "", req->form ? req->form : ""});
        *status = static_cast<int32_t>(r.status);
        return write(ctx, r.body.data(), r.body.size()) == 0 ? QBT_OK : QBT_E_IO;
    } catch (const std::exception& e) {
        return qbt_error_set(err, QBT_E_IO, "%s", e.what());
    }
}
int api_version(const qbt_host*, qbt_client* client, qbt_api_version* v, qbt_error*) {
    auto version = reinterpret_cast<plugin::ClientHandle*>(client)->api->api_version();
    *v = {version.major, version.minor, version.patch};
    return QBT_OK;
}
}  // namespace

const plugin::LoadedPlugin* register_test_plugins(plugin::Registry& registry) {
    plugin::LoadedPlugin record;
    record.path = "<in-process>";
    record.id = "test.engine-plugins";
    record.name = "engine test plugins";
    const plugin::LoadedPlugin* owner = registry.add_plugin(record);
    for (const auto& op : kOperators) registry.add_operator(&op, owner);
    for (const auto& action : kActions) registry.add_action(&action, owner);
    return owner;
}

const qbt_host* test_host_table() {
    static const qbt_host table{sizeof(qbt_host), QBT_ABI_MAJOR, QBT_ABI_MINOR, "test", &log_line,
                                &get_config, &request, &api_version, nullptr, nullptr, nullptr};
    return &table;
}

}  // namespace qbt::testing

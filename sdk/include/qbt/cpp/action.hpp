// Define an action as a C++ class (plugin-side helper).
//
//   struct AddTag {
//       explicit AddTag(qbt::sdk::ValueView params);                  // throw Error on bad params
//       bool is_satisfied(const Torrent& t) const;                    // optional
//       void execute(const Call& call, TorrentBatch batch,
//                    std::span<int32_t> results) const;              // throw = whole batch failed
//       std::string effect(const Torrent& t) const;                   // optional: JSON object
//   };
//   static const qbt_action add_tag = qbt::sdk::make_action<AddTag>("add_tag", nullptr, 0, "...");
//
// An action flagged QBT_ACTION_PLANS_IN_DRY_RUN is executed in dry runs too: check
// call.dry_run() and change nothing yourself (the host services plan instead).
#pragma once

#include <qbt/action.h>
#include <qbt/cpp/error.hpp>
#include <qbt/cpp/host.hpp>
#include <qbt/cpp/value_view.hpp>
#include <qbt/cpp/writer.hpp>

#include <qbt/version.h>

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace qbt::sdk {

// A torrent handed to an action.
struct Torrent {
    explicit Torrent(const qbt_torrent* t) : raw(t), info(t->info) {}
    std::string_view hash() const { return to_string_view(raw->hash); }
    const qbt_torrent* raw;
    ValueView info;
};

// The torrents of one execute call: a view of the host's array of pointers (ABI 1.2's
// execute_batch, so qbt_torrent can grow), iterated as torrents like a span.
class TorrentBatch {
public:
    class iterator {
    public:
        using value_type = qbt_torrent;
        using difference_type = std::ptrdiff_t;
        iterator() = default;
        explicit iterator(const qbt_torrent* const* at) : at_(at) {}
        const qbt_torrent& operator*() const { return **at_; }
        const qbt_torrent* operator->() const { return *at_; }
        iterator& operator++() { return ++at_, *this; }
        iterator operator++(int) { iterator before = *this; ++at_; return before; }
        bool operator==(const iterator&) const = default;

    private:
        const qbt_torrent* const* at_ = nullptr;
    };

    TorrentBatch() = default;
    TorrentBatch(const qbt_torrent* const* items, size_t count) : items_(items), count_(count) {}
    size_t size() const { return count_; }
    bool empty() const { return count_ == 0; }
    const qbt_torrent& operator[](size_t i) const { return *items_[i]; }
    const qbt_torrent* const* data() const { return items_; }
    iterator begin() const { return iterator(items_); }
    iterator end() const { return iterator(items_ + count_); }
    // Like std::span::subspan (count clamped to what is left).
    TorrentBatch subspan(size_t offset, size_t count = SIZE_MAX) const {
        offset = offset < count_ ? offset : count_;
        return TorrentBatch(items_ + offset, count < count_ - offset ? count : count_ - offset);
    }

private:
    const qbt_torrent* const* items_ = nullptr;
    size_t count_ = 0;
};

// One execute() call: the host, the qBittorrent client to use, and who asked.
struct Call {
    explicit Call(const qbt_action_call* c) : raw(c), host(c->host) {}
    ApiResponse request(const char* method, const char* endpoint, const std::string& query = {},
                        const std::string& form = {}) const {
        return host.request(raw->client, method, endpoint, query, form);
    }
    qbt_api_version api_version() const { return host.api_version(raw->client); }
    // 1.2: a dry run (only actions with QBT_ACTION_PLANS_IN_DRY_RUN are executed in one).
    bool dry_run() const { return QBT_HAS_MEMBER(raw, qbt_action_call, dry_run) && raw->dry_run != 0; }
    // 1.2 host services (see host.h): fill `results` (one per torrent of `batch`);
    // throw Error when the whole request failed or the host is older than 1.2.
    void remove_torrents(TorrentBatch batch, bool delete_files, bool include_cross_seeds,
                         qbt_recycle_mode recycle, std::span<int32_t> results) const {
        std::vector<qbt_string> hashes = hashes_of(batch);
        qbt_remove_request request{sizeof(qbt_remove_request), hashes.data(), hashes.size(),
                                   delete_files ? 1 : 0, include_cross_seeds ? 1 : 0, recycle};
        host.remove_torrents(raw, request, results);
    }
    // `locations`: one qBittorrent path per torrent of `batch`.
    void move_torrents(TorrentBatch batch, const std::vector<std::string>& locations,
                       std::span<int32_t> results) const {
        std::vector<qbt_string> hashes = hashes_of(batch);
        std::vector<const char*> paths;
        paths.reserve(locations.size());
        for (const std::string& path : locations) paths.push_back(path.c_str());
        if (paths.size() != hashes.size()) throw Error(QBT_E_INVALID, "move_torrents: one location per torrent");
        qbt_move_request request{sizeof(qbt_move_request), hashes.data(), hashes.size(), nullptr, paths.data()};
        host.move_torrents(raw, request, results);
    }
    // 1.3: attach `text` to this action's audit entry for `torrent` (a torrent of the
    // batch), or for every torrent of the call. False when the host is older than 1.3.
    bool audit_note(const qbt_torrent& torrent, const std::string& text) const {
        return host.audit_note(raw, &torrent.hash, text);
    }
    bool audit_note_all(const std::string& text) const { return host.audit_note(raw, nullptr, text); }
    const qbt_action_call* raw;
    Host host;

private:
    static std::vector<qbt_string> hashes_of(TorrentBatch batch) {
        std::vector<qbt_string> hashes;
        hashes.reserve(batch.size());
        for (const qbt_torrent& t : batch) hashes.push_back(t.hash);
        return hashes;
    }
};

namespace detail {
template <class A>
int action_compile(const qbt_value* params, void** state, qbt_error* err) {
    return guard(err, [&] {
        *state = new A(ValueView(params));
        return QBT_OK;
    });
}
template <class A>
int action_is_satisfied(const void* state, const qbt_torrent* t, qbt_error* err) {
    return guard(err, [&] { return static_cast<const A*>(state)->is_satisfied(Torrent(t)) ? 1 : 0; });
}
template <class A>
int action_execute_batch(const void* state, const qbt_action_call* call, const qbt_torrent* const* torrents,
                         size_t count, int32_t* results, qbt_error* err) {
    return guard(err, [&] {
        for (size_t i = 0; i < count; ++i) results[i] = QBT_OK;
        static_cast<const A*>(state)->execute(Call(call), TorrentBatch(torrents, count),
                                              std::span<int32_t>(results, count));
        return QBT_OK;
    });
}
template <class A>
int action_effect(const void* state, const qbt_torrent* t, qbt_write_fn write, void* ctx,
                  qbt_error* err) {
    return guard(err, [&] {
        std::string json = static_cast<const A*>(state)->effect(Torrent(t));
        return write_all(write, ctx, json) ? QBT_OK : QBT_E_IO;
    });
}
template <class A>
void action_release(void* state) {
    delete static_cast<A*>(state);
}
}  // namespace detail

template <class A>
constexpr qbt_action make_action(const char* name, const char* const* aliases, uint32_t flags,
                                 const char* description) {
    qbt_action a{};
    a.struct_size = sizeof(qbt_action);
    a.name = name;
    a.aliases = aliases;
    a.flags = flags;
    a.description = description;
    a.compile = &detail::action_compile<A>;
    if constexpr (requires(const A& x, const Torrent& t) { x.is_satisfied(t); })
        a.is_satisfied = &detail::action_is_satisfied<A>;
    a.execute_batch = &detail::action_execute_batch<A>;  // ABI 1.2; execute (1.0 layout) stays NULL
    if constexpr (requires(const A& x, const Torrent& t) { x.effect(t); })
        a.effect = &detail::action_effect<A>;
    a.release = &detail::action_release<A>;
    return a;
}

}  // namespace qbt::sdk

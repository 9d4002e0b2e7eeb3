// delete_torrent: torrents/delete; removes the torrent from the job.
#include "actions.hpp"
#include "batch_call.hpp"
#include "params.hpp"

namespace qbt::core_actions {

namespace {

// `delete_files` (default true) or the older `keep_files` (default false), same meaning
// inverted; both given and disagreeing is a load error.
struct DeleteTorrent {
    explicit DeleteTorrent(sdk::ValueView params) {
        Params p(params, "delete_torrent", {"delete_files", "keep_files"});
        const auto delete_files = p.boolean("delete_files");
        const auto keep_files = p.boolean("keep_files");
        if (delete_files && keep_files && *delete_files == *keep_files)
            throw sdk::Error(QBT_E_INVALID,
                             std::string("delete_torrent: params 'delete_files: ") +
                                 (*delete_files ? "true" : "false") + "' and 'keep_files: " +
                                 (*keep_files ? "true" : "false") +
                                 "' contradict each other (give only one)");
        delete_files_ = delete_files ? *delete_files : keep_files ? !*keep_files : true;
    }

    void execute(const sdk::Call& call, sdk::TorrentBatch batch,
                 std::span<int32_t> results) const {
        post_chunked(call, "delete_torrent", batch, results, "torrents/delete",
                     std::string("deleteFiles=") + (delete_files_ ? "true" : "false"));
    }

    // The torrent leaves the job; nothing to merge into its info.
    std::string effect(const sdk::Torrent&) const { return "{}"; }

private:
    bool delete_files_ = true;
};

}  // namespace

const qbt_action delete_torrent_action = sdk::make_action<DeleteTorrent>(
    "delete_torrent", nullptr, QBT_ACTION_REMOVES_TORRENT,
    "Remove the torrents from qBittorrent, with their files unless delete_files: false.");

}  // namespace qbt::core_actions

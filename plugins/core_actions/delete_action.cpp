// delete_torrent: removes the torrents through the host's guarded remove_torrents (ABI
// 1.2): files another torrent still uses stay, the recycle bin applies, and with
// include_cross_seeds a torrent's whole cross-seed group goes with it (all or none).
// Executed in dry runs too (the host plans what would be removed, kept and recycled).
#include "actions.hpp"
#include "params.hpp"

#include <qbt/cpp/action.hpp>

#include <span>
#include <string>
#include <vector>

namespace qbt::core_actions {

namespace {

// `delete_files` (default true) or the older `keep_files` (default false), same meaning
// inverted; both given and disagreeing is a load error.
struct DeleteTorrent {
    explicit DeleteTorrent(sdk::ValueView params) {
        Params p(params, "delete_torrent", {"delete_files", "keep_files", "include_cross_seeds", "recycle"});
        const auto delete_files = p.boolean("delete_files");
        const auto keep_files = p.boolean("keep_files");
        if (delete_files && keep_files && *delete_files == *keep_files)
            throw sdk::Error(QBT_E_INVALID,
                             std::string("delete_torrent: params 'delete_files: ") +
                                 (*delete_files ? "true" : "false") + "' and 'keep_files: " +
                                 (*keep_files ? "true" : "false") +
                                 "' contradict each other (give only one)");
        delete_files_ = delete_files ? *delete_files : keep_files ? !*keep_files : true;
        include_cross_seeds_ = p.boolean("include_cross_seeds").value_or(false);
        recycle_ = p.boolean("recycle").value_or(true);
    }

    void execute(const sdk::Call& call, sdk::TorrentBatch batch, std::span<int32_t> results) const {
        call.remove_torrents(batch, delete_files_, include_cross_seeds_,
                             recycle_ ? QBT_RECYCLE_DEFAULT : QBT_RECYCLE_NEVER, results);
    }

    // The torrent leaves the job; nothing to merge into its info.
    std::string effect(const sdk::Torrent&) const { return "{}"; }

private:
    bool delete_files_ = true;
    bool include_cross_seeds_ = false;
    bool recycle_ = true;
};

}  // namespace

const qbt_action delete_torrent_action = sdk::make_action<DeleteTorrent>(
    "delete_torrent", nullptr, QBT_ACTION_REMOVES_TORRENT | QBT_ACTION_PLANS_IN_DRY_RUN,
    "Remove the torrents from qBittorrent, with their files unless delete_files: false; files another "
    "torrent still uses are kept; into the recycle bin when one is configured (recycle: false opts out); "
    "include_cross_seeds: true removes each torrent's whole cross-seed group.");

}  // namespace qbt::core_actions

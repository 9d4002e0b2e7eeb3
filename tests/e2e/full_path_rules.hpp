// The e2e_full_path scenario: 30 torrents, the rules.yml run against them, and what each
// rule must do to each torrent (the expectation the job's counts and qBittorrent's state
// are both checked against).
#pragma once

#include "qbt_lab.hpp"

#include <optional>
#include <string>
#include <vector>

namespace qbt::e2e {

inline constexpr const char* kNightly = "e2e-nightly";

inline constexpr const char* kRulesYaml = R"yaml(
refs:
  vars:
    distro_names: [ubuntu-, debian-, Fedora-, archlinux-]
    big: 256 KiB
  conditions:
    kept:
      - field: info.tags
        operator: in
        value: [keep]

rules:
  - name: Categorize distro images
    context: e2e-nightly
    conditions:
      all:
        - field: info.category
          operator: ==
          value: ''
      any:
        - field: info.name
          operator: contains
          value: ${vars.distro_names}
        - field: trackers.url
          operator: matches
          value: '/distro/'
    actions:
      - type: set_category
        params: {category: linux-isos}

  - name: Tag private
    context: e2e-nightly
    conditions:
      - field: trackers.url
        operator: matches
        value: '(?i)/PRIVATE/announce\?passkey='
    actions:
      - type: add_tag
        params: {tags: [private]}

  - name: Tag big
    context: [weekly-cleanup, e2e-nightly]
    conditions:
      - field: info.size
        operator: larger_than
        value: ${vars.big}
    actions:
      - type: add_tag
        params: {tags: big}

  - name: Slow down movies
    context: e2e-nightly
    conditions:
      - field: info.category
        operator: ==
        value: movies
      - field: info.name
        operator: matches
        value: '(?i)\.(mkv|mp4)$'
    actions:
      - type: set_upload_limit
        params: {limit: 100 KiB}

  - name: Pause flagged
    context: e2e-nightly
    conditions:
      all:
        - field: info.tags
          operator: in
          value: [stopme]
      none:
        - $ref: conditions.kept
    actions:
      - type: add_tag
        params: {tags: [paused-by-rules]}
      - type: pause

  - name: Delete trash
    context: e2e-nightly
    conditions:
      all:
        - field: info.category
          operator: ==
          value: trash
        - field: info.progress
          operator: '>='
          value: 1
      none:
        - $ref: conditions.kept
    actions:
      - type: delete_torrent
        params: {delete_files: false}

  - name: Never in this context
    context: weekly-cleanup
    conditions:
      - field: info.size
        operator: '>'
        value: 0
    actions:
      - type: add_tag
        params: {tags: [wrong-context]}

  - name: Label unsorted
    conditions:
      - field: info.category
        operator: '=='
        value: ''
      - field: info.name
        operator: not_contains
        value: '.torrent'
    actions:
      - type: add_tag
        params: {tags: [unsorted]}
)yaml";

// What the rules above do to one torrent in a first e2e-nightly job.
struct Expected {
    std::vector<std::string> added_tags;
    std::optional<std::string> new_category;
    std::optional<long> new_up_limit;
    bool paused_by_job = false;
    bool deleted = false;
    int rules_matched = 0;
    int actions_skipped = 0;  // already in effect

    int actions_executed() const {
        return static_cast<int>(added_tags.size()) + (new_category ? 1 : 0) + (new_up_limit ? 1 : 0) +
               (paused_by_job ? 1 : 0) + (deleted ? 1 : 0);
    }
};

struct Case {
    testing::TorrentSpec spec;
    Expected expected;
};

inline testing::TorrentSpec torrent(std::string name, size_t size, std::string tracker, std::string category = "",
                                    std::vector<std::string> tags = {}, bool paused = false) {
    testing::TorrentSpec spec;
    spec.name = std::move(name);
    spec.size_bytes = size;
    spec.tracker = std::move(tracker);
    spec.category = std::move(category);
    spec.tags = std::move(tags);
    spec.paused = paused;
    return spec;
}

inline Expected expect(std::vector<std::string> added_tags, std::optional<std::string> category,
                       std::optional<long> up_limit, bool paused, bool deleted, int rules_matched, int skipped = 0) {
    return Expected{std::move(added_tags), std::move(category), up_limit, paused, deleted, rules_matched, skipped};
}

inline std::vector<Case> full_path_cases() {
    const std::string distro = "http://127.0.0.1:9/distro/announce";
    const std::string priv = "http://127.0.0.1:9/private/announce?passkey=0123abcd";
    const std::string pub = "http://127.0.0.1:9/public/announce";
    constexpr size_t KiB = 1024;
    constexpr long kLimit = 100 * 1024;
    return {
        // Distro images: categorized (one through its tracker only); two are big.
        {torrent("ubuntu-22.04-desktop-amd64.iso", 512 * KiB, distro), expect({"big"}, "linux-isos", {}, false, false, 2)},
        {torrent("ubuntu-24.04-live-server-amd64.iso", 32 * KiB, pub), expect({}, "linux-isos", {}, false, false, 1)},
        {torrent("debian-12.5.0-amd64-netinst.iso", 48 * KiB, distro), expect({}, "linux-isos", {}, false, false, 1)},
        {torrent("Fedora-Workstation-Live-x86_64-40.iso", 16 * KiB, distro), expect({}, "linux-isos", {}, false, false, 1)},
        {torrent("netboot-mini.img", 300 * KiB, distro), expect({"big"}, "linux-isos", {}, false, false, 2)},
        // Private tracker: tagged (one already is); one flagged to pause.
        {torrent("Artist - Album (2020) [FLAC]", 20 * KiB, priv, "music"), expect({"private"}, {}, {}, false, false, 1)},
        {torrent("Band - Live at Home [MP3 320]", 24 * KiB, priv, "music", {"private"}), expect({}, {}, {}, false, false, 1, 1)},
        {torrent("Composer - Symphony No. 5", 28 * KiB, priv, "music", {"stopme"}), expect({"private", "paused-by-rules"}, {}, {}, true, false, 2)},
        {torrent("Singer - Greatest Hits", 32 * KiB, priv, "music"), expect({"private"}, {}, {}, false, false, 1)},
        {torrent("Podcast Collection 2023", 36 * KiB, priv, "music"), expect({"private"}, {}, {}, false, false, 1)},
        {torrent("Audiobook - Long Story", 40 * KiB, priv, "music"), expect({"private"}, {}, {}, false, false, 1)},
        // Movies: mkv/mp4 slowed (case-insensitive), avi untouched; one big, one flagged.
        {torrent("Some.Movie.2019.1080p.mkv", 64 * KiB, pub, "movies"), expect({}, {}, kLimit, false, false, 1)},
        {torrent("Other.Film.2021.720p.mp4", 40 * KiB, pub, "movies"), expect({}, {}, kLimit, false, false, 1)},
        {torrent("Old.Classic.1960.avi", 30 * KiB, pub, "movies"), expect({}, {}, {}, false, false, 0)},
        {torrent("Epic.Saga.2022.2160p.mkv", 400 * KiB, pub, "movies"), expect({"big"}, {}, kLimit, false, false, 2)},
        {torrent("Short.Film.2018.mkv", 24 * KiB, pub, "movies", {"stopme"}), expect({"paused-by-rules"}, {}, kLimit, true, false, 2)},
        {torrent("LOUD.TRAILER.MKV", 20 * KiB, pub, "movies"), expect({}, {}, kLimit, false, false, 1)},
        // Trash: deleted with their files kept, except the one tagged keep; one big first.
        {torrent("junk-download-1.bin", 16 * KiB, pub, "trash"), expect({}, {}, {}, false, true, 1)},
        {torrent("junk-download-2.bin", 18 * KiB, pub, "trash"), expect({}, {}, {}, false, true, 1)},
        {torrent("junk-but-keep.bin", 22 * KiB, pub, "trash", {"keep"}), expect({}, {}, {}, false, false, 0)},
        {torrent("junk-huge.bin", 600 * KiB, pub, "trash"), expect({"big"}, {}, {}, false, true, 2)},
        // No category: labelled unsorted by the context-free rule (one already is).
        {torrent("notes-2021.txt", 16 * KiB, pub), expect({"unsorted"}, {}, {}, false, false, 1)},
        {torrent("photos-backup.zip", 80 * KiB, pub), expect({"unsorted"}, {}, {}, false, false, 1)},
        {torrent("podcast-ep01.mp3", 60 * KiB, pub), expect({"unsorted"}, {}, {}, false, false, 1)},
        {torrent("sample-video.mkv", 50 * KiB, pub), expect({"unsorted"}, {}, {}, false, false, 1)},
        {torrent("game-patch-1.2.bin", 1024 * KiB, pub), expect({"big", "unsorted"}, {}, {}, false, false, 2)},
        {torrent("already-unsorted.dat", 16 * KiB, pub, "", {"unsorted"}), expect({}, {}, {}, false, false, 1, 1)},
        // Documents: already tagged big (skip); untouched; paused already (pause skipped).
        {torrent("manual-big.pdf", 512 * KiB, pub, "docs", {"big"}), expect({}, {}, {}, false, false, 1, 1)},
        {torrent("manual.pdf", 16 * KiB, pub, "docs"), expect({}, {}, {}, false, false, 0)},
        {torrent("ebook.epub", 20 * KiB, pub, "docs", {"stopme"}, true), expect({"paused-by-rules"}, {}, {}, false, false, 1, 1)},
    };
}

}  // namespace qbt::e2e

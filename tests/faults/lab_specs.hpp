// Torrent specs for QbtLab::add_torrents from names only (defaults for the rest).
#pragma once

#include "qbt_lab.hpp"

#include <initializer_list>
#include <vector>

namespace qbt::faults {

inline std::vector<qbt::testing::TorrentSpec> torrents_named(std::initializer_list<const char*> names) {
    std::vector<qbt::testing::TorrentSpec> specs;
    for (const char* name : names) {
        qbt::testing::TorrentSpec spec;
        spec.name = name;
        specs.push_back(spec);
    }
    return specs;
}

}  // namespace qbt::faults

// rules.yml of the cleanup end-to-end tests: one context per case; each rule picks the
// torrents its test tagged. `%MOVED%` is replaced by the lab's folder for set_location.
#pragma once

namespace qbt::e2e {

inline constexpr const char* kCleanupRules = R"(rules:
  - name: delete one of a cross-seed pair
    context: [pair, dry]
    conditions: [{field: info.tags, operator: contains, value: pair-delete}]
    actions: [{type: delete_torrent, params: {delete_files: true, recycle: false}}]
  - name: delete with the library link
    context: library
    conditions: [{field: info.tags, operator: contains, value: library-delete}]
    actions: [{type: delete_torrent, params: {delete_files: true, recycle: false}}]
  - name: into the recycle bin
    context: recycle
    conditions: [{field: info.tags, operator: contains, value: recycle-me}]
    actions: [{type: delete_torrent}]
  - name: a group that does not fit
    context: group
    max_deletes: 1
    conditions: [{field: info.tags, operator: contains, value: group-tight}]
    actions: [{type: delete_torrent, params: {include_cross_seeds: true, recycle: false}}]
  - name: a group that fits
    context: group
    max_deletes: 2
    conditions: [{field: info.tags, operator: contains, value: group-delete}]
    actions: [{type: delete_torrent, params: {include_cross_seeds: true, recycle: false}}]
  - name: move by category
    context: move
    conditions: [{field: info.tags, operator: contains, value: move-me}]
    actions: [{type: set_location, params: {location: '%MOVED%/{category}'}}]
  - name: free space, oldest first
    context: free
    until: {free_space: '${vars.target}'}
    order_by: info.added_on
    conditions: [{field: info.tags, operator: contains, value: free-me}]
    actions: [{type: delete_torrent, params: {recycle: false}}]
  - name: free space into a bin on the same disk
    context: free-bin
    until: {free_space: '${vars.target}'}
    order_by: -info.added_on
    conditions: [{field: info.tags, operator: contains, value: free-bin}]
    actions: [{type: delete_torrent}]
  - name: a 1.1 plugin deletes by itself
    context: raw
    conditions: [{field: info.tags, operator: contains, value: raw-delete}]
    actions: [{type: raw_delete}]
refs:
  vars: {target: '%TARGET%'}
)";

}  // namespace qbt::e2e

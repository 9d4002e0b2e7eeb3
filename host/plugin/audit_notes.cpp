#include "plugin/audit_notes.hpp"

#include <qbt/error.h>
#include <qbt/host.h>

#include <rapidjson/encodings.h>
#include <rapidjson/stringbuffer.h>

#include <cstring>

namespace qbt::plugin {

namespace {

constexpr std::string_view kSeparator = "; ";

// The longest prefix of `text` of at most `limit` bytes that ends on a character boundary.
std::string_view cut_at_character(std::string_view text, size_t limit) {
    if (text.size() <= limit) return text;
    size_t end = limit;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;  // a continuation byte
    return text.substr(0, end);
}

}  // namespace

std::string mask_secrets(std::string text, const std::vector<std::string>& secrets) {
    for (const std::string& secret : secrets) {
        if (secret.empty()) continue;
        for (size_t at = text.find(secret); at != std::string::npos; at = text.find(secret, at + 3))
            text.replace(at, secret.size(), "***");
    }
    return text;
}

bool valid_utf8(std::string_view text) {
    if (std::memchr(text.data(), '\0', text.size()) != nullptr) return false;
    const std::string copy(text);  // rapidjson's stream reads up to the NUL
    rapidjson::StringStream in(copy.c_str());
    rapidjson::StringBuffer sink;
    while (in.Peek() != '\0')
        if (!rapidjson::UTF8<>::Validate(in, sink)) return false;
    return true;
}

AuditNotes::AuditNotes(const std::vector<std::string>& hashes, const std::vector<std::string>& secrets)
    : secrets_(secrets) {
    for (const std::string& hash : hashes) notes_.emplace(hash, std::string());
}

bool AuditNotes::append(std::string& note, const std::string& text) const {
    constexpr std::string_view marker = QBT_AUDIT_NOTE_TRUNCATED;
    constexpr size_t room = QBT_AUDIT_NOTE_MAX - marker.size();
    if (note.size() >= marker.size() && note.compare(note.size() - marker.size(), marker.size(), marker) == 0)
        return true;  // already full
    std::string joined = note.empty() ? text : note + std::string(kSeparator) + text;
    if (joined.size() <= QBT_AUDIT_NOTE_MAX) {
        note = std::move(joined);
        return false;
    }
    note = std::string(cut_at_character(joined, room)) + std::string(marker);
    return true;
}

int AuditNotes::add(const std::string* hash, std::string_view text, std::string& why) {
    if (!on_owner_thread()) {
        why = "audit_note must be called on the thread running the execute() call";
        return QBT_E_STATE;
    }
    if (!valid_utf8(text)) {
        why = "audit_note: the text is not valid UTF-8";
        return QBT_E_INVALID;
    }
    const std::string masked = mask_secrets(std::string(text), secrets_);
    if (hash == nullptr) {
        bool cut = false;
        for (auto& [h, note] : notes_) cut = append(note, masked) || cut;
        return cut ? 1 : QBT_OK;
    }
    auto it = notes_.find(*hash);
    if (it == notes_.end()) {
        why = "audit_note: torrent " + *hash + " is not in this call's batch";
        return QBT_E_NOT_FOUND;
    }
    return append(it->second, masked) ? 1 : QBT_OK;
}

std::string AuditNotes::note(const std::string& hash) const {
    auto it = notes_.find(hash);
    return it == notes_.end() ? std::string() : it->second;
}

}  // namespace qbt::plugin

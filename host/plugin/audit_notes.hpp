// What an action attaches to its audit entries during one execute() call (ABI 1.3
// qbt_host.audit_note): one bounded note per torrent of the batch, UTF-8 checked, the
// configuration's secret values masked. Owned by the caller of execute(), handed to the
// plugin through the call's ClientHandle; usable only on the thread that made it.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace qbt::plugin {

class AuditNotes {
public:
    // `hashes`: the batch; `secrets`: values to mask (config::secret_values), kept by reference.
    AuditNotes(const std::vector<std::string>& hashes, const std::vector<std::string>& secrets);

    // Adds `text` to `hash`'s note (nullptr: every torrent of the batch). Returns QBT_OK, 1
    // when a note was cut at QBT_AUDIT_NOTE_MAX, or a negative QBT_E_* code with `why`.
    int add(const std::string* hash, std::string_view text, std::string& why);
    // The torrent's note, "" when none.
    std::string note(const std::string& hash) const;
    bool on_owner_thread() const { return std::this_thread::get_id() == owner_; }

private:
    bool append(std::string& note, const std::string& text) const;  // true when cut

    std::map<std::string, std::string> notes_;  // every hash of the batch, "" until noted
    const std::vector<std::string>& secrets_;
    std::thread::id owner_ = std::this_thread::get_id();
};

// `text` with every occurrence of each value of `secrets` replaced by "***".
std::string mask_secrets(std::string text, const std::vector<std::string>& secrets);
// True when `text` is well-formed UTF-8 (no overlongs, surrogates or NUL).
bool valid_utf8(std::string_view text);

}  // namespace qbt::plugin

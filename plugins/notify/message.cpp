#include "message.hpp"

#include <qbt/cpp/value_view.hpp>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdio>
#include <functional>
#include <set>

namespace qbt::notify {

namespace {

const std::set<std::string, std::less<>> kBatchKeys = {"count", "rule", "job_id", "names", "torrents"};
const std::set<std::string, std::less<>> kTorrentKeys = {"name", "hash", "ratio", "tags", "category", "size"};

using Lookup = std::function<std::string(const std::string&)>;

// Replaces each {identifier} for which `lookup` is consulted; other text stays.
std::string fill(const std::string& text, const Lookup& lookup) {
    std::string out;
    size_t i = 0;
    while (i < text.size()) {
        const size_t open = text.find('{', i);
        if (open == std::string::npos) break;
        const size_t close = text.find('}', open + 1);
        if (close == std::string::npos) break;
        const std::string key = text.substr(open + 1, close - open - 1);
        out.append(text, i, open - i);
        if (kBatchKeys.count(key) || kTorrentKeys.count(key)) out += lookup(key);
        else out.append(text, open, close - open + 1);
        i = close + 1;
    }
    out.append(text, i, std::string::npos);
    return out;
}

bool uses_torrent_keys(const std::string& text) {
    bool uses = false;
    fill(text, [&](const std::string& key) {
        if (kTorrentKeys.count(key)) uses = true;
        return std::string();
    });
    return uses;
}

std::string ratio_text(double ratio) {
    char out[32];
    std::snprintf(out, sizeof out, "%.2f", ratio);
    return out;
}

std::string torrent_value(const TorrentFields& t, const std::string& key) {
    if (key == "name") return t.name;
    if (key == "hash") return t.hash;
    if (key == "ratio") return ratio_text(t.ratio);
    if (key == "tags") return t.tags;
    if (key == "category") return t.category;
    if (key == "size") return human_size(t.size);
    return "";
}

std::string more(size_t count) {
    return count > kMaxListed ? "... and " + std::to_string(count - kMaxListed) + " more" : "";
}

std::string joined_lines(const std::string& line, const Batch& batch, const Lookup& batch_value) {
    std::string out;
    for (size_t i = 0; i < batch.torrents.size() && i < kMaxListed; ++i) {
        const TorrentFields& t = batch.torrents[i];
        if (i) out += '\n';
        out += fill(line, [&](const std::string& key) {
            return kTorrentKeys.count(key) ? torrent_value(t, key) : batch_value(key);
        });
    }
    if (std::string rest = more(batch.torrents.size()); !rest.empty()) out += "\n" + rest;
    return out;
}

// Cuts at a UTF-8 boundary and marks the cut.
std::string limit(std::string text, size_t max_bytes) {
    if (text.size() <= max_bytes) return text;
    size_t cut = max_bytes - 3;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    text.resize(cut);
    return text + "...";
}

void str(rapidjson::Writer<rapidjson::StringBuffer>& w, const std::string& s) {
    w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}

}  // namespace

std::vector<TorrentFields> fields_of(sdk::TorrentBatch batch) {
    std::vector<TorrentFields> out;
    out.reserve(batch.size());
    for (const qbt_torrent& raw : batch) {
        sdk::ValueView info(raw.info);
        TorrentFields t;
        t.hash = std::string(sdk::to_string_view(raw.hash));
        if (auto v = info.get("name"); v.is_string()) t.name = std::string(v.as_string());
        if (auto v = info.get("ratio"); v.is_number()) t.ratio = v.as_number();
        if (auto v = info.get("tags"); v.is_string()) t.tags = std::string(v.as_string());
        if (auto v = info.get("category"); v.is_string()) t.category = std::string(v.as_string());
        if (auto v = info.get("size"); v.is_number()) t.size = static_cast<int64_t>(v.as_number());
        out.push_back(std::move(t));
    }
    return out;
}

std::string unknown_placeholder(const std::string& text) {
    size_t i = 0;
    while ((i = text.find('{', i)) != std::string::npos) {
        const size_t close = text.find('}', i + 1);
        if (close == std::string::npos) return "";
        const std::string key = text.substr(i + 1, close - i - 1);
        const bool identifier = !key.empty() && key.find_first_not_of("abcdefghijklmnopqrstuvwxyz_") == std::string::npos;
        if (identifier && !kBatchKeys.count(key) && !kTorrentKeys.count(key)) return key;
        i = close + 1;
    }
    return "";
}

std::string known_placeholders() {
    return "{count} {rule} {job_id} {names} {torrents} {name} {hash} {ratio} {tags} {category} {size}";
}

std::string render_message(const NotifyParams& params, const Batch& batch) {
    Lookup batch_value = [&](const std::string& key) -> std::string {
        if (key == "count") return std::to_string(batch.torrents.size());
        if (key == "rule") return batch.rule;
        if (key == "job_id") return batch.job_id;
        if (key == "torrents") return joined_lines(params.line_template, batch, [](const std::string&) { return ""; });
        if (key == "names") {
            std::string names;
            for (size_t i = 0; i < batch.torrents.size() && i < kMaxListed; ++i)
                names += (i ? ", " : "") + batch.torrents[i].name;
            if (std::string rest = more(batch.torrents.size()); !rest.empty()) names += " " + rest;
            return names;
        }
        return "";
    };
    if (uses_torrent_keys(params.message_template)) return joined_lines(params.message_template, batch, batch_value);
    return fill(params.message_template, batch_value);
}

Payload build_payload(const NotifyParams& params, const Batch& batch) {
    const std::string message = render_message(params, batch);
    Payload out;
    if (params.service == Service::Ntfy) {
        out.body = limit(message, 4096);
        out.content_type = "text/plain; charset=utf-8";
        NotifyParams title = params;
        title.message_template = params.title_template;
        out.title = render_message(title, batch);
        for (char& c : out.title)
            if (c == '\r' || c == '\n') c = ' ';
        out.title = limit(out.title, 250);
        return out;
    }
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
    w.StartObject();
    if (params.service == Service::Discord) {
        w.Key("content"); str(w, limit(message, 2000));
    } else if (params.service == Service::Slack) {
        w.Key("text"); str(w, limit(message, 39000));
    } else {
        w.Key("rule"); str(w, batch.rule);
        w.Key("job_id"); str(w, batch.job_id);
        w.Key("count"); w.Uint64(batch.torrents.size());
        w.Key("message"); str(w, message);
        w.Key("torrents");
        w.StartArray();
        for (size_t i = 0; i < batch.torrents.size() && i < kMaxWebhookTorrents; ++i) {
            const TorrentFields& t = batch.torrents[i];
            w.StartObject();
            w.Key("hash"); str(w, t.hash);
            w.Key("name"); str(w, t.name);
            w.Key("ratio"); w.Double(t.ratio);
            w.Key("tags"); str(w, t.tags);
            w.Key("category"); str(w, t.category);
            w.Key("size"); w.Int64(t.size);
            w.EndObject();
        }
        w.EndArray();
        w.Key("truncated"); w.Bool(batch.torrents.size() > kMaxWebhookTorrents);
    }
    w.EndObject();
    out.body.assign(buffer.GetString(), buffer.GetSize());
    out.content_type = "application/json";
    return out;
}

std::string human_size(int64_t bytes) {
    static const char* const units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
    double value = static_cast<double>(bytes);
    size_t unit = 0;
    while (value >= 1024 && unit + 1 < std::size(units)) {
        value /= 1024;
        ++unit;
    }
    char out[32];
    if (unit == 0) std::snprintf(out, sizeof out, "%lld B", static_cast<long long>(bytes));
    else std::snprintf(out, sizeof out, "%.1f %s", value, units[unit]);
    return out;
}

}  // namespace qbt::notify

#include "fake_host.hpp"

#include <qbt/qbt.h>

#include <cstring>

namespace qbt::testing {

namespace {

FakeHost& self(const qbt_host* host) { return *static_cast<FakeHost*>(host->host_data); }

void fake_log(const qbt_host* host, qbt_log_level level, const char* message) {
    self(host).logs.emplace_back(level, message);
}

int fake_get_config(const qbt_host*, qbt_write_fn write, void* ctx) { return write(ctx, "{}", 2) == 0 ? 0 : -1; }

int fake_request(const qbt_host* host, qbt_client*, const qbt_api_request* request, qbt_write_fn write,
                 void* ctx, int32_t* http_status, qbt_error* err) {
    FakeHost& h = self(host);
    if (h.unreachable) return qbt_error_set(err, QBT_E_UNAVAILABLE, "connection refused (fake)");
    RecordedCall call{request->method ? request->method : "", request->endpoint ? request->endpoint : "",
                      request->query ? request->query : "", request->form ? request->form : ""};
    h.calls.push_back(call);
    const int status = h.status_for ? h.status_for(call) : 200;
    *http_status = status;
    const char* body = status == 200 ? "" : "fake failure";
    write(ctx, body, std::strlen(body));
    return QBT_OK;
}

std::vector<std::string> hash_list(const qbt_string* hashes, size_t count) {
    std::vector<std::string> out;
    for (size_t i = 0; i < count; ++i) out.emplace_back(hashes[i].data, hashes[i].size);
    return out;
}

void guard_results(const FakeHost& h, const std::vector<std::string>& hashes, int32_t* results) {
    for (size_t i = 0; i < hashes.size(); ++i) results[i] = h.guard_result ? h.guard_result(hashes[i]) : QBT_OK;
}

int fake_remove(const qbt_host* host, const qbt_action_call* call, const qbt_remove_request* request,
                int32_t* results, qbt_error* err) {
    FakeHost& h = self(host);
    if (h.unreachable) return qbt_error_set(err, QBT_E_UNAVAILABLE, "connection refused (fake)");
    RecordedRemoval r{hash_list(request->hashes, request->count), request->delete_files != 0,
                      request->include_cross_seeds != 0, request->recycle, call->dry_run != 0};
    guard_results(h, r.hashes, results);
    h.removals.push_back(std::move(r));
    return QBT_OK;
}

int fake_move(const qbt_host* host, const qbt_action_call* call, const qbt_move_request* request, int32_t* results,
              qbt_error* err) {
    FakeHost& h = self(host);
    if (h.unreachable) return qbt_error_set(err, QBT_E_UNAVAILABLE, "connection refused (fake)");
    RecordedMove m{hash_list(request->hashes, request->count), {}, call->dry_run != 0};
    for (size_t i = 0; i < request->count; ++i)
        m.locations.emplace_back(request->locations ? request->locations[i] : request->location);
    guard_results(h, m.hashes, results);
    h.moves.push_back(std::move(m));
    return QBT_OK;
}

int fake_api_version(const qbt_host* host, qbt_client*, qbt_api_version* version, qbt_error*) {
    *version = self(host).version;
    return QBT_OK;
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::string percent_decode(const std::string& text) {
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '+') {
            out.push_back(' ');
        } else if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 &&
                   hex_value(text[i + 2]) >= 0) {
            out.push_back(static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2])));
            i += 2;
        } else {
            out.push_back(text[i]);
        }
    }
    return out;
}

}  // namespace

FakeHost::FakeHost() {
    table_.struct_size = sizeof(qbt_host);
    table_.abi_major = QBT_ABI_MAJOR;
    table_.abi_minor = QBT_ABI_MINOR;
    table_.host_version = "test";
    table_.log = fake_log;
    table_.get_config = fake_get_config;
    table_.qbt_request = fake_request;
    table_.qbt_api_version = fake_api_version;
    table_.host_data = this;
    table_.remove_torrents = fake_remove;
    table_.move_torrents = fake_move;
}

std::vector<RecordedCall> FakeHost::calls_to(const std::string& endpoint) const {
    std::vector<RecordedCall> out;
    for (const auto& c : calls)
        if (c.endpoint == endpoint) out.push_back(c);
    return out;
}

bool FakeHost::logged(const std::string& fragment) const {
    for (const auto& [level, text] : logs)
        if (text.find(fragment) != std::string::npos) return true;
    return false;
}

std::map<std::string, std::string> decode_form(const std::string& form) {
    std::map<std::string, std::string> out;
    size_t start = 0;
    while (start <= form.size()) {
        size_t end = form.find('&', start);
        if (end == std::string::npos) end = form.size();
        const std::string pair = form.substr(start, end - start);
        if (!pair.empty()) {
            const size_t eq = pair.find('=');
            out[percent_decode(pair.substr(0, eq))] =
                eq == std::string::npos ? "" : percent_decode(pair.substr(eq + 1));
        }
        start = end + 1;
    }
    return out;
}

}  // namespace qbt::testing

#include "client/follow_job.hpp"

#include "client/json_print.hpp"

#include <optional>
#include <ostream>
#include <thread>

namespace qbt::client {
namespace {

using Clock = std::chrono::steady_clock;

std::string status_line(const std::string& id, const std::string& status, Clock::time_point since) {
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(Clock::now() - since).count();
    return "job " + id + ": " + status + " (" + std::to_string(seconds) + " s)";
}

int report_end(const rapidjson::Document& job, const std::string& id, const std::string& status,
               const ClientIo& io) {
    if (status == "completed") {
        if (job.HasMember("result") && !job["result"].IsNull()) io.out << pretty(job["result"]) << "\n";
        else io.out << "{}\n";
        return kCompleted;
    }
    if (status == "failed") {
        const bool has_error = job.HasMember("error") && job["error"].IsString();
        io.err << "job " << id << " failed: " << (has_error ? job["error"].GetString() : "no error message") << "\n";
        return kFailed;
    }
    io.err << "job " << id << " was cancelled\n";
    return kCancelled;
}

}  // namespace

int follow_job(const ApiClient& api, const std::string& job_id, const ClientIo& io) {
    const auto started = Clock::now();
    std::optional<Clock::time_point> unreachable_since;
    std::string last_status;
    size_t last_line_length = 0;
    for (;; std::this_thread::sleep_for(io.poll_interval)) {
        std::string body;
        try {
            body = api.call("GET", "/api/jobs/" + ApiClient::escape(job_id));
            unreachable_since.reset();
        } catch (const ServerRefusal&) {
            throw;
        } catch (const ClientError&) {
            // The server may be restarting: jobs survive, so keep asking for a while.
            if (!unreachable_since) unreachable_since = Clock::now();
            if (Clock::now() - *unreachable_since > io.unreachable_grace) throw;
            continue;
        }
        const rapidjson::Document job = parse_answer(body);
        const std::string status = job.HasMember("status") && job["status"].IsString() ? job["status"].GetString() : "?";
        const bool ended = status == "completed" || status == "failed" || status == "cancelled";
        if (io.live_status) {
            const std::string line = status_line(job_id, status, started);
            const size_t pad = last_line_length > line.size() ? last_line_length - line.size() : 0;
            io.out << "\r" << line << std::string(pad, ' ') << (ended ? "\n" : "") << std::flush;
            last_line_length = line.size();
        } else if (status != last_status) {
            io.out << "job " << job_id << ": " << status << "\n" << std::flush;
        }
        last_status = status;
        if (ended) return report_end(job, job_id, status, io);
    }
}

}  // namespace qbt::client

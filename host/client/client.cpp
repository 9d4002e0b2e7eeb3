#include "client/client.hpp"

#include "client/api_client.hpp"
#include "client/follow_job.hpp"
#include "client/json_print.hpp"
#include "client/preview_print.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <unistd.h>

#include <algorithm>
#include <iostream>

namespace qbt::client {
namespace {

// "rule": [names] (the query string can carry only one: the server's Pistache keeps the
// first of a repeated name).
template <class Writer>
void write_rule_names(Writer& w, const std::vector<std::string>& rules) {
    if (rules.empty()) return;
    w.Key("rule");
    w.StartArray();
    for (const std::string& name : rules) w.String(name.c_str(), static_cast<rapidjson::SizeType>(name.size()));
    w.EndArray();
}

std::string rule_body(const std::vector<std::string>& rules) {
    if (rules.empty()) return {};
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
    w.StartObject();
    write_rule_names(w, rules);
    w.EndObject();
    return buffer.GetString();
}

struct Runner {
    const ApiClient& api;
    const ClientIo& io;

    int operator()(const ExecuteCommand& c) const {
        std::map<std::string, std::string> params;
        if (c.context) params["context"] = *c.context;
        if (c.hash) params["hash"] = *c.hash;
        if (c.dry_run) params["dry_run"] = "true";
        if (c.instance) params["instance"] = *c.instance;
        const auto answer = parse_answer(api.call("POST", "/api/execute", params, rule_body(c.rules)));
        // One job, or {"jobs": [...]} when the request queued several (instance=all).
        std::vector<std::string> ids;
        auto take_id = [&ids](const rapidjson::Value& job) {
            if (!job.IsObject() || !job.HasMember("job_id") || !job["job_id"].IsString())
                throw ClientError("the server's answer has no job_id");
            ids.emplace_back(job["job_id"].GetString());
        };
        if (answer.HasMember("jobs") && answer["jobs"].IsArray())
            for (const auto& job : answer["jobs"].GetArray()) take_id(job);
        else
            take_id(answer);
        for (const auto& id : ids) io.out << id << "\n";
        io.out << std::flush;
        int worst = kCompleted;  // --wait: every job followed in turn; the worst outcome wins
        for (const auto& id : ids) worst = c.wait ? std::max(worst, follow_job(api, id, io)) : worst;
        return worst;
    }
    int operator()(const ListJobsCommand& c) const {
        std::map<std::string, std::string> params{{"limit", std::to_string(c.limit)}};
        if (c.status_filter) params["status"] = *c.status_filter;
        if (c.instance) params["instance"] = *c.instance;
        io.out << pretty(parse_answer(api.call("GET", "/api/jobs", params))) << "\n";
        return kCompleted;
    }
    int operator()(const JobStatusCommand& c) const {
        io.out << pretty(parse_answer(api.call("GET", "/api/jobs/" + ApiClient::escape(c.id)))) << "\n";
        return kCompleted;
    }
    int operator()(const CancelJobCommand& c) const {
        const auto answer = parse_answer(api.call("DELETE", "/api/jobs/" + ApiClient::escape(c.id)));
        io.out << "job " << c.id << " cancelled\n";
        (void)answer;
        return kCompleted;
    }
    int operator()(const StatsCommand&) const {
        io.out << pretty(parse_answer(api.call("GET", "/api/stats"))) << "\n";
        return kCompleted;
    }
    int operator()(const RestoreCommand& c) const {
        std::map<std::string, std::string> params;
        if (c.dry_run) params["dry_run"] = "true";
        const auto answer =
            parse_answer(api.call("POST", "/api/recycle-bin/" + ApiClient::escape(c.hash) + "/restore", params));
        if (!answer.IsObject() || !answer.HasMember("job_id") || !answer["job_id"].IsString())
            throw ClientError("the server's answer has no job_id");
        const std::string id = answer["job_id"].GetString();
        io.out << id << "\n" << std::flush;
        return c.wait ? follow_job(api, id, io) : kCompleted;
    }
    int operator()(const PreviewCommand& c) const {
        rapidjson::StringBuffer buffer;
        rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
        w.StartObject();
        if (c.context) w.Key("context"), w.String(c.context->c_str());
        if (c.hash) w.Key("hash"), w.String(c.hash->c_str());
        if (c.instance) w.Key("instance"), w.String(c.instance->c_str());
        if (c.rules_yaml)
            w.Key("rules"), w.String(c.rules_yaml->c_str(), static_cast<rapidjson::SizeType>(c.rules_yaml->size()));
        write_rule_names(w, c.rules);
        w.EndObject();
        io.out << preview_table(parse_answer(api.call("POST", "/api/preview", {}, buffer.GetString())));
        return kCompleted;
    }
};

}  // namespace

int run_client(const config::Config& config, const ClientCommand& command, const ClientIo& io) {
    if (config.client.api_key.empty()) {
        io.err << "qbt-rules: client.api_key is not set (QBT_RULES_CLIENT_API_KEY, "
                  "QBT_RULES_CLIENT_API_KEY_FILE or --client-api-key)\n";
        return kError;
    }
    try {
        const ApiClient api(config.client.server_url, config.client.api_key);
        return std::visit(Runner{api, io}, command);
    } catch (const ClientError& e) {
        io.err << "qbt-rules: " << e.what() << "\n";
        return kError;
    }
}

int run_client(const config::Config& config, const ClientCommand& command) {
    const ClientIo io{std::cout, std::cerr, isatty(STDOUT_FILENO) == 1};
    return run_client(config, command, io);
}

}  // namespace qbt::client

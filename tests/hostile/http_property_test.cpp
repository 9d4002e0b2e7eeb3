// Property-style: 2,000 random requests from a seeded generator over every endpoint,
// with random methods, keys and parameters (valid, hostile, random bytes). Each answer
// must be a status the endpoint may give, in JSON (well-formed UTF-8) and never a 5xx;
// the server survives and stores nothing but valid contexts and hashes.
#include "hostile_support.hpp"
#include "test_server.hpp"

#include <map>
#include <random>
#include <regex>
#include <set>

namespace qt = qbt::testing;
namespace qh = qbt::hostile;

namespace {

constexpr uint32_t kSeed = 20240521;
constexpr int kRequests = 2000;

struct Generator {
    std::mt19937 rng{kSeed};

    size_t below(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng); }
    bool chance(int percent) { return below(100) < static_cast<size_t>(percent); }
    template <class T> const T& pick(const std::vector<T>& items) { return items[below(items.size())]; }

    std::string random_bytes() {
        std::string out(below(40), '\0');
        for (char& c : out) c = static_cast<char>(below(256));
        return out;
    }
    std::string value() {
        static const std::vector<std::string> valid = {
            "weekly-cleanup", "on_added", "a", "0123456789abcdef0123456789abcdef01234567", "pending",
            "completed", "true", "no", "10", "0", "100000", "processing", "-1", "99999999999999999999999"};
        if (chance(40)) return pick(valid);
        if (chance(50)) return pick(qh::hostile_values());
        return random_bytes();
    }
    std::string name() {
        static const std::vector<std::string> names = {"context", "hash", "dry_run", "status", "limit",
                                                       "offset", "key", "api-key", "x", ""};
        return chance(90) ? pick(names) : random_bytes();
    }
    std::string query() {
        std::string q;
        const size_t count = below(4);
        for (size_t i = 0; i < count; ++i) {
            if (!q.empty()) q += '&';
            q += qh::percent_encode_all(name());
            if (chance(95)) q += "=" + (chance(5) ? std::string("%zz") : qh::percent_encode_all(value()));
        }
        return q;
    }
};

// Statuses each route may answer (405 for other methods on known paths).
std::set<int> allowed(const std::string& method, const std::string& route) {
    if (route == "/api/execute") return method == "POST" ? std::set<int>{202, 400, 401, 413, 415} : std::set<int>{405};
    if (route == "/api/jobs") return method == "GET" ? std::set<int>{200, 400, 401, 403} : std::set<int>{405};
    if (route == "/api/jobs/:id") {
        if (method == "GET") return {200, 400, 401, 403, 404};
        if (method == "DELETE") return {200, 400, 401, 403, 404};
        return {405};
    }
    // Every route decodes its query first: malformed %-encoding is a 400 even on health.
    if (route == "/api/health") return method == "GET" ? std::set<int>{200, 400} : std::set<int>{405};
    if (route == "/api/stats") return method == "GET" ? std::set<int>{200, 400, 401, 403} : std::set<int>{405};
    if (route == "/api/version") return method == "GET" ? std::set<int>{200, 400} : std::set<int>{405};
    // The dashboard's page: no key needed (the page asks for it), other methods refused.
    if (route == "/") return method == "GET" ? std::set<int>{200, 400} : std::set<int>{405};
    return {404};
}

TEST(HttpProperty, RandomRequestsGetAllowedJsonAnswers) {
    qt::TestServer server;
    server.start();
    const int port = server.server->port();
    Generator gen;
    const std::vector<std::string> methods = {"GET", "POST", "DELETE", "PUT", "PATCH", "OPTIONS"};
    const std::vector<std::string> routes = {"/api/execute", "/api/jobs", "/api/jobs/:id", "/api/health",
                                             "/api/stats",   "/api/version", "/api/nothing", "/"};
    const std::vector<std::string> keys = {qt::kApiKey, qt::kTriggerKey, "wrong", ""};
    std::map<int, int> seen;
    for (int i = 0; i < kRequests; ++i) {
        const std::string route = gen.pick(routes);
        // Mostly the route's own method, so most requests reach our validation.
        const std::string usual = route == "/api/execute" ? "POST" : route == "/api/jobs/:id" && gen.chance(50) ? "DELETE" : "GET";
        const std::string method = gen.chance(75) ? usual : gen.pick(methods);
        std::string path = route;
        if (route == "/api/jobs/:id") path = "/api/jobs/" + qh::percent_encode_all(gen.chance(50) ? gen.value() : "x");
        if (path == "/api/jobs/") path += "x";  // an empty id is another route
        const std::string query = gen.query();
        const std::string target = path + (query.empty() ? "" : "?" + query);
        std::string body, content_type;
        if (method == "POST" && gen.chance(50)) {
            content_type = gen.pick(std::vector<std::string>{"application/x-www-form-urlencoded",
                                                             "application/json", "text/plain", ""});
            body = content_type == "application/json" ? "{\"context\":\"" + qh::percent_encode_all(gen.value()) + "\"}"
                                                      : gen.query();
        }
        const auto r = qh::raw_exchange(port, qh::build_request(method, target, gen.chance(60) ? keys[0] : gen.pick(keys), body, content_type));
        ++seen[r.code];
        const std::set<int> ok = allowed(method, route);
        ASSERT_TRUE(ok.count(r.code)) << "#" << i << " " << method << " " << qh::percent_encode_all(target)
                                      << " -> " << r.code << " " << r.body;
        if (r.code >= 400) qh::expect_json_4xx(r, "#" + std::to_string(i) + " " + method + " " + target);
        if (::testing::Test::HasFatalFailure()) return;
    }
    for (const auto& [code, count] : seen) std::printf("status %d: %d\n", code, count);
    EXPECT_EQ(qh::health_code(port), 200);
    EXPECT_GT(seen[202], 0) << "the generator never produced a valid execute: too hostile to prove anything";
    EXPECT_GT(seen[400], 0);

    // Nothing but valid contexts/hashes was stored.
    const std::regex context_ok("[A-Za-z0-9._:-]{1,64}");
    const std::regex hash_ok("[0-9a-f]{40}|[0-9a-f]{64}");
    for (const auto& job : server.queue->list(std::nullopt, std::nullopt, 100000, 0).jobs) {
        if (job.context) {
            EXPECT_TRUE(std::regex_match(*job.context, context_ok)) << *job.context;
        }
        if (job.hash) {
            EXPECT_TRUE(std::regex_match(*job.hash, hash_ok)) << *job.hash;
        }
    }
}

}  // namespace

// The ceiling for POST /api/execute on this machine: a bare Pistache 0.0.5 server with
// the same router, thread count and keep-alive handling as `qbt-rules --serve`, that
// answers every POST /api/execute with 202 and a small JSON body, storing nothing.
// api_bench.sh runs it under the same wrk load and prints qbt-rules' req/s as a ratio.
//
//   bare_server --port N [--threads T]      (listens on 127.0.0.1; stops on SIGTERM/SIGINT)
#include <pistache/endpoint.h>
#include <pistache/router.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <unistd.h>

namespace {

namespace Http = Pistache::Http;
namespace Rest = Pistache::Rest;

volatile std::sig_atomic_t stop_requested = 0;

void on_signal(int) { stop_requested = 1; }

// As host/server/routes.cpp: HTTP/1.1 without a Connection header stays open.
void keep_http11_alive(const Rest::Request& request, Http::ResponseWriter& response) {
    if (request.version() != Http::Version::Http11) return;
    if (request.headers().tryGet<Http::Header::Connection>()) return;
    response.headers().remove<Http::Header::Connection>();
    response.headers().add<Http::Header::Connection>(Http::ConnectionControl::KeepAlive);
}

}  // namespace

int main(int argc, char** argv) {
    int port = 0;
    int threads = 1;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (std::strcmp(argv[i], "--port") == 0) port = std::atoi(argv[i + 1]);
        else if (std::strcmp(argv[i], "--threads") == 0) threads = std::atoi(argv[i + 1]);
    }
    if (port <= 0 || threads <= 0) {
        std::fprintf(stderr, "usage: bare_server --port N [--threads T]\n");
        return 2;
    }
    std::signal(SIGTERM, on_signal);
    std::signal(SIGINT, on_signal);

    Http::Endpoint endpoint(Pistache::Address("127.0.0.1", Pistache::Port(static_cast<uint16_t>(port))));
    endpoint.init(Http::Endpoint::options().threads(threads).flags(Pistache::Tcp::Options::ReuseAddr));
    Rest::Router router;
    // About the size of a real 202 (a job document is ~250 bytes).
    const std::string body =
        "{\"job_id\":\"00000000-0000-4000-8000-000000000000\",\"context\":\"bench\",\"hash\":null,"
        "\"status\":\"pending\",\"created_at\":\"2026-11-28T00:00:00.000000Z\",\"started_at\":null,"
        "\"completed_at\":null,\"result\":null,\"error\":null,\"dry_run\":false,\"attempts\":0}";
    router.addRoute(Http::Method::Post, "/api/execute",
                    [&body](const Rest::Request& request, Http::ResponseWriter response) {
                        keep_http11_alive(request, response);
                        response.headers().add<Http::Header::ContentType>(MIME(Application, Json));
                        response.send(Http::Code::Accepted, body);
                        return Rest::Route::Result::Ok;
                    });
    endpoint.setHandler(router.handler());
    endpoint.serveThreaded();
    std::printf("ready port=%d threads=%d\n", port, threads);
    std::fflush(stdout);
    while (!stop_requested) ::usleep(100 * 1000);
    endpoint.shutdown();
    return 0;
}

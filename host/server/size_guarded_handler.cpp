#include "server/size_guarded_handler.hpp"

#include "server/reply.hpp"

#include <pistache/http.h>
#include <pistache/peer.h>
#include <sys/socket.h>

#include <string>

namespace qbt::server {
namespace {

namespace Http = Pistache::Http;

// Peer data marking a connection whose request was refused: its input is dropped.
constexpr const char* kRefused = "qbt.refused";
// Past this much dropped input the connection is closed without waiting for the client.
constexpr size_t kMaxDroppedBytes = 1 << 20;

struct Refused {
    size_t dropped = 0;
};

// Shuts the connection's write side once the refusal is written.
void send_then_finish(Http::ResponseWriter& response, const Reply& reply,
                      const std::weak_ptr<Pistache::Tcp::Peer>& weak) {
    response.headers().add<Http::Header::ContentType>(MIME(Application, Json));
    response.send(static_cast<Http::Code>(reply.code), reply.body)
        .then(
            [weak](ssize_t) {
                if (const auto peer = weak.lock()) ::shutdown(peer->fd(), SHUT_WR);
            },
            Pistache::Async::IgnoreException);
}

// What Pistache's parser threw: its HttpError's 4xx/5xx code (e.g. 505 for HTTP/9.9), else 400.
Reply parse_error(int code, const std::string& what) {
    return error_reply(code >= 400 && code < 600 ? code : 400, "bad_request",
                       "the request is not valid HTTP/1.1: " + quote_input(what));
}

}  // namespace

SizeGuardedHandler::SizeGuardedHandler(std::shared_ptr<Pistache::Rest::Router> router)
    : RouterHandler(std::move(router)) {}

void SizeGuardedHandler::refuse_oversized(const std::shared_ptr<Pistache::Tcp::Peer>& peer, bool in_request_line) {
    auto parser = getParser(peer);
    const std::string limit = std::to_string(getMaxRequestSize());
    const Reply reply =
        in_request_line
            ? error_reply(414, "uri_too_long",
                          "the request line (method and URL) is longer than server.max_request_bytes (" + limit +
                              " bytes): send long values in a form or JSON body")
            : error_reply(413, "request_too_large",
                          "the request (headers and body) is larger than server.max_request_bytes (" + limit +
                              " bytes)");
    peer->putData(kRefused, std::make_shared<Refused>());
    Http::ResponseWriter response(parser->request.version(), transport(), this, peer);
    parser->reset();
    response.headers().add<Http::Header::Connection>(Http::ConnectionControl::Close);
    // The client's remaining bytes are still read (and dropped, onInput) after the FIN, so
    // that closing does not reset the connection before the client has read the answer.
    send_then_finish(response, reply, peer);
}

void SizeGuardedHandler::onInput(const char* buffer, size_t len, const std::shared_ptr<Pistache::Tcp::Peer>& peer) {
    if (const auto refused = std::static_pointer_cast<Refused>(peer->tryGetData(kRefused))) {
        refused->dropped += len;
        if (refused->dropped > kMaxDroppedBytes) ::shutdown(peer->fd(), SHUT_RDWR);  // Pistache then closes it
        return;
    }
    auto parser = getParser(peer);
    auto& request = parser->request;
    try {
        // The request line is still being read when the parser's current step is its first.
        if (!parser->feed(buffer, len)) {
            refuse_oversized(peer, dynamic_cast<Http::Private::RequestLineStep*>(parser->step()) != nullptr);
            return;
        }
        if (parser->parse() != Http::Private::State::Done) return;
        Http::ResponseWriter response(request.version(), transport(), this, peer);
        request.copyAddress(peer->address());
        const auto connection = request.headers().tryGet<Http::Header::Connection>();
        response.headers().add<Http::Header::Connection>(connection ? connection->control()
                                                                    : Http::ConnectionControl::Close);
        peer->setIdle(false);
        onRequest(request, std::move(response));
        parser->reset();
    } catch (const std::exception& e) {  // HttpError and the parser's own exceptions
        const auto* http_error = dynamic_cast<const Http::HttpError*>(&e);
        const Reply reply = parse_error(http_error ? http_error->code() : 400,
                                        http_error ? http_error->reason() : e.what());
        peer->putData(kRefused, std::make_shared<Refused>());
        Http::ResponseWriter response(request.version(), transport(), this, peer);
        parser->reset();
        response.headers().add<Http::Header::Connection>(Http::ConnectionControl::Close);
        send_then_finish(response, reply, peer);
    }
}

}  // namespace qbt::server

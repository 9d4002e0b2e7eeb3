// libcurl is not part of an idle server's memory: linking host/webapi does not load it, a
// CurlWebApi does not load it when constructed, its first call does (lib/lazy_curl), and
// calls through the loader behave like libcurl's own (here: a refused connection is an
// Unreachable error naming the host). This executable must not link libcurl itself.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <string>

#include "webapi/curl_web_api.hpp"

namespace {

bool libcurl_is_mapped() {
    std::ifstream maps("/proc/self/maps");
    std::string line;
    while (std::getline(maps, line))
        if (line.find("libcurl") != std::string::npos) return true;
    return false;
}

// A port on 127.0.0.1 that refuses connections: bound (so nobody else takes it), not listening.
struct RefusingPort {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    int port = 0;
    RefusingPort() {
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t size = sizeof address;
        if (bind(fd, reinterpret_cast<sockaddr*>(&address), size) == 0 &&
            getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) == 0)
            port = ntohs(address.sin_port);
    }
    ~RefusingPort() { close(fd); }
};

}  // namespace

TEST(LazyCurl, LoadedByTheFirstCallNotByConstruction) {
    ASSERT_FALSE(libcurl_is_mapped()) << "libcurl is loaded at start: something links it again";

    RefusingPort refusing;
    ASSERT_GT(refusing.port, 0);
    qbt::config::QbittorrentConfig config;
    config.host = "http://127.0.0.1:" + std::to_string(refusing.port);
    config.connect_timeout_seconds = 2;
    config.timeout_seconds = 2;
    qbt::webapi::CurlWebApi api(config);
    EXPECT_FALSE(libcurl_is_mapped()) << "constructing a CurlWebApi loaded libcurl";

    try {
        api.request({"GET", "torrents/info", "", ""});
        FAIL() << "a refused connection was not an error";
    } catch (const qbt::webapi::WebApiError& e) {
        EXPECT_EQ(e.kind(), qbt::webapi::WebApiError::Kind::Unreachable) << e.what();
        EXPECT_NE(std::string(e.what()).find("127.0.0.1:" + std::to_string(refusing.port)), std::string::npos)
            << e.what();
    }
    EXPECT_TRUE(libcurl_is_mapped()) << "the first call did not go through libcurl";
}

// Small loopback networking helpers for tests.
#pragma once

#include <string>

namespace qbt::testing {

// Binds 127.0.0.1:0, reads the port the kernel chose, closes the socket and returns it.
int free_port();

// True when something accepts TCP connections on 127.0.0.1:port.
bool port_open(int port);

// One request/response exchange on a fresh TCP connection to 127.0.0.1:port: sends
// `request` and reads until the peer closes or `timeout_ms` passes. Throws on connect failure.
std::string tcp_exchange(int port, const std::string& request, int timeout_ms = 2000);

}  // namespace qbt::testing

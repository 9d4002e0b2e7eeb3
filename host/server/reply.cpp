#include "server/reply.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace qbt::server {

Reply error_reply(int code, std::string_view error, std::string_view message) {
    rapidjson::StringBuffer buffer;
    rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
    writer.StartObject();
    writer.Key("error");
    writer.String(error.data(), static_cast<rapidjson::SizeType>(error.size()));
    writer.Key("message");
    writer.String(message.data(), static_cast<rapidjson::SizeType>(message.size()));
    writer.EndObject();
    return Reply{code, buffer.GetString(), {}, {}};
}

Reply json_reply(int code, std::string body) { return Reply{code, std::move(body), {}, {}}; }

namespace {

// Length of the well-formed UTF-8 sequence at text[i] (RFC 3629), 0 when there is none.
size_t utf8_sequence_length(std::string_view text, size_t i) {
    const auto c = static_cast<unsigned char>(text[i]);
    size_t length = 0;
    unsigned char low = 0x80, high = 0xBF;  // allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF) length = 2;
    else if (c >= 0xE0 && c <= 0xEF) { length = 3; if (c == 0xE0) low = 0xA0; if (c == 0xED) high = 0x9F; }
    else if (c >= 0xF0 && c <= 0xF4) { length = 4; if (c == 0xF0) low = 0x90; if (c == 0xF4) high = 0x8F; }
    else return 0;
    if (i + length > text.size()) return 0;
    for (size_t k = 1; k < length; ++k) {
        const auto next = static_cast<unsigned char>(text[i + k]);
        if (k == 1 ? (next < low || next > high) : (next & 0xC0) != 0x80) return 0;
    }
    return length;
}

}  // namespace

// Control characters and bytes that are not well-formed UTF-8 become '?', so replies
// (JSON) and logs stay valid UTF-8 whatever the client sent.
std::string quote_input(std::string_view value, size_t max_chars) {
    std::string out = "\"";
    size_t i = 0;
    for (; i < value.size() && i < max_chars; ++i) {
        const unsigned char c = static_cast<unsigned char>(value[i]);
        if (c < 0x80) {
            out += (c < 0x20 || c == 0x7f) ? '?' : static_cast<char>(c);
            continue;
        }
        const size_t length = utf8_sequence_length(value, i);
        if (length == 0) {
            out += '?';
            continue;
        }
        out.append(value.substr(i, length));
        i += length - 1;
    }
    if (i < value.size()) out += "...";
    out += '"';
    return out;
}

}  // namespace qbt::server

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
    return Reply{code, buffer.GetString(), {}};
}

Reply json_reply(int code, std::string body) { return Reply{code, std::move(body), {}}; }

std::string quote_input(std::string_view value, size_t max_chars) {
    std::string out = "\"";
    for (size_t i = 0; i < value.size() && i < max_chars; ++i) {
        const unsigned char c = static_cast<unsigned char>(value[i]);
        out += (c < 0x20 || c == 0x7f) ? '?' : static_cast<char>(c);
    }
    if (value.size() > max_chars) out += "...";
    out += '"';
    return out;
}

}  // namespace qbt::server

#include "client/json_print.hpp"

#include "client/api_client.hpp"

#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

namespace qbt::client {

std::string pretty(const rapidjson::Value& value) {
    rapidjson::StringBuffer buffer;
    rapidjson::PrettyWriter<rapidjson::StringBuffer> writer(buffer);
    writer.SetIndent(' ', 2);
    value.Accept(writer);
    return buffer.GetString();
}

rapidjson::Document parse_answer(const std::string& body) {
    rapidjson::Document doc;
    doc.Parse(body.c_str(), body.size());
    if (doc.HasParseError() || !doc.IsObject()) {
        throw ClientError("the server's answer is not a JSON object: " + body.substr(0, 200));
    }
    return doc;
}

}  // namespace qbt::client

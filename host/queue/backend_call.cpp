#include "queue/backend_call.hpp"

#include <rapidjson/document.h>

#include <stdexcept>

namespace qbt::queue::detail {

Job parse_document(const std::string& doc) {
    try {
        return from_json(doc);
    } catch (const std::invalid_argument& e) {
        throw QueueError(QBT_E_IO, std::string("the queue holds a damaged job: ") + e.what());
    }
}

}  // namespace qbt::queue::detail

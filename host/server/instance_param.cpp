#include "server/instance_param.hpp"

#include "server/params.hpp"
#include "server/reply.hpp"
#include "server/validation.hpp"

namespace qbt::server {
namespace {

std::string configured_list(const config::Config& config) {
    std::string text;
    for (const auto& name : config.instance_names()) text += (text.empty() ? "" : ", ") + name;
    return text;
}

}  // namespace

std::string validate_instance(const config::Config& config, const std::optional<std::string>& value) {
    const std::string name = value.value_or(config::kDefaultInstance);
    if (config.has_instance(name)) return name;
    if (!value)
        throw ParamError("instance", "parameter \"instance\" is required: no qBittorrent instance is named "
                                     "\"default\" (configured: " + configured_list(config) + ")");
    if (name == config::kAllInstances)
        throw ParamError("instance", "parameter \"instance\" cannot be \"all\" here: name one of " +
                                         configured_list(config));
    throw ParamError("instance", "parameter \"instance\": no qBittorrent instance named " + quote_input(name) +
                                     " is configured (configured: " + configured_list(config) + ", or all)");
}

std::vector<std::string> target_instances(const config::Config& config, const std::optional<std::string>& value) {
    if (value && *value == config::kAllInstances) return config.instance_names();
    return {validate_instance(config, value)};
}

}  // namespace qbt::server

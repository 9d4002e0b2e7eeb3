#include "metrics/registry.hpp"

#include "metrics/exposition.hpp"

#include <stdexcept>

namespace qbt::metrics {
namespace {

const char* kind_name(Kind kind) {
    switch (kind) {
        case Kind::Counter: return "counter";
        case Kind::Gauge: return "gauge";
        case Kind::Histogram: return "histogram";
    }
    return "untyped";
}

// {a="x",b="y"} plus an optional extra label (le for buckets); "" when there are none.
std::string label_text(const std::vector<std::string>& names, const std::vector<std::string>& values,
                       const std::string& extra_name = "", const std::string& extra_value = "") {
    std::string out;
    for (size_t i = 0; i < names.size(); ++i)
        out += (out.empty() ? "" : ",") + names[i] + "=\"" + escape_label_value(values[i]) + "\"";
    if (!extra_name.empty()) out += (out.empty() ? "" : ",") + extra_name + "=\"" + extra_value + "\"";
    return out.empty() ? "" : "{" + out + "}";
}

}  // namespace

void Registry::declare(Family family) {
    std::lock_guard lock(mutex_);
    for (const Family& f : families_)
        if (f.name == family.name) return;
    families_.push_back(std::move(family));
}

void Registry::counter(const std::string& name, const std::string& help, std::vector<std::string> labels) {
    declare({name, help, Kind::Counter, std::move(labels), {}, {}});
}

void Registry::gauge(const std::string& name, const std::string& help, std::vector<std::string> labels) {
    declare({name, help, Kind::Gauge, std::move(labels), {}, {}});
}

void Registry::histogram(const std::string& name, const std::string& help, std::vector<std::string> labels,
                         std::vector<double> buckets) {
    declare({name, help, Kind::Histogram, std::move(labels), std::move(buckets), {}});
}

Registry::Family& Registry::family(const std::string& name, Kind kind, size_t label_count) {
    for (Family& f : families_) {
        if (f.name != name) continue;
        if (f.kind != kind) throw std::invalid_argument("metric " + name + " is a " + kind_name(f.kind));
        if (f.labels.size() != label_count)
            throw std::invalid_argument("metric " + name + " takes " + std::to_string(f.labels.size()) +
                                        " label value(s), got " + std::to_string(label_count));
        return f;
    }
    throw std::invalid_argument("metric " + name + " is not declared");
}

void Registry::add(const std::string& name, const std::vector<std::string>& values, double delta) {
    std::lock_guard lock(mutex_);
    Family* f = nullptr;
    try {
        f = &family(name, Kind::Counter, values.size());
    } catch (const std::invalid_argument&) {
        f = &family(name, Kind::Gauge, values.size());
    }
    f->series[values].value += delta;
}

void Registry::set(const std::string& name, const std::vector<std::string>& values, double value) {
    std::lock_guard lock(mutex_);
    family(name, Kind::Gauge, values.size()).series[values].value = value;
}

void Registry::observe(const std::string& name, const std::vector<std::string>& values, double value) {
    std::lock_guard lock(mutex_);
    Family& f = family(name, Kind::Histogram, values.size());
    Series& s = f.series[values];
    if (s.bucket_counts.empty()) s.bucket_counts.assign(f.buckets.size(), 0);
    for (size_t i = 0; i < f.buckets.size(); ++i) {
        if (value <= f.buckets[i]) {
            ++s.bucket_counts[i];
            break;
        }
    }
    s.sum += value;
    ++s.count;
}

void Registry::clear(const std::string& name) {
    std::lock_guard lock(mutex_);
    for (Family& f : families_)
        if (f.name == name) f.series.clear();
}

double Registry::value(const std::string& name, const std::vector<std::string>& values) const {
    std::lock_guard lock(mutex_);
    for (const Family& f : families_) {
        if (f.name != name) continue;
        auto it = f.series.find(values);
        if (it == f.series.end()) return 0;
        return f.kind == Kind::Histogram ? static_cast<double>(it->second.count) : it->second.value;
    }
    return 0;
}

std::string Registry::render() const {
    std::lock_guard lock(mutex_);
    std::string out;
    for (const Family& f : families_) {
        out += "# HELP " + f.name + " " + escape_help(f.help) + "\n";
        out += "# TYPE " + f.name + " " + kind_name(f.kind) + "\n";
        // A family without labels shows 0 before its first update (absent series are
        // ambiguous to rate() and alerts).
        if (f.series.empty() && f.labels.empty() && f.kind != Kind::Histogram) out += f.name + " 0\n";
        for (const auto& [values, s] : f.series) {
            if (f.kind != Kind::Histogram) {
                out += f.name + label_text(f.labels, values) + " " + format_value(s.value) + "\n";
                continue;
            }
            uint64_t cumulative = 0;
            for (size_t i = 0; i < f.buckets.size(); ++i) {
                cumulative += s.bucket_counts[i];
                out += f.name + "_bucket" + label_text(f.labels, values, "le", format_value(f.buckets[i])) + " " +
                       std::to_string(cumulative) + "\n";
            }
            out += f.name + "_bucket" + label_text(f.labels, values, "le", "+Inf") + " " + std::to_string(s.count) +
                   "\n";
            out += f.name + "_sum" + label_text(f.labels, values) + " " + format_value(s.sum) + "\n";
            out += f.name + "_count" + label_text(f.labels, values) + " " + std::to_string(s.count) + "\n";
        }
    }
    return out;
}

}  // namespace qbt::metrics

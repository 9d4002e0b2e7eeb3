// A small in-process metrics registry: counters, gauges and histograms with fixed
// buckets, each a family with named labels, rendered in the Prometheus text format
// 0.0.4. Thread-safe (one mutex: updates are rare next to a job's work).
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace qbt::metrics {

enum class Kind { Counter, Gauge, Histogram };

class Registry {
public:
    // Declaring a family twice with the same name keeps the first declaration.
    void counter(const std::string& name, const std::string& help, std::vector<std::string> labels = {});
    void gauge(const std::string& name, const std::string& help, std::vector<std::string> labels = {});
    void histogram(const std::string& name, const std::string& help, std::vector<std::string> labels,
                   std::vector<double> buckets);

    // `values` line up with the family's label names. Throws std::invalid_argument for an
    // unknown family, a wrong kind or a wrong number of label values (programming errors).
    void add(const std::string& name, const std::vector<std::string>& values, double delta = 1);
    void set(const std::string& name, const std::vector<std::string>& values, double value);
    void observe(const std::string& name, const std::vector<std::string>& values, double value);
    void clear(const std::string& name);  // drops every series (gauges refilled at scrape)

    // Current value of a counter/gauge series (0 when absent); a histogram's count.
    double value(const std::string& name, const std::vector<std::string>& values) const;

    std::string render() const;  // exposition format 0.0.4, families in declaration order

    struct Series {
        double value = 0;                  // counter / gauge
        std::vector<uint64_t> bucket_counts;  // histogram: per bucket (not cumulative)
        double sum = 0;
        uint64_t count = 0;
    };
    struct Family {
        std::string name, help;
        Kind kind;
        std::vector<std::string> labels;
        std::vector<double> buckets;  // upper bounds, ascending, without +Inf
        std::map<std::vector<std::string>, Series> series;
    };

private:
    Family& family(const std::string& name, Kind kind, size_t label_count);
    void declare(Family family);

    mutable std::mutex mutex_;
    std::vector<Family> families_;
};

}  // namespace qbt::metrics

// Everything tests and benchmarks need from the harness (see README.md).
#pragma once

#include "lab_tracker.hpp"
#include "net.hpp"
#include "qbt_lab.hpp"
#include "redis_lab.hpp"
#include "temp_dir.hpp"

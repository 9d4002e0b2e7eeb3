// Umbrella header of the C++ plugin helpers (header-only; needs only the C SDK).
#pragma once

#include <qbt/qbt.h>
#include <qbt/cpp/action.hpp>
#include <qbt/cpp/error.hpp>
#include <qbt/cpp/host.hpp>
#include <qbt/cpp/operator.hpp>
#include <qbt/cpp/units.hpp>
#include <qbt/cpp/value_view.hpp>
#include <qbt/cpp/writer.hpp>

#define TEST_PLUGIN_ID "org.example.second"
#define TEST_ACTION_NAME "test_second"
#include "test_plugin.h"

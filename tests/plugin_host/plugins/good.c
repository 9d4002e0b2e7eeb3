#define TEST_PLUGIN_ID "org.example.good"
#define TEST_ACTION_NAME "test_echo"
#include "test_plugin.h"

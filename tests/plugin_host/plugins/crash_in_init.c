#define TEST_PLUGIN_ID "org.example.crash-in-init"
#define TEST_ACTION_NAME "test_crash"
#define TEST_CRASH_IN_INIT 1
#include "test_plugin.h"

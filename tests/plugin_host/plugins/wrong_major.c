#define TEST_PLUGIN_ID "org.example.wrong-major"
#define TEST_ACTION_NAME "test_wrong_major"
#define TEST_ABI_MAJOR (QBT_ABI_MAJOR + 1)
#include "test_plugin.h"

#define TEST_PLUGIN_ID "org.example.newer-minor"
#define TEST_ACTION_NAME "test_newer_minor"
#define TEST_ABI_MINOR (QBT_ABI_MINOR + 1)
#include "test_plugin.h"

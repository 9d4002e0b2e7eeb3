#define TEST_PLUGIN_ID "org.example.init-fails"
#define TEST_ACTION_NAME "test_init_fails"
#define TEST_INIT_RESULT QBT_E_UNAVAILABLE
#include "test_plugin.h"

/* Another plugin id registering an action name that good.c already has. */
#define TEST_PLUGIN_ID "org.example.dup-action"
#define TEST_ACTION_NAME "test_echo"
#include "test_plugin.h"

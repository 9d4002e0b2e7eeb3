/* Crashes in a constructor, i.e. inside dlopen() itself. */
#include <signal.h>
#define TEST_PLUGIN_ID "org.example.crash-on-load"
#define TEST_ACTION_NAME "test_crash_on_load"
#include "test_plugin.h"
__attribute__((constructor)) static void crash_now(void) { raise(SIGSEGV); }

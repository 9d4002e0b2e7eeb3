/* A plugin as built for ABI 1.2 (abi_minor 2, the 1.0 execute, no audit_note): it must
 * load and run on a 1.3 host unchanged, its audit entries without a note. */
#define TEST_PLUGIN_ID "org.example.abi12"
#define TEST_ACTION_NAME "test_abi12"
#define TEST_ABI_MINOR 2
#include "../../plugin_host/plugins/test_plugin.h"

/* Built with -std=c99 -pedantic -Werror: the SDK's headers are plain C. */
#include <qbt/version.h>
#include <qbt/export.h>
#include <qbt/error.h>
#include <qbt/value.h>
#include <qbt/host.h>
#include <qbt/condition.h>
#include <qbt/action.h>
#include <qbt/queue_backend.h>
#include <qbt/entry.h>
#include <qbt/qbt.h>

int main(void) {
    qbt_error err;
    return qbt_error_set(&err, QBT_OK, "%d", QBT_ABI_MAJOR) == QBT_OK ? 0 : 1;
}

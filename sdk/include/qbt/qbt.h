/* Umbrella header of the qbt-rules plugin SDK (plain C99; C++ may include it too). */
#ifndef QBT_QBT_H
#define QBT_QBT_H

#include "version.h"
#include "export.h"
#include "error.h"
#include "value.h"
#include "host.h"
#include "condition.h"
#include "action.h"
#include "queue_backend.h"
#include "entry.h"

#endif

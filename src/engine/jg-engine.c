/* jg-engine.c: the commit engine's shared definitions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "jg-engine.h"

G_DEFINE_QUARK (jg-engine-error-quark, jg_engine_error)

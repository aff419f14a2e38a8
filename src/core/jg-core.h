/* jg-core.h: the one header of libjumpgate-core.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "core/jg-file-util.h"
#include "core/jg-json-diff.h"
#include "core/jg-model.h"
#include "core/jg-policy.h"
#include "core/jg-store.h"
#include "core/jg-switch-role-config.h"

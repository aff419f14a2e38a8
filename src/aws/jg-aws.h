/* jg-aws.h: the one header of libjumpgate-aws.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "aws/jg-sigv4.h"
#include "aws/jg-aws-error.h"
#include "aws/jg-aws-endpoints.h"
#include "aws/jg-aws-retry.h"
#include "aws/jg-aws-request.h"
#include "aws/jg-aws-xml.h"
#include "aws/jg-aws-json.h"
#include "aws/jg-aws-client.h"
#include "aws/jg-aws-call.h"
#include "aws/jg-iam.h"
#include "aws/jg-sts.h"
#include "aws/jg-organizations.h"

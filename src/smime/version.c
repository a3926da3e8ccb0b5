/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"
#include "util/util.h"

SMIME_PUBLIC const char *smime_version(void)
{
	return SMIME_VERSION_STRING;
}

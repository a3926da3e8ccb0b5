/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* PLACEHOLDER being replaced by the path helper. */
#include "cert/pkix.h"

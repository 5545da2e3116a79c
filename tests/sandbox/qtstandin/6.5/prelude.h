// SPDX-License-Identifier: BSD-3-Clause
// Forced first into the sandbox's sources (-include) for the stand-in build: Qt 6.4's QtCore,
// claiming to be 6.5, so that the sandbox's QtHttpServer 6.5 code path is compiled.
#pragma once
#include <QtCore/qglobal.h>
// Qt 6.4's headers that refuse to be read as a later version, read first as what they are.
#include <QtCore/qdatastream.h>
#undef QT_VERSION
#define QT_VERSION QT_VERSION_CHECK(6, 5, 0)

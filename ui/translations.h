// SPDX-License-Identifier: BSD-3-Clause
#pragma once

class QCoreApplication;

namespace batchlab {

/// Installs Batchlab's translation for the user's locale on `app`, or the English one, which
/// gives the "%n" strings their singular and plural forms ("1 item", "12 items"). The
/// translations are compiled in (translations/*.ts, qt_add_translations). Returns false when
/// none could be loaded.
bool installTranslations(QCoreApplication *app);

} // namespace batchlab

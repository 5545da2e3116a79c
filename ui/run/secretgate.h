// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "runs/secretresolver.h"

#include <QObject>

#include <functional>
#include <optional>

class QWidget;

namespace batchlab {

/// What stands between Start or Send and the network: the secrets the set needs get their
/// values (SecretResolver), and those found nowhere are asked for, once per session, through a
/// replaceable hook (SecretsDialog by default; tests answer without a screen). Nothing is sent
/// with a secret still empty: refused() names it instead.
class SecretGate : public QObject
{
    Q_OBJECT

public:
    struct Answer
    {
        QStringList values; ///< one per need, in order
        bool remember = false;
    };
    /// Nothing when the user cancelled.
    using AskHook = std::function<std::optional<Answer>(const QList<SecretNeed> &needs, bool storeAvailable,
                                                        QWidget *parent)>;

    explicit SecretGate(QWidget *window);

    /// Replaces the dialog (a null hook puts it back), for every gate.
    static void setAskHook(AskHook hook);
    SecretResolver *resolver() const { return m_resolver; }

    /// Calls `go` with `set`, its needed secrets filled, when every one has a value (at once
    /// when none is missing and no secret store is asked); otherwise emits refused().
    void whenReady(const RequestSet &set, const QList<int> &rows, std::function<void(const RequestSet &)> go);

Q_SIGNALS:
    void refused(const QString &message);

private:
    QWidget *m_window;
    SecretResolver *m_resolver;
};

} // namespace batchlab

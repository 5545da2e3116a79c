// SPDX-License-Identifier: BSD-3-Clause
#include "run/secretgate.h"
#include "run/runtr.h"

#include "run/secretsdialog.h"
#include "runs/keychainstore.h"

#include <QPointer>
#include <QWidget>

namespace batchlab {

namespace {

SecretGate::AskHook &askHook()
{
    static SecretGate::AskHook hook;
    return hook;
}

std::optional<SecretGate::Answer> askWithDialog(const QList<SecretNeed> &needs, bool storeAvailable, QWidget *parent)
{
    SecretsDialog dialog(needs, storeAvailable, parent);
    if (dialog.exec() != QDialog::Accepted)
        return std::nullopt;
    return SecretGate::Answer{dialog.values(), dialog.remember()};
}

QString labels(const QList<SecretNeed> &needs)
{
    QStringList out;
    for (const SecretNeed &need : needs)
        out.append(need.label());
    return out.join(QStringLiteral(", "));
}

} // namespace

SecretGate::SecretGate(QWidget *window)
    : QObject(window), m_window(window)
{
    // The store is the resolver's child: it lives as long as the reads it answers.
    auto *store = new KeychainStore;
    m_resolver = new SecretResolver(store, this);
    store->setParent(m_resolver);
}

void SecretGate::setAskHook(AskHook hook)
{
    askHook() = std::move(hook);
}

void SecretGate::whenReady(const RequestSet &set, const QList<int> &rows, std::function<void(const RequestSet &)> go)
{
    m_resolver->resolve(set, rows, this, [this, go](const RequestSet &filled, const QList<SecretNeed> &missing) {
        if (missing.isEmpty()) {
            go(filled);
            return;
        }
        const bool storeAvailable = m_resolver->store() && m_resolver->store()->isAvailable();
        const AskHook ask = askHook() ? askHook() : AskHook(askWithDialog);
        const std::optional<Answer> answer = ask(missing, storeAvailable, m_window);
        if (!answer) {
            Q_EMIT refused(RunTr::tr("Not sent: these secrets have no value: %1").arg(labels(missing)));
            return;
        }
        RequestSet ready = filled;
        QList<SecretNeed> empty;
        for (qsizetype i = 0; i < missing.size(); ++i) {
            const QString value = answer->values.value(i);
            if (value.isEmpty()) {
                empty.append(missing.at(i));
                continue;
            }
            m_resolver->remember(filled.name, missing.at(i), value, answer->remember);
            SecretResolver::fill(&ready, missing.at(i), value);
        }
        if (!empty.isEmpty()) {
            Q_EMIT refused(RunTr::tr("Not sent: these secrets have no value: %1").arg(labels(empty)));
            return;
        }
        go(ready);
    });
}

} // namespace batchlab

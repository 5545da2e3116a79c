// SPDX-License-Identifier: BSD-3-Clause
#include "run/curlcopy.h"
#include "run/redaction.h"
#include "run/runtr.h"

#include "transport/wirelog.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QMenu>
#include <QPointer>

namespace batchlab {

CurlCommand::Hiding CurlCopy::hiding()
{
    // The placeholder is the wire view's, so that a pasted line shows what was left out.
    return {[](QByteArrayView name) { return isSensitiveHeader(name); }, redacted("Authorization", {})};
}

QString CurlCopy::actionText()
{
    return RunTr::tr("Copy as cURL");
}

QString CurlCopy::credentialsActionText()
{
    return RunTr::tr("Copy as cURL (with credentials)");
}

void CurlCopy::addBatchActions(QMenu *menu, const WireLog *log, quint64 batchId, const QString &noBatch)
{
    // Shown where the actions are disabled: the reason is the point of the tooltip.
    menu->setToolTipsVisible(true);
    QString why;
    std::optional<WireExchange> exchange;
    if (batchId == 0)
        why = noBatch.isEmpty() ? RunTr::tr("No batch request here") : noBatch;
    else if (!log || !(exchange = log->find(batchId)))
        why = RunTr::tr("The wire log no longer keeps batch #%1: it keeps the newest %2 requests")
                  .arg(batchId)
                  .arg(log ? log->capacity() : 0);
    else if (exchange->requestCut())
        why = RunTr::tr("The wire log kept %1 of the %2 bytes of batch #%3's body: a command would send "
                        "another body")
                  .arg(exchange->requestBody.size())
                  .arg(exchange->requestBytes)
                  .arg(batchId);
    const QPointer<const WireLog> guarded(log);
    for (const bool credentials : {false, true}) {
        QAction *action = menu->addAction(credentials ? credentialsActionText() : actionText());
        if (!why.isEmpty()) {
            action->setEnabled(false);
            action->setToolTip(why);
            continue;
        }
        action->setToolTip(credentials ? RunTr::tr("The batch request as it was sent, credentials included")
                                       : RunTr::tr("The batch request as it was sent, credentials hidden"));
        QObject::connect(action, &QAction::triggered, menu, [guarded, batchId, credentials] {
            // Read when picked: the log may have moved on while the menu was open.
            const std::optional<WireExchange> now = guarded ? guarded->find(batchId) : std::nullopt;
            QString error;
            const QString line = now ? CurlCommand::forExchange(*now, credentials ? CurlCommand::Hiding{} : hiding(), &error)
                                     : QString();
            if (!line.isEmpty())
                QGuiApplication::clipboard()->setText(line);
        });
    }
}

} // namespace batchlab

// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "sandbox/sandboxbehavior.h"
#include "sandbox/sandboxcounters.h"
#include "sandbox/sandboxresources.h"

#include <QAbstractHttpServer>
#include <QPointer>
#include <QRandomGenerator>
#include <QUrl>

#include <memory>
#include <vector>

class QTcpSocket;

namespace batchlab {

/// A real HTTP server on 127.0.0.1 that serves the sandbox API (see SandboxResources) and
/// three batch wire formats over it:
///
///   POST /$batch  application/json: the JSON batch of Microsoft Graph and OData 4.01
///                 (SandboxJsonBatch); multipart/mixed: OData 4.0 (SandboxMultipartBatch)
///   POST /batch   multipart/mixed as Google APIs ("response-" Content-IDs)
///   POST /rpc     JSON-RPC 2.0 (SandboxJsonRpc)
///
/// Every item of every format is answered by the same resources as a plain request, and every
/// fault of a SandboxBehavior applies to every format. The formats only read and write; the
/// server routes, draws the faults and counts what it receives. Delayed answers are written
/// from timers: nothing ever sleeps on the event loop. It lives on one thread, like every
/// QObject here.
class SandboxServer : public QAbstractHttpServer
{
    Q_OBJECT

public:
    explicit SandboxServer(QObject *parent = nullptr);
    ~SandboxServer() override;

    /// Listens on 127.0.0.1 (never another address); port 0 picks a free one.
    bool start(quint16 port = 0);
    bool isListening() const { return m_port != 0; }
    quint16 port() const { return m_port; }
    /// "http://127.0.0.1:<port>", or an empty URL before start().
    QUrl url() const;

    SandboxBehavior behavior() const { return m_behavior; }
    /// Applies at once to requests that arrive from now on and reseeds every random draw, so
    /// the same behaviour and the same traffic give the same faults. Returns false (and
    /// changes nothing) when the behaviour is invalid; see SandboxBehavior::validate().
    bool setBehavior(const SandboxBehavior &behavior);

    SandboxCounters counters() const { return m_counters; }
    void resetCounters();
    /// Forgets every change made to items through PUT, PATCH, DELETE and POST.
    void resetData();

    /// Answers that are scheduled but not yet written, and requests held by `hang`.
    int pendingAnswers() const { return m_pendingAnswers; }
    int hungRequests() const { return int(m_hung.size()); }
    /// Resets the connections of every hung request, so their clients see the failure.
    void releaseHungRequests();

Q_SIGNALS:
    /// Emitted after every request that changed the counters; cheap to connect to.
    void countersChanged();
    void behaviorChanged();

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    struct Answer
    {
        SandboxReply reply;
        bool drop = false;
    };

    SandboxReply answerBatch(const QHttpServerRequest &request, const QString &path);
    SandboxReply answerJsonBatch(const QByteArray &body);
    SandboxReply answerMultipartBatch(const QHttpServerRequest &request, bool google);
    SandboxReply answerRpc(const QByteArray &body);
    SandboxReply answerItem(const SandboxCall &call);
    /// Runs the items in order; with `stopAtFailure`, none after the first that failed.
    bool runBatch(const QList<SandboxBatchItem> &items, QList<SandboxReply> *replies,
                  SandboxReply *failure, bool stopAtFailure = false);
    bool failsAsAWhole(SandboxReply *failure);
    SandboxAnswerLayout layoutAnswer(qsizetype count);
    void deliver(QTcpSocket *socket, Answer answer);
    static void write(QTcpSocket *socket, const SandboxReply &reply);

    bool chance(double probability);
    void count(const QString &routeKey, bool batchItem);

    SandboxResources m_resources;
    SandboxBehavior m_behavior;
    SandboxCounters m_counters;
    QRandomGenerator m_random;
    std::vector<QPointer<QTcpSocket>> m_hung;
    int m_pendingAnswers = 0;
    quint16 m_port = 0;
};

} // namespace batchlab

// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "sandbox/sandboxbatchrunner.h"
#include "sandbox/sandboxbehavior.h"
#include "sandbox/sandboxcounters.h"
#include "sandbox/sandboxexchange.h"
#include "sandbox/sandboxresources.h"

#include <QAbstractHttpServer>
#include <QMetaObject>
#include <QPointer>
#include <QRandomGenerator>
#include <QUrl>

#include <map>
#include <optional>

class QTcpSocket;
class QHttpServerResponder;

namespace batchlab {

class SandboxTcpServer;

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
///
/// Batches run through SandboxBatchRunner: change sets and JSON atomicity groups are atomic
/// (rolled back when a member fails), JSON `dependsOn` is honoured (424 when a prerequisite
/// failed), and `$n` targets address what an earlier item created.
///
/// It builds with QtHttpServer 6.4 (tested) and 6.5 or later (written from Qt's sources, not
/// compiled here); the difference is kept to the two overrides below and SandboxExchange.
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

    /// Answers that are scheduled but not yet written, and requests held by `hang`. A request
    /// whose client closed its connection is forgotten at once, so neither grows without bound.
    int pendingAnswers() const { return int(m_pending.size()); }
    int hungRequests() const { return m_hungCount; }
    /// Resets the connections of every hung request, so their clients see the failure.
    void releaseHungRequests();

Q_SIGNALS:
    /// Emitted after every request that changed the counters; cheap to connect to.
    void countersChanged();
    void behaviorChanged();

protected:
    // QtHttpServer's entry points, whose signatures changed in 6.5 and again in 6.8; each
    // makes a SandboxExchange and calls serve().
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
    bool handleRequest(const QHttpServerRequest &request, QHttpServerResponder &responder) override;
#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
    void missingHandler(const QHttpServerRequest &request, QHttpServerResponder &responder) override;
#else
    void missingHandler(const QHttpServerRequest &request, QHttpServerResponder &&responder) override;
#endif
#else
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;
#endif

private:
    struct Answer
    {
        SandboxReply reply;
        bool drop = false;
    };
    /// An exchange whose answer is written later (latency, drop) or never (hang).
    struct Pending
    {
        SandboxExchange exchange;
        QMetaObject::Connection closed; ///< forgets it when the client closes the connection
        bool hung = false;
    };

    void serve(const QHttpServerRequest &request, SandboxExchange exchange);
    SandboxReply answerBatch(const QHttpServerRequest &request, const QString &path);
    SandboxReply answerJsonBatch(const QByteArray &body);
    SandboxReply answerMultipartBatch(const QHttpServerRequest &request, bool google);
    SandboxReply answerRpc(const QByteArray &body);
    SandboxReply answerItem(const SandboxCall &call);
    /// Counts the items, draws a whole-batch failure (false, `failure` set), else runs them.
    bool runBatch(const QList<SandboxBatchItem> &items, SandboxBatchRunner &runner,
                  SandboxBatchRun *run, SandboxReply *failure);
    bool failsAsAWhole(SandboxReply *failure);
    SandboxAnswerLayout layoutAnswer(qsizetype count);
    void deliver(SandboxExchange exchange, Answer answer);
    quint64 hold(SandboxExchange exchange, bool hung);
    std::optional<SandboxExchange> take(quint64 id);

    bool chance(double probability);
    void count(const QString &routeKey, bool batchItem);

    SandboxResources m_resources;
    SandboxBehavior m_behavior;
    SandboxCounters m_counters;
    QRandomGenerator m_random;
    QPointer<SandboxTcpServer> m_listener;
    std::map<quint64, Pending> m_pending;
    quint64 m_lastPendingId = 0;
    int m_hungCount = 0;
    quint16 m_port = 0;
};

} // namespace batchlab

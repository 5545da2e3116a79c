// SPDX-License-Identifier: BSD-3-Clause
#include "sandbox/sandboxserver.h"
#include "sandbox/sandboxtr.h"

#include "sandbox/formats/sandboxjsonbatch.h"
#include "sandbox/formats/sandboxjsonrpc.h"
#include "sandbox/formats/sandboxmultipartbatch.h"
#include "sandbox/sandboxtcpserver.h"

#include <QCoreApplication>
#include <QHttpServerRequest>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QTcpSocket>
#include <QTimer>

#include <algorithm>

namespace batchlab {

Q_LOGGING_CATEGORY(lcSandbox, "batchlab.sandbox", QtWarningMsg)

namespace {

QByteArray methodName(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Get:
        return QByteArrayLiteral("GET");
    case QHttpServerRequest::Method::Put:
        return QByteArrayLiteral("PUT");
    case QHttpServerRequest::Method::Delete:
        return QByteArrayLiteral("DELETE");
    case QHttpServerRequest::Method::Post:
        return QByteArrayLiteral("POST");
    case QHttpServerRequest::Method::Head:
        return QByteArrayLiteral("HEAD");
    case QHttpServerRequest::Method::Options:
        return QByteArrayLiteral("OPTIONS");
    case QHttpServerRequest::Method::Patch:
        return QByteArrayLiteral("PATCH");
    default:
        return {};
    }
}

/// "GET /users/{id}": the path with every numeric segment replaced, so that counters group
/// by resource rather than by id.
QString routeKey(const QByteArray &method, const QString &path)
{
    QString key = QString::fromLatin1(method);
    key += u' ';
    const QList<QStringView> segments = QStringView(path).split(u'/', Qt::SkipEmptyParts);
    if (segments.isEmpty())
        key += u'/';
    for (QStringView segment : segments) {
        key += u'/';
        const bool numeric
            = std::all_of(segment.begin(), segment.end(), [](QChar c) { return c.isDigit(); });
        key += numeric ? QStringLiteral("{id}") : segment.toString();
    }
    return key;
}

SandboxReply throttledReply(int retryAfterSeconds)
{
    SandboxReply reply = SandboxReply::error(429, QStringLiteral("TooManyRequests"),
                                             SandboxTr::tr("throttled by the sandbox; retry later"));
    reply.headers.append({QByteArrayLiteral("retry-after"), QByteArray::number(retryAfterSeconds)});
    return reply;
}

} // namespace

SandboxServer::SandboxServer(QObject *parent)
    : QAbstractHttpServer(parent)
    , m_random(quint32(m_behavior.seed))
{ }

SandboxServer::~SandboxServer()
{
    // Before QtHttpServer's connections go: on 6.5+ an exchange holds a responder of theirs.
    for (const auto &[id, pending] : m_pending)
        disconnect(pending.closed);
    m_pending.clear();
}

bool SandboxServer::start(quint16 port)
{
    // Our own QTcpServer handed to bind(), on every Qt version: it knows the connections by
    // their peer (SandboxExchange needs that from 6.5 on), and 6.8 has no listen() any more.
    auto *listener = new SandboxTcpServer(this);
    if (!listener->listen(QHostAddress::LocalHost, port)) {
        qCWarning(lcSandbox) << "cannot listen on 127.0.0.1 port" << port << ':'
                             << listener->errorString();
        delete listener;
        return false;
    }
    bind(listener);
    m_listener = listener;
    m_port = listener->serverPort();
    return true;
}

QUrl SandboxServer::url() const
{
    if (m_port == 0)
        return {};
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(QStringLiteral("127.0.0.1"));
    url.setPort(m_port);
    return url;
}

bool SandboxServer::setBehavior(const SandboxBehavior &behavior)
{
    const QString problem = behavior.validate();
    if (!problem.isEmpty()) {
        qCWarning(lcSandbox) << "invalid behaviour:" << problem;
        return false;
    }
    m_behavior = behavior;
    m_random.seed(quint32(behavior.seed ^ (behavior.seed >> 32)));
    Q_EMIT behaviorChanged();
    return true;
}

void SandboxServer::resetCounters()
{
    m_counters = SandboxCounters();
    Q_EMIT countersChanged();
}

void SandboxServer::resetData()
{
    m_resources.reset();
}

void SandboxServer::releaseHungRequests()
{
    std::vector<quint64> hung;
    for (const auto &[id, pending] : m_pending) {
        if (pending.hung)
            hung.push_back(id);
    }
    for (const quint64 id : hung) {
        if (std::optional<SandboxExchange> exchange = take(id))
            exchange->abort();
    }
}

quint64 SandboxServer::hold(SandboxExchange exchange, bool hung)
{
    exchange.keep();
    const quint64 id = ++m_lastPendingId;
    QTcpSocket *socket = exchange.socket();
    // A client that is gone will not be answered: nothing to hold (its timer finds nothing).
    if (!exchange.isOpen())
        return id;
    // Forgotten as soon as the client closes the connection, or a hung request would be kept
    // for the life of the server.
    const QMetaObject::Connection closed = connect(socket, &QAbstractSocket::disconnected, this,
                                                   [this, id] { take(id); });
    m_pending.emplace(id, Pending{std::move(exchange), closed, hung});
    if (hung)
        ++m_hungCount;
    return id;
}

std::optional<SandboxExchange> SandboxServer::take(quint64 id)
{
    const auto found = m_pending.find(id);
    if (found == m_pending.end())
        return std::nullopt;
    disconnect(found->second.closed);
    if (found->second.hung)
        --m_hungCount;
    std::optional<SandboxExchange> exchange(std::move(found->second.exchange));
    m_pending.erase(found);
    return exchange;
}

bool SandboxServer::chance(double probability)
{
    return probability > 0.0 && m_random.generateDouble() < probability;
}

void SandboxServer::count(const QString &key, bool batchItem)
{
    auto &byRoute = batchItem ? m_counters.itemsByRoute : m_counters.requestsByRoute;
    if (!byRoute.contains(key) && byRoute.size() >= SandboxCounters::kMaxRoutes - 1)
        ++byRoute[QString(SandboxCounters::kOtherRoute)];
    else
        ++byRoute[key];
}

#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
bool SandboxServer::handleRequest(const QHttpServerRequest &request, QHttpServerResponder &responder)
{
    QTcpSocket *socket
        = m_listener ? m_listener->connection(request.remoteAddress(), request.remotePort()) : nullptr;
    serve(request, SandboxExchange(socket, responder));
    return true;
}

#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
void SandboxServer::missingHandler(const QHttpServerRequest &request, QHttpServerResponder &responder)
#else
void SandboxServer::missingHandler(const QHttpServerRequest &request, QHttpServerResponder &&responder)
#endif
{
    // handleRequest() answers everything; this is only here because the base class asks.
    QTcpSocket *socket
        = m_listener ? m_listener->connection(request.remoteAddress(), request.remotePort()) : nullptr;
    SandboxExchange(socket, responder)
        .write(SandboxReply::error(404, QStringLiteral("NotFound"), SandboxTr::tr("no such resource")));
}
#else
bool SandboxServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    serve(request, SandboxExchange(socket));
    return true;
}

void SandboxServer::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    // handleRequest() answers everything; this is only here because the base class asks.
    Q_UNUSED(request);
    SandboxExchange(socket).write(
        SandboxReply::error(404, QStringLiteral("NotFound"), SandboxTr::tr("no such resource")));
}
#endif

void SandboxServer::serve(const QHttpServerRequest &request, SandboxExchange exchange)
{
    ++m_counters.httpRequests;
    const QByteArray method = methodName(request.method());
    const QString path = request.url().path(QUrl::FullyDecoded);
    count(routeKey(method.isEmpty() ? QByteArrayLiteral("?") : method, path), false);

    // Decided per HTTP request, before any work, in a fixed order so a seed reproduces them.
    if (chance(m_behavior.hangRate)) {
        ++m_counters.hung;
        hold(std::move(exchange), true);
        qCDebug(lcSandbox) << "hanging" << method << path;
        Q_EMIT countersChanged();
        return;
    }
    Answer answer;
    answer.drop = chance(m_behavior.dropRate);

    if (!m_behavior.requiredAuthorization.isEmpty()
        && request.value(QByteArrayLiteral("authorization")) != m_behavior.requiredAuthorization) {
        ++m_counters.rejected;
        answer.reply = SandboxReply::error(
            401, QStringLiteral("Unauthorized"),
            request.value(QByteArrayLiteral("authorization")).isEmpty()
                ? SandboxTr::tr("this HTTP request has no Authorization header; the sandbox is set to require one")
                : SandboxTr::tr("the Authorization header of this HTTP request is not the one required"));
        answer.reply.headers.append({QByteArrayLiteral("www-authenticate"), QByteArrayLiteral("Bearer")});
    } else if (method.isEmpty()) {
        ++m_counters.rejected;
        answer.reply = SandboxReply::error(405, QStringLiteral("MethodNotAllowed"),
                                           SandboxTr::tr("this HTTP method is not supported by the sandbox"));
    } else if (path == u"/$batch" || path == u"/batch" || path == u"/rpc") {
        if (method != "POST") {
            ++m_counters.rejected;
            answer.reply = SandboxReply::error(405, QStringLiteral("MethodNotAllowed"),
                                               SandboxTr::tr("the batch endpoint only accepts POST"));
            answer.reply.headers.append({QByteArrayLiteral("allow"), QByteArrayLiteral("POST")});
        } else {
            answer.reply = answerBatch(request, path);
        }
    } else {
        SandboxCall call{method, path, request.query(), SandboxExchange::headersOf(request),
                         request.body()};
        answer.reply = answerItem(call);
    }
    deliver(std::move(exchange), std::move(answer));
    Q_EMIT countersChanged();
}

SandboxReply SandboxServer::answerItem(const SandboxCall &call)
{
    if (chance(m_behavior.throttleRate)) {
        ++m_counters.throttled;
        return throttledReply(m_behavior.retryAfterSeconds);
    }
    if (chance(m_behavior.itemErrorRate)) {
        ++m_counters.itemErrors;
        return SandboxReply::error(m_behavior.itemErrorStatus, QStringLiteral("InjectedFault"),
                                   SandboxTr::tr("failure injected by the sandbox's item error rate"));
    }
    SandboxReply reply = m_resources.handle(call);
    // Any call may ask for the caching headers it wants back, to exercise client caches.
    const QString cacheControl
        = call.query.queryItemValue(QStringLiteral("cache-control"), QUrl::FullyDecoded);
    // Only printable ASCII: a decoded "%0D%0A" would otherwise start a header of its own.
    const bool printable = std::all_of(cacheControl.cbegin(), cacheControl.cend(),
                                       [](QChar c) { return c.unicode() >= 0x20 && c.unicode() < 0x7f; });
    if (!cacheControl.isEmpty() && printable)
        reply.headers.append({QByteArrayLiteral("cache-control"), cacheControl.toLatin1()});
    return reply;
}

SandboxReply SandboxServer::answerBatch(const QHttpServerRequest &request, const QString &path)
{
    ++m_counters.batchRequests;
    if (path == u"/rpc")
        return answerRpc(request.body());
    const QByteArray contentType = request.value(QByteArrayLiteral("content-type"));
    const QByteArray type = contentType.trimmed().toLower();
    const bool google = path == u"/batch";
    if (type.startsWith("multipart/mixed"))
        return answerMultipartBatch(request, google);
    if (!google && (type.isEmpty() || type.startsWith("application/json")))
        return answerJsonBatch(request.body());
    ++m_counters.rejected;
    return SandboxReply::error(
        415, QStringLiteral("UnsupportedMediaType"),
        (google ? SandboxTr::tr("this batch endpoint accepts only multipart/mixed, not %1")
                : SandboxTr::tr("a batch must be sent as application/json or multipart/mixed, not %1"))
            .arg(QString::fromLatin1(contentType)));
}

SandboxReply SandboxServer::answerJsonBatch(const QByteArray &body)
{
    QList<SandboxBatchItem> items;
    SandboxReply reply;
    if (!SandboxJsonBatch::parseRequest(body, m_behavior.maxBatchItems, &items, &reply)) {
        ++m_counters.rejected;
        return reply;
    }
    // OData 4.01 lets `$id` name any preceding request of a JSON batch. A JSON batch goes on
    // after a failure, as CAP's does.
    SandboxBatchRunner runner(&m_resources, [this](const SandboxCall &call) { return answerItem(call); });
    runner.setReferences(SandboxBatchRunner::References::AnyPreceding);
    SandboxBatchRun run;
    if (!runBatch(items, runner, &run, &reply))
        return reply;
    const QList<SandboxBatchAnswer> answers = SandboxJsonBatch::answersOf(items, run);
    const SandboxAnswerLayout layout = layoutAnswer(answers.size());
    reply.headers.append(
        {QByteArrayLiteral("content-type"), QByteArrayLiteral("application/json")});
    reply.body = SandboxJsonBatch::encodeResponse(answers, layout);
    if (layout.truncate)
        reply.body.truncate(reply.body.size() / 2);
    return reply;
}

SandboxReply SandboxServer::answerMultipartBatch(const QHttpServerRequest &request, bool google)
{
    QList<SandboxBatchItem> items;
    SandboxReply reply;
    const auto style = google ? SandboxMultipartBatch::Style::Google : SandboxMultipartBatch::Style::OData;
    if (!SandboxMultipartBatch::parseRequest(request.value(QByteArrayLiteral("content-type")),
                                             request.body(), SandboxExchange::headersOf(request),
                                             style, m_behavior.maxBatchItems, &items, &reply)) {
        ++m_counters.rejected;
        return reply;
    }
    SandboxBatchRunner runner(&m_resources, [this](const SandboxCall &call) { return answerItem(call); });
    // As an OData 4.0 service does (§11.7.2): without odata.continue-on-error the batch stops
    // at its first failed call or change set, and what follows is neither run nor answered.
    runner.setStopAtFailure(!google
        && !request.value(QByteArrayLiteral("prefer")).toLower().contains("odata.continue-on-error"));
    SandboxBatchRun run;
    if (!runBatch(items, runner, &run, &reply))
        return reply;
    const QList<SandboxBatchAnswer> answers = SandboxMultipartBatch::answersOf(items, run);
    const SandboxAnswerLayout layout = layoutAnswer(answers.size());
    QByteArray contentType;
    reply.body = SandboxMultipartBatch::encodeResponse(answers, layout, style, &contentType);
    reply.headers.append({QByteArrayLiteral("content-type"), contentType});
    if (layout.truncate)
        reply.body.truncate(reply.body.size() / 2);
    return reply;
}

SandboxReply SandboxServer::answerRpc(const QByteArray &body)
{
    QList<SandboxRpcCall> calls;
    bool single = false;
    QJsonObject refusal;
    // JSON-RPC answers its own errors with 200; only whole-batch faults use other statuses.
    if (!SandboxJsonRpc::parseRequest(body, &calls, &single, &refusal)) {
        ++m_counters.rejected;
        return SandboxReply::json(200, refusal);
    }
    m_counters.batchItems += calls.size();
    for (const SandboxRpcCall &call : calls)
        count(QStringLiteral("rpc ") + (call.method.isEmpty() ? QStringLiteral("?") : call.method),
              true);
    SandboxReply reply;
    if (failsAsAWhole(&reply))
        return reply;
    QList<QJsonObject> responses;
    for (const SandboxRpcCall &call : calls) {
        if (!call.failure.isEmpty()) {
            if (!call.notification)
                responses.append(call.failure);
            continue;
        }
        // Notifications run like any call; they only go unanswered.
        const SandboxReply answered = answerItem(call.call);
        if (!call.notification)
            responses.append(SandboxJsonRpc::encodeReply(call, answered));
    }
    const SandboxAnswerLayout layout = layoutAnswer(responses.size());
    reply.body = SandboxJsonRpc::encodeResponse(responses, layout, single);
    if (reply.body.isEmpty()) {
        reply.status = 204;
        return reply;
    }
    reply.headers.append(
        {QByteArrayLiteral("content-type"), QByteArrayLiteral("application/json")});
    if (layout.truncate)
        reply.body.truncate(reply.body.size() / 2);
    return reply;
}

bool SandboxServer::runBatch(const QList<SandboxBatchItem> &items, SandboxBatchRunner &runner,
                             SandboxBatchRun *run, SandboxReply *failure)
{
    m_counters.batchItems += items.size();
    for (const SandboxBatchItem &item : items)
        count(routeKey(item.call.method, item.call.path), true);
    if (failsAsAWhole(failure))
        return false;
    *run = runner.run(items);
    m_counters.rolledBack += run->rolledBack;
    m_counters.skipped += run->skipped;
    return true;
}

bool SandboxServer::failsAsAWhole(SandboxReply *failure)
{
    if (!chance(m_behavior.batchFailureRate))
        return false;
    ++m_counters.failedBatches;
    if (m_behavior.batchFailureStatus == 429) {
        *failure = throttledReply(m_behavior.retryAfterSeconds);
    } else {
        *failure
            = SandboxReply::error(m_behavior.batchFailureStatus, QStringLiteral("InjectedFault"),
                                  SandboxTr::tr("batch failed as a whole by the sandbox"));
    }
    return true;
}

SandboxAnswerLayout SandboxServer::layoutAnswer(qsizetype count)
{
    SandboxAnswerLayout layout;
    layout.order.reserve(count + 1);
    for (qsizetype i = 0; i < count; ++i)
        layout.order.append(i);
    if (m_behavior.shuffle) {
        for (qsizetype i = count - 1; i > 0; --i)
            layout.order.swapItemsAt(i, qsizetype(m_random.bounded(quint32(i + 1))));
    }
    if (count == 0 || !chance(m_behavior.malformedRate))
        return layout;

    ++m_counters.malformed;
    MalformKind kind = m_behavior.malformKind;
    if (kind == MalformKind::Any)
        kind = MalformKind(1 + m_random.bounded(4));
    const qsizetype victim = qsizetype(m_random.bounded(quint32(count)));
    switch (kind) {
    case MalformKind::Any:
    case MalformKind::BadJson:
        layout.truncate = true;
        break;
    case MalformKind::MissingId:
        layout.order.removeAt(victim);
        break;
    case MalformKind::DuplicateId:
        layout.order.append(layout.order.at(victim));
        break;
    case MalformKind::UnknownId:
        layout.unknownAt = victim;
        break;
    }
    return layout;
}

void SandboxServer::deliver(SandboxExchange exchange, Answer answer)
{
    int delay = m_behavior.latencyMs;
    if (m_behavior.jitterMs > 0)
        delay += int(m_random.bounded(quint32(m_behavior.jitterMs) + 1));
    if (delay == 0 && !answer.drop) {
        exchange.write(answer.reply);
        return;
    }
    if (answer.drop)
        ++m_counters.dropped;
    // The client may be gone by the time the timer fires; its exchange was forgotten then
    // (hold()), and the answer is simply not written.
    const quint64 id = hold(std::move(exchange), false);
    QTimer::singleShot(delay, this, [this, id, answer = std::move(answer)] {
        std::optional<SandboxExchange> pending = take(id);
        if (!pending)
            return;
        if (answer.drop)
            pending->abort();
        else
            pending->write(answer.reply);
    });
}

} // namespace batchlab

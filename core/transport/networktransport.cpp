// SPDX-License-Identifier: BSD-3-Clause
#include "transport/networktransport.h"
#include "transport/transporttr.h"

#include "telemetry/logging.h"
#include "transport/oneshotbody.h"
#include "transport/wirelog.h"
#include "wire/batchcodec.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>

namespace batchlab {

namespace {

ErrorKind kindOf(QNetworkReply::NetworkError error)
{
    switch (error) {
    case QNetworkReply::TimeoutError:
    case QNetworkReply::OperationCanceledError:
        return ErrorKind::Timeout;
    default:
        return ErrorKind::Network;
    }
}

/// Errors that mean the exchange broke off, whatever status line came before: the network
/// range of QNetworkReply::NetworkError (connection closed, reset, timed out…) and
/// ProtocolFailure (an answer that could not be read to its end). The other protocol codes,
/// and the content and server ranges, stand for HTTP statuses (400 is
/// ProtocolInvalidOperationError), which are answers.
bool brokeOff(QNetworkReply::NetworkError error)
{
    return (error >= QNetworkReply::ConnectionRefusedError && error <= QNetworkReply::UnknownNetworkError)
        || error == QNetworkReply::ProtocolFailure;
}

/// The byte count an answer's Content-Length promised when `body` is shorter, else -1. Qt
/// can finish a reply without an error although the server closed before the whole body
/// came (seen with Qt 6.4 when it had opened a second connection meanwhile); the length check
/// is then the only sign. Not for compressed answers (Qt hands over the decoded body) nor
/// for answers that have no body (HEAD, 1xx, 204, 304).
qint64 shortOf(const QNetworkReply *reply, const QByteArray &method, int status, const QByteArray &body)
{
    if (method == "HEAD" || status < 200 || status == 204 || status == 304
        || reply->hasRawHeader("Content-Encoding"))
        return -1;
    bool ok = false;
    const qint64 promised = reply->rawHeader("Content-Length").trimmed().toLongLong(&ok);
    return ok && body.size() < promised ? promised : -1;
}

/// `headers`, then each of `envelope` whose name they do not already carry: the target's
/// own headers (credentials above all) go on every HTTP request, batch or plain, and a call's
/// own header of the same name wins on its plain request.
QNetworkRequest networkRequest(const QUrl &url, const HttpHeaders &headers,
                               const HttpHeaders &envelope)
{
    QNetworkRequest request(url);
    for (const auto &[name, value] : headers)
        request.setRawHeader(name, value);
    for (const auto &[name, value] : envelope) {
        if (!request.hasRawHeader(name))
            request.setRawHeader(name, value);
    }
    // QNetworkAccessManager would otherwise follow redirects of a batch POST on its own.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    return request;
}

} // namespace

NetworkTransport::NetworkTransport(QNetworkAccessManager *manager,
                                   std::unique_ptr<BatchCodec> codec, QObject *parent)
    : QObject(parent)
    , m_manager(manager)
    , m_codec(std::move(codec))
{ }

NetworkTransport::~NetworkTransport()
{
    for (Pending &pending : m_pending) {
        pending.reply->disconnect(this);
        pending.reply->abort();
        pending.reply->deleteLater();
    }
}

void NetworkTransport::setCodec(std::unique_ptr<BatchCodec> codec)
{
    m_codec = std::move(codec);
}

void NetworkTransport::setEnvelopeHeaders(const HttpHeaders &headers)
{
    m_envelope = headers;
}

QNetworkReply *NetworkTransport::post(QNetworkRequest request, const QByteArray &method,
                                      const QByteArray &body, bool once)
{
    if (!once)
        return m_manager->sendCustomRequest(request, method, body);
    // Unbuffered and not rewindable, so Qt cannot send it a second time (see OneShotBody).
    request.setAttribute(QNetworkRequest::DoNotBufferUploadDataAttribute, true);
    request.setHeader(QNetworkRequest::ContentLengthHeader, body.size());
    auto *device = new OneShotBody(body);
    QNetworkReply *reply = m_manager->sendCustomRequest(request, method, device);
    device->setParent(reply);
    return reply;
}

void NetworkTransport::send(const BatchRequest &request, Done done)
{
    // A write must reach the server at most once per attempt.
    const bool once = std::any_of(request.items.cbegin(), request.items.cend(),
                                  [](const OutgoingItem &item) { return !item.spec->isIdempotent(); });
    QNetworkReply *reply = nullptr;
    const quint64 batchId = request.batchId;
    const auto postAndLog = [&](const QUrl &url, const HttpHeaders &headers,
                                const QByteArray &method, const QByteArray &body) {
        const QNetworkRequest networkRequested = networkRequest(url, headers, m_envelope);
        reply = post(networkRequested, method, body, once);
        if (m_wire) {
            HttpHeaders sentHeaders;
            for (const QByteArray &name : networkRequested.rawHeaderList())
                sentHeaders.append({name, networkRequested.rawHeader(name)});
            m_wire->sent(batchId, method, url, sentHeaders, body);
        }
    };
    if (request.plain && m_codec->sendsPlainAsIs()) {
        const RequestSpec &spec = *request.items.front().spec;
        postAndLog(spec.url, spec.headers, spec.method, spec.body);
    } else {
        const EncodedRequest encoded = m_codec->encode(request);
        postAndLog(encoded.url, encoded.headers, encoded.method, encoded.body);
    }
    m_pending.insert(batchId, Pending{reply, request, std::move(done), m_codec});
    connect(reply, &QNetworkReply::finished, this, [this, batchId] { finished(batchId); });
    connect(reply, &QNetworkReply::downloadProgress, this, [this, reply](qint64 received) {
        if (received > m_maxAnswerBytes && !reply->property("batchlab.tooLarge").toBool()) {
            reply->setProperty("batchlab.tooLarge", true);
            reply->abort();
        }
    });
    if (request.attemptTimeoutMs > 0) {
        // A deadline for the whole exchange: QNetworkRequest's transfer timeout only notices
        // silence, and a server that trickles bytes never trips it.
        QTimer::singleShot(request.attemptTimeoutMs, reply, [reply] {
            reply->setProperty("batchlab.timedOut", true);
            reply->abort();
        });
    }
}

void NetworkTransport::cancel(quint64 batchId)
{
    const auto it = m_pending.find(batchId);
    if (it == m_pending.end())
        return;
    QNetworkReply *reply = it->reply;
    m_pending.erase(it);
    reply->disconnect(this);
    reply->abort();
    reply->deleteLater();
}

void NetworkTransport::finished(quint64 batchId)
{
    const auto it = m_pending.find(batchId);
    if (it == m_pending.end())
        return;
    Pending pending = std::move(*it);
    m_pending.erase(it);
    QNetworkReply *reply = pending.reply;
    reply->deleteLater();

    BatchReply result;
    result.httpStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const HttpHeaders headers = reply->rawHeaderPairs();
    result.headers = headers;
    // An aborted reply (attempt timeout, answer too large) is closed; reading it only warns.
    const QByteArray body = reply->isOpen() ? reply->readAll() : QByteArray();
    const QNetworkReply::NetworkError error = reply->error();
    const bool plain = pending.request.plain;
    const bool asIs = plain && pending.codec->sendsPlainAsIs();

    if (reply->property("batchlab.timedOut").toBool()) {
        const int ms = pending.request.attemptTimeoutMs;
        result.failure = {plain ? ErrorKind::Timeout : ErrorKind::BatchFailed,
                          ErrorKind::Timeout,
                          TransportTr::tr("no answer within the attempt timeout of %1 ms").arg(ms),
                          0,
                          {},
                          0,
                          batchId};
    } else if (reply->property("batchlab.tooLarge").toBool()) {
        result.failure = {plain ? ErrorKind::Protocol : ErrorKind::BatchFailed,
                          ErrorKind::Protocol,
                          TransportTr::tr("the answer is larger than the %L1 bytes allowed; abandoned")
                              .arg(m_maxAnswerBytes),
                          result.httpStatus,
                          {},
                          0,
                          batchId};
    } else if (const qint64 promised = shortOf(reply, asIs ? pending.request.items.front().spec->method : QByteArray(),
                                             result.httpStatus, body);
               result.httpStatus == 0 || brokeOff(error) || promised >= 0) {
        // No HTTP answer at all (refused, reset, timed out), or one cut off after its status
        // line: a truncated body is never a success, nor cached as one.
        const ErrorKind cause = kindOf(error);
        const QString why = result.httpStatus == 0 ? reply->errorString()
            : brokeOff(error)
            ? TransportTr::tr("the answer (HTTP %1) broke off after %n byte(s) of its body: %2", nullptr,
                              int(body.size())) // at most maxAnswerBytes
                  .arg(result.httpStatus)
                  .arg(reply->errorString())
            : TransportTr::tr("the answer (HTTP %1) broke off after %n byte(s) of its body: %L2 were "
                              "promised", nullptr, int(body.size()))
                  .arg(result.httpStatus)
                  .arg(promised);
        result.failure = {plain ? cause : ErrorKind::BatchFailed, cause, why, result.httpStatus, {}, 0, batchId};
    } else if (asIs || (plain && (result.httpStatus < 200 || result.httpStatus > 299))) {
        ItemResult &item = result.items.emplace_back();
        item.index = 0;
        item.id = QStringLiteral("0");
        item.status = result.httpStatus;
        item.headers = headers;
        item.body = body;
    } else if (result.httpStatus < 200 || result.httpStatus > 299) {
        result.failure = {ErrorKind::BatchFailed,
                          ErrorKind::Http,
                          TransportTr::tr("the batch request was answered with HTTP %1").arg(result.httpStatus),
                          result.httpStatus,
                          body,
                          0,
                          batchId};
    } else {
        DecodedBatch decoded = pending.codec->decode(pending.request, headers, body);
        if (!decoded.error.isEmpty()) {
            qCWarning(lcCodec) << "batch" << batchId << decoded.error;
            result.failure = {plain ? ErrorKind::Protocol : ErrorKind::BatchFailed,
                              ErrorKind::Protocol,
                              decoded.error,
                              result.httpStatus,
                              body,
                              0,
                              batchId};
        } else {
            result.items = std::move(decoded.items);
        }
    }
    if (m_wire)
        m_wire->answered(batchId, result.httpStatus, headers, body, result.failure);
    pending.done(std::move(result));
}

} // namespace batchlab

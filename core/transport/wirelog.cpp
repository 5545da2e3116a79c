// SPDX-License-Identifier: BSD-3-Clause
#include "transport/wirelog.h"

namespace batchlab {

WireLog::WireLog(QObject *parent)
    : QObject(parent)
{
    m_clock.start();
}

void WireLog::setCapacity(int exchanges)
{
    m_capacity = qMax(1, exchanges);
    while (int(m_exchanges.size()) > m_capacity) {
        m_exchanges.pop_front();
        m_sentNs.pop_front();
    }
}

void WireLog::setMaxBodyBytes(qint64 bytes)
{
    m_maxBodyBytes = qMax<qint64>(0, bytes);
}

QByteArray WireLog::bounded(const QByteArray &body) const
{
    // left() of a QByteArray shares the data when it is whole: no copy for the usual case.
    return body.size() <= m_maxBodyBytes ? body : body.left(m_maxBodyBytes);
}

void WireLog::sent(quint64 batchId, const QByteArray &method, const QUrl &url,
                   const HttpHeaders &headers, const QByteArray &body)
{
    WireExchange exchange;
    exchange.batchId = batchId;
    exchange.sentAt = QDateTime::currentDateTime();
    exchange.method = method;
    exchange.url = url;
    exchange.requestHeaders = headers;
    exchange.requestBody = bounded(body);
    exchange.requestBytes = body.size();
    m_exchanges.push_back(std::move(exchange));
    m_sentNs.push_back(m_clock.nsecsElapsed());
    setCapacity(m_capacity);
    Q_EMIT changed(batchId);
}

void WireLog::restore(const WireExchange &exchange)
{
    m_exchanges.push_back(exchange);
    m_sentNs.push_back(m_clock.nsecsElapsed());
    setCapacity(m_capacity);
    Q_EMIT changed(exchange.batchId);
}

void WireLog::answered(quint64 batchId, int httpStatus, const HttpHeaders &headers,
                       const QByteArray &body, const ApiError &failure)
{
    const qsizetype index = indexOf(batchId);
    if (index < 0)
        return; // already gone from the log
    WireExchange *exchange = &m_exchanges[size_t(index)];
    exchange->answered = true;
    exchange->durationNs = m_clock.nsecsElapsed() - m_sentNs[index];
    exchange->httpStatus = httpStatus;
    exchange->responseHeaders = headers;
    exchange->responseBody = bounded(body);
    exchange->responseBytes = body.size();
    exchange->failure = failure;
    Q_EMIT changed(batchId);
}

qsizetype WireLog::indexOf(quint64 batchId) const
{
    // Newest first: an answer usually comes soon after its request.
    for (qsizetype i = qsizetype(m_exchanges.size()) - 1; i >= 0; --i) {
        if (m_exchanges[size_t(i)].batchId == batchId)
            return i;
    }
    return -1;
}

std::optional<WireExchange> WireLog::find(quint64 batchId) const
{
    const qsizetype index = indexOf(batchId);
    if (index < 0)
        return std::nullopt;
    return m_exchanges[size_t(index)];
}

void WireLog::clear()
{
    m_exchanges.clear();
    m_sentNs.clear();
}

} // namespace batchlab

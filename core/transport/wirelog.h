// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "transport/wireexchange.h"

#include <QElapsedTimer>
#include <QObject>

#include <deque>
#include <optional>

namespace batchlab {

/// The newest HTTP exchanges as sent and received, by batch id, for the workbench's Wire view
/// ("what did the $batch envelope really look like?"). Bounded twice: at most capacity()
/// exchanges (the oldest leave) and at most maxBodyBytes() of each body (the rest counted, not
/// kept). A NetworkTransport feeds it only when one is set (ApiClient::setWireLog()), so the
/// engine pays nothing for it otherwise.
class WireLog : public QObject
{
    Q_OBJECT

public:
    static constexpr int kDefaultCapacity = 200;
    static constexpr qint64 kDefaultMaxBodyBytes = 256 * 1024;

    explicit WireLog(QObject *parent = nullptr);

    int capacity() const { return m_capacity; }
    /// Keeps the newest `exchanges` (at least 1) from now on.
    void setCapacity(int exchanges);
    qint64 maxBodyBytes() const { return m_maxBodyBytes; }
    void setMaxBodyBytes(qint64 bytes);

    /// The transport posted this request for batch `batchId`.
    void sent(quint64 batchId, const QByteArray &method, const QUrl &url,
              const HttpHeaders &headers, const QByteArray &body);
    /// Its answer came (status 0 and `failure` set when there was none).
    void answered(quint64 batchId, int httpStatus, const HttpHeaders &headers,
                  const QByteArray &body, const ApiError &failure);

    /// Keeps an exchange recorded elsewhere (a saved run's) as if it had just been answered.
    void restore(const WireExchange &exchange);

    /// The exchange of `batchId`, if it is still kept.
    std::optional<WireExchange> find(quint64 batchId) const;
    int size() const { return int(m_exchanges.size()); }
    void clear();

Q_SIGNALS:
    /// An exchange was sent or answered.
    void changed(quint64 batchId);

private:
    qsizetype indexOf(quint64 batchId) const;
    QByteArray bounded(const QByteArray &body) const;

    std::deque<WireExchange> m_exchanges; ///< in sending order
    int m_capacity = kDefaultCapacity;
    qint64 m_maxBodyBytes = kDefaultMaxBodyBytes;
    QElapsedTimer m_clock;
    std::deque<qint64> m_sentNs; ///< beside m_exchanges: when each was sent, on m_clock
};

} // namespace batchlab

// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "transport/transport.h"

#include <QHash>
#include <QObject>

#include <memory>

class QNetworkAccessManager;
class QNetworkReply;
class QNetworkRequest;

namespace batchlab {

class BatchCodec;
class WireLog;

/// The production Transport: encodes a batch with a BatchCodec, sends it through a
/// QNetworkAccessManager, and decodes the answer. A plain request is sent as it is. A
/// refused or reset connection, a non-2xx answer to a batch or an unreadable batch body fail
/// the whole request, with the cause.
class NetworkTransport final : public QObject, public Transport
{
    Q_OBJECT

public:
    /// Uses `manager` (not owned) and takes `codec`.
    NetworkTransport(QNetworkAccessManager *manager, std::unique_ptr<BatchCodec> codec,
                     QObject *parent = nullptr);
    ~NetworkTransport() override;

    void send(const BatchRequest &request, Done done) override;
    void cancel(quint64 batchId) override;

    /// Answers larger than this are abandoned with a Protocol error rather than read into
    /// memory: a server that sends gigabytes must not take the program down.
    static constexpr qint64 kDefaultMaxAnswerBytes = 256 * 1024 * 1024;
    void setMaxAnswerBytes(qint64 bytes) { m_maxAnswerBytes = bytes; }
    qint64 maxAnswerBytes() const { return m_maxAnswerBytes; }

    const BatchCodec &codec() const { return *m_codec; }
    /// Batches sent from now on use `codec`; those in flight are decoded by the one that
    /// encoded them.
    void setCodec(std::unique_ptr<BatchCodec> codec);
    /// Headers for every HTTP request from now on, the outer request of a batch and a plain
    /// one alike: what the target authenticates (Microsoft Graph and Google read credentials
    /// on the `$batch` POST, not on its items). A plain call's own header of the same name
    /// wins. Calls' own headers stay on their items.
    void setEnvelopeHeaders(const HttpHeaders &headers);
    HttpHeaders envelopeHeaders() const { return m_envelope; }
    /// Every exchange from now on is told to `log` (not owned; nullptr: none, the default,
    /// which costs the engine nothing), as sent and as received.
    void setWireLog(WireLog *log) { m_wire = log; }
    WireLog *wireLog() const { return m_wire; }

private:
    struct Pending
    {
        QNetworkReply *reply = nullptr;
        BatchRequest request;
        Done done;
        std::shared_ptr<const BatchCodec> codec;
    };
    void finished(quint64 batchId);
    /// Sends `body`; with `once`, in a way Qt's network layer cannot repeat on its own.
    QNetworkReply *post(QNetworkRequest request, const QByteArray &method, const QByteArray &body,
                        bool once);

    QNetworkAccessManager *m_manager;
    std::shared_ptr<const BatchCodec> m_codec;
    QHash<quint64, Pending> m_pending;
    qint64 m_maxAnswerBytes = kDefaultMaxAnswerBytes;
    HttpHeaders m_envelope;
    WireLog *m_wire = nullptr;
};

} // namespace batchlab

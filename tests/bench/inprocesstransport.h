// SPDX-License-Identifier: BSD-3-Clause
#pragma once

// A Transport that answers every batch in-process on the next event-loop pass, without
// encoding or decoding, so a benchmark measures the engine alone.

#include "transport/transport.h"

#include <QObject>
#include <QTimer>

#include <vector>

class InProcessTransport final : public QObject, public batchlab::Transport
{
public:
    InProcessTransport() { m_body = QByteArrayLiteral(R"({"id":1,"name":"Ada Lovelace"})"); }

    void send(const batchlab::BatchRequest &request, Done done) override
    {
        batchlab::BatchReply reply;
        reply.httpStatus = 200;
        reply.items.reserve(request.items.size());
        for (const batchlab::OutgoingItem &item : request.items) {
            batchlab::ItemResult &answer = reply.items.emplace_back();
            answer.index = item.index;
            answer.status = 200;
            answer.body = m_body;
        }
        m_pending.push_back({std::move(reply), std::move(done)});
        if (m_pending.size() == 1)
            QTimer::singleShot(0, this, [this] { answerAll(); });
    }
    void cancel(quint64) override { }

private:
    void answerAll()
    {
        std::vector<Pending> pending;
        pending.swap(m_pending);
        for (Pending &p : pending)
            p.done(std::move(p.reply));
    }
    struct Pending
    {
        batchlab::BatchReply reply;
        Done done;
    };
    std::vector<Pending> m_pending;
    QByteArray m_body;
};

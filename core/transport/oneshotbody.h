// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QByteArray>
#include <QIODevice>

namespace batchlab {

/// An HTTP request body that can be read once and never rewound. Qt's network layer sends a
/// request again, once, when its connection closes before any answer; it can do so only if
/// it can read the body a second time. A batch that holds a POST or PATCH (or such a plain
/// call) is given this body, so the server executes it at most once: a connection lost after
/// the server ran it is a network error, which the retry policy alone decides about.
class OneShotBody final : public QIODevice
{
    Q_OBJECT

public:
    explicit OneShotBody(QByteArray data, QObject *parent = nullptr);

    bool isSequential() const override { return true; }
    qint64 bytesAvailable() const override;
    bool atEnd() const override;
    bool reset() override { return false; }

protected:
    qint64 readData(char *data, qint64 maxSize) override;
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    QByteArray m_data;
    qint64 m_read = 0;
};

} // namespace batchlab

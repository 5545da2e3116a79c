// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QObject>

namespace batchlab {

/// Turns SIGINT (Ctrl+C) and SIGTERM into a signal of the event loop, so that a command
/// stops cleanly — settles what is in flight, prints its summary, writes its reports —
/// instead of dying mid-write. Only async-signal-safe work happens in the handler: a byte
/// into a pipe the event loop reads. One at a time in a process.
class StopSignals : public QObject
{
    Q_OBJECT

public:
    explicit StopSignals(QObject *parent = nullptr);
    ~StopSignals() override;

    /// How many stop signals arrived so far.
    int received() const { return m_received; }

Q_SIGNALS:
    /// A stop signal arrived: `count` is 1 for the first, 2 for a second Ctrl+C…
    void stopRequested(int count);

private:
    int m_received = 0;
};

} // namespace batchlab

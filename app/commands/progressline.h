// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <cstdio>

namespace batchlab {

class HeadlessRun;

/// How far a run is, on stderr: on a terminal one line redrawn in place at most ten times a
/// second (percent, calls settled, HTTP requests, saved, failures, ETA); otherwise (CI logs, a
/// pipe) a plain line every few seconds, without control characters.
class ProgressLine : public QObject
{
    Q_OBJECT

public:
    /// `terminal`: whether `out` is one (isatty), decided by the caller so tests can say.
    ProgressLine(const HeadlessRun *run, std::FILE *out, bool terminal, QObject *parent = nullptr);

    /// Draws the final state on a terminal and ends its line, so that what follows starts on a
    /// line of its own.
    void finish();

    /// The line's text as it is now.
    QString text() const;

private:
    void draw();

    const HeadlessRun *m_run;
    std::FILE *m_out;
    bool m_terminal;
    bool m_drawn = false;
    QString m_last;
    QTimer m_timer;
    QElapsedTimer m_sincePlain;
};

} // namespace batchlab

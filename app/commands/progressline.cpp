// SPDX-License-Identifier: BSD-3-Clause
#include "commands/progressline.h"
#include "apptr.h"
#include "commands/headlessrun.h"

#include "runs/runnumbers.h"

namespace batchlab {

namespace {

constexpr int kTerminalMs = 100;     // at most ten redraws a second
constexpr qint64 kPlainMs = 5000;    // a log gets a line every five seconds

QString duration(qint64 ms)
{
    if (ms < 0)
        return QStringLiteral("?");
    const qint64 s = (ms + 999) / 1000;
    return s < 60 ? AppTr::tr("%1 s").arg(s) : AppTr::tr("%1 min %2 s").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

} // namespace

ProgressLine::ProgressLine(const HeadlessRun *run, std::FILE *out, bool terminal, QObject *parent)
    : QObject(parent), m_run(run), m_out(out), m_terminal(terminal)
{
    m_sincePlain.start();
    connect(&m_timer, &QTimer::timeout, this, &ProgressLine::draw);
    m_timer.start(terminal ? kTerminalMs : 1000);
}

QString ProgressLine::text() const
{
    const RunProgress p = m_run->progress();
    const RunNumbers n = RunNumbers::of(m_run->counters());
    const int percent = p.total > 0 ? int(100.0 * p.settled() / p.total) : 0;
    QString line = AppTr::tr("%1% %2/%3 calls · %n HTTP request(s) · saved %4", nullptr, int(n.httpRequests))
                       .arg(percent)
                       .arg(p.settled())
                       .arg(p.total)
                       .arg(n.savedText());
    if (p.failed > 0)
        line += AppTr::tr(" · %1 failed").arg(p.failed);
    if (p.settled() < p.total)
        line += AppTr::tr(" · ETA %1").arg(duration(p.etaMs));
    return line;
}

void ProgressLine::draw()
{
    if (m_terminal) {
        const QString line = text();
        if (line == m_last)
            return;
        m_last = line;
        // Back to the line's start and clear it: no scrolling, one line that moves.
        std::fprintf(m_out, "\r\033[K%s", line.toUtf8().constData());
        std::fflush(m_out);
        m_drawn = true;
        return;
    }
    if (m_sincePlain.elapsed() < kPlainMs)
        return;
    m_sincePlain.restart();
    std::fprintf(m_out, "%s\n", (AppTr::tr("progress: ") + text()).toUtf8().constData());
    std::fflush(m_out);
}

void ProgressLine::finish()
{
    m_timer.stop();
    if (m_terminal && m_drawn) {
        // The last state stays on screen, and what follows starts on a line of its own.
        std::fprintf(m_out, "\r\033[K%s\n", text().toUtf8().constData());
        std::fflush(m_out);
    }
}

} // namespace batchlab

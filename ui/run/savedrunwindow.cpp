// SPDX-License-Identifier: BSD-3-Clause
#include "run/savedrunwindow.h"

#include "network/networklistmodel.h"
#include "network/networklistview.h"
#include "run/runtr.h"
#include "run/wireview.h"
#include "runs/calldirectory.h"
#include "runs/record/recordplayer.h"
#include "runs/runnumbers.h"
#include "telemetry/telemetry.h"
#include "timeline/timelinemodel.h"
#include "timeline/timelinepanel.h"
#include "timeline/waterfallview.h"
#include "transport/wirelog.h"

#include <QFileInfo>
#include <QLabel>
#include <QLocale>
#include <QScrollBar>
#include <QSplitter>
#include <QTimer>
#include <QVBoxLayout>

namespace batchlab {

namespace {

QString milliseconds(qint64 micros)
{
    return RunTr::tr("%1 ms").arg(QLocale().toString(double(micros) / 1000.0, 'f', micros < 10'000 ? 2 : 1));
}

} // namespace

QString SavedRunWindow::summaryText(const RunRecord &record)
{
    const RunSummary &s = record.summary;
    const RunNumbers n = RunNumbers::of(s);
    // Counts said with their own plurals: "1 HTTP request", "3 batches".
    const QString requests = RunTr::tr("%n HTTP request(s)", nullptr, int(n.httpRequests));
    const QString batches = RunTr::tr("%n batch(es)", nullptr, int(n.batches));
    QString text = RunTr::tr("Run %1 of “%2”, started %3 · %4 calls in %5 (%6) · saved %7 · "
                             "%8 failed · latency p50 %9, p90 %10, p99 %11 · queue wait p90 %12")
                       .arg(s.number)
                       .arg(s.setName, QLocale().toString(s.startedAt, QLocale::ShortFormat))
                       .arg(QLocale().toString(n.calls), requests, batches, n.savedText(), QLocale().toString(n.failed))
                       .arg(milliseconds(s.counters.latency.p50), milliseconds(s.counters.latency.p90),
                            milliseconds(s.counters.latency.p99), milliseconds(s.counters.queueWait.p90));
    if (n.checks() > 0)
        text += RunTr::tr(" · checks %1").arg(n.checksText());
    if (s.stopped)
        text += RunTr::tr(" · stopped before the end");
    if (record.simulated)
        text += RunTr::tr(" · simulated");
    if (record.wiresDropped > 0)
        text += RunTr::tr(" · %n request(s) saved without their bodies", nullptr, int(record.wiresDropped));
    return text;
}

SavedRunWindow::SavedRunWindow(const RunRecord &record, const QString &fileName, QWidget *parent)
    : QWidget(parent, Qt::Window)
    , m_record(record)
    , m_telemetry(new Telemetry(this))
    , m_calls(new CallDirectory(this))
    , m_wireLog(new WireLog(this))
{
    setAttribute(Qt::WA_DeleteOnClose);
    setObjectName(QStringLiteral("savedRunWindow"));
    setWindowTitle(RunTr::tr("Run %1 · %2 — saved run (%3)")
                       .arg(record.summary.number)
                       .arg(record.summary.setName, QFileInfo(fileName).fileName()));
    m_summary = new QLabel(summaryText(record), this);
    m_summary->setObjectName(QStringLiteral("savedRunSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary->setToolTip(fileName);

    // Big enough for every batch of the run (the live log keeps the newest few hundred).
    m_wireLog->setCapacity(int(std::max<size_t>(1, record.batches.size())));
    m_wireLog->setMaxBodyBytes(std::numeric_limits<qint64>::max());
    for (const RecordedBatch &b : record.batches) {
        if (b.wire)
            m_wireLog->restore(*b.wire);
    }

    m_timeline = new TimelinePanel(m_telemetry, this);
    m_timeline->model()->setCallDirectory(m_calls);
    m_timeline->restart();
    RecordPlayer::play(record, m_telemetry, m_calls);
    m_timeline->model()->fetchNew();
    m_timeline->runFinished();

    m_network = new NetworkListView(m_calls, this);
    m_network->model()->fetchNew();
    m_wire = new WireView(m_wireLog, this);

    auto *bottom = new QSplitter(Qt::Horizontal, this);
    bottom->addWidget(m_network);
    bottom->addWidget(m_wire);
    bottom->setStretchFactor(0, 3);
    bottom->setStretchFactor(1, 2);
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_timeline);
    split->addWidget(bottom);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(split, 1);

    connect(m_timeline->view(), &WaterfallView::callSelected, this, [this](quint64 id) {
        m_network->selectCall(id);
        showCall(id);
    });
    connect(m_timeline->view(), &WaterfallView::batchSelected, this, [this](quint64 batchId) {
        m_wire->showBatch(batchId);
    });
    connect(m_network, &NetworkListView::callSelected, this, &SavedRunWindow::showCall);
    resize(1200, 760);
}

void SavedRunWindow::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (std::exchange(m_fitted, true))
        return;
    // The whole run in view, once the waterfall has its width (fitted before, it had none),
    // from its first lane.
    QTimer::singleShot(0, m_timeline->view(), [view = m_timeline->view()] {
        view->fitAll();
        view->verticalScrollBar()->setValue(0);
    });
}

void SavedRunWindow::showCall(quint64 requestId)
{
    const CallRecord *call = m_calls->find(requestId);
    if (call)
        m_wire->showBatch(call->batchId, m_calls->describe(requestId));
}

} // namespace batchlab

// SPDX-License-Identifier: BSD-3-Clause
// Repainting the waterfall with 100 000 calls: the time of one full frame of the view, zoomed
// out and zoomed in, next to a QTreeView repainting the same model's lanes at the same size
// (the generic Qt view as the reference; expanding all 10 000 lanes of a QTreeView costs
// minutes in persistent indexes, so it shows them collapsed). A 60 Hz frame is 16.7 ms.
#include "telemetry/telemetry.h"
#include "timeline/timelinemodel.h"
#include "timeline/timelinepanel.h"
#include "timeline/waterfallview.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QScrollBar>
#include <QTreeView>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace batchlab;

namespace {

constexpr int kCalls = 100000;
constexpr int kBatch = 10;

/// A run as the engine records it (fed to the model in chunks): 10 calls a batch, every 0.1 ms a
/// call, 20 ms in flight, a shared call in every batch.
void record(Telemetry &telemetry, TimelineModel &model)
{
    const qint64 base = telemetry.now();
    quint64 id = 0;
    for (int b = 0; b < kCalls / kBatch; ++b) {
        const qint64 t0 = base + qint64(b) * kBatch * 100000;
        std::vector<quint64> ids;
        for (int i = 0; i < kBatch; ++i) {
            Event e;
            e.kind = EventKind::Enqueued;
            e.time = t0 + i * 100000;
            e.requestId = ++id;
            telemetry.record(e);
            if (i == kBatch - 1) {
                Event joined = e;
                joined.kind = EventKind::DedupJoined;
                joined.value = qint32(id - 1);
                telemetry.record(joined);
            }
            ids.push_back(id);
        }
        Event f;
        f.batchId = quint64(b) + 1;
        f.time = t0 + kBatch * 100000;
        f.kind = EventKind::Flushed;
        f.value = kBatch - 1;
        f.reason = FlushReason::Size;
        telemetry.record(f);
        f.kind = EventKind::Sent;
        f.value = 0;
        telemetry.record(f);
        f.kind = EventKind::Answered;
        f.time += 20000000;
        f.status = 200;
        telemetry.record(f);
        for (quint64 call : ids) {
            Event s;
            s.kind = EventKind::Settled;
            s.time = f.time;
            s.requestId = call;
            s.batchId = f.batchId;
            s.status = 200;
            telemetry.record(s);
        }
        if (b % 500 == 499) // read as a live run is read: in chunks, before the ring wraps
            model.fetchNew();
    }
    model.fetchNew();
}

template<typename Paint> double medianFrameMs(Paint paint, int frames = 60)
{
    std::vector<double> ms;
    for (int i = 0; i < frames; ++i) {
        QElapsedTimer timer;
        timer.start();
        paint(i);
        ms.push_back(double(timer.nsecsElapsed()) / 1e6);
    }
    std::sort(ms.begin(), ms.end());
    return ms[ms.size() / 2];
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    Telemetry telemetry;
    TimelinePanel panel(&telemetry);
    panel.resize(1280, 600);
    panel.show();
    QElapsedTimer load;
    load.start();
    record(telemetry, *panel.model());
    QCoreApplication::processEvents();
    const double loadMs = double(load.nsecsElapsed()) / 1e6;
    WaterfallView *view = panel.view();
    QScrollBar *rows = view->verticalScrollBar();

    std::printf("timeline: %d calls in %d HTTP requests, view 1280x600 (offscreen, CPU raster)\n",
                panel.model()->callCount(), panel.model()->rowCount());
    std::printf("  events recorded and read into the model: %.1f ms\n", loadMs);
    view->fitAll();
    const double out = medianFrameMs([&](int i) {
        rows->setValue(rows->maximum() * i / 60);
        view->viewport()->repaint();
    });
    view->setShowCalls(false);
    const double lanesOnly = medianFrameMs([&](int i) {
        rows->setValue(rows->maximum() * i / 60);
        view->viewport()->repaint();
    });
    view->setShowCalls(true);
    view->selectCall(quint64(kCalls / 2));
    for (int i = 0; i < 12; ++i)
        view->zoomAround(400, 2);
    const double in = medianFrameMs([&](int) { view->viewport()->repaint(); });

    QTreeView tree;
    tree.setModel(panel.model());
    tree.setUniformRowHeights(true);
    tree.resize(1280, 600);
    tree.show();
    QCoreApplication::processEvents();
    const double reference = medianFrameMs([&](int i) {
        tree.verticalScrollBar()->setValue(tree.verticalScrollBar()->maximum() * i / 60);
        tree.viewport()->repaint();
    });
    std::printf("  full repaint, zoomed out, scrolling:  median %.2f ms per frame\n", out);
    std::printf("  full repaint, lanes only:             median %.2f ms per frame\n", lanesOnly);
    std::printf("  full repaint, zoomed in on one batch: median %.2f ms per frame\n", in);
    std::printf("  reference, QTreeView over the same model's lanes: median %.2f ms per frame\n",
                reference);
    std::printf("  waterfall lanes only = %.2fx the tree view; the slowest frame above is %.0f%% "
                "of a 60 Hz frame\n",
                lanesOnly / reference, 100 * std::max({out, lanesOnly, in}) / 16.7);
    std::fflush(stdout);
    return 0;
}

// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "runs/record/runrecord.h"

#include <QWidget>

class QLabel;

namespace batchlab {

class CallDirectory;
class NetworkListView;
class Telemetry;
class TimelinePanel;
class WireLog;
class WireView;

/// A run saved as the HAR of its wire, opened to be looked at: its numbers, its waterfall,
/// its calls and each batch as it went over the wire. The record is played into a telemetry,
/// a call directory and a wire log of the window's own (RecordPlayer), so the same timeline,
/// network list and wire view as the live run's show it — and nothing of the open set or the
/// live run changes.
class SavedRunWindow : public QWidget
{
    Q_OBJECT

public:
    SavedRunWindow(const RunRecord &record, const QString &fileName, QWidget *parent = nullptr);

    TimelinePanel *timeline() const { return m_timeline; }
    NetworkListView *network() const { return m_network; }
    WireView *wire() const { return m_wire; }
    QLabel *summary() const { return m_summary; }
    const RunRecord &record() const { return m_record; }

    /// The window's first line: which run, when, and its numbers as the Run dock says them.
    static QString summaryText(const RunRecord &record);

protected:
    void showEvent(QShowEvent *event) override;

private:
    void showCall(quint64 requestId);

    RunRecord m_record;
    Telemetry *m_telemetry;
    CallDirectory *m_calls;
    WireLog *m_wireLog;
    QLabel *m_summary;
    TimelinePanel *m_timeline;
    NetworkListView *m_network;
    WireView *m_wire;
    bool m_fitted = false;
};

} // namespace batchlab

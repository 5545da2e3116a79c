// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QWidget>

class QCheckBox;

namespace batchlab {

class Telemetry;
class TimeAxis;
class TimelineModel;
class WaterfallView;

/// The timeline dock: a tool bar (follow live, calls shown, fit, export, legend), the time axis
/// and the waterfall of the current run.
class TimelinePanel : public QWidget
{
    Q_OBJECT

public:
    explicit TimelinePanel(Telemetry *telemetry, QWidget *parent = nullptr);

    TimelineModel *model() const { return m_model; }
    WaterfallView *view() const { return m_view; }
    /// A run starts: forget the previous one and follow the new one live.
    void restart();
    /// Writes what the timeline shows (axis included) as PNG or SVG, by the file's suffix.
    bool exportTo(const QString &path, QString *error);

private:
    void exportDialog(const QString &suffix);

    TimelineModel *m_model;
    WaterfallView *m_view;
    TimeAxis *m_axis;
    QCheckBox *m_follow;
};

} // namespace batchlab

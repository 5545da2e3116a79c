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
    /// What an export draws: a time range (the whole run unless both are set) at a width.
    struct ExportOptions
    {
        qint64 from = -1; ///< ns on the telemetry clock
        qint64 to = -1;
        int width = 2400; ///< pixels, gutter included
    };
    /// Writes the waterfall as PNG or SVG (by the file's suffix): a title, the legend, the axis
    /// and every row over the chosen range, at the chosen width. Not a grab of the viewport.
    bool exportTo(const QString &path, QString *error, const ExportOptions &options);
    bool exportTo(const QString &path, QString *error) { return exportTo(path, error, {}); }
    /// The range the view shows now, for "export what is in view".
    ExportOptions rangeInView() const;
    /// The run ended (Runner::finished): stop following it.
    void runFinished();
    /// Rows taller than this are cut from an export (said in its title).
    static constexpr int kMaxExportRowsHeight = 30000;

private:
    void exportDialog(const QString &suffix);

    TimelineModel *m_model;
    WaterfallView *m_view;
    TimeAxis *m_axis;
    QCheckBox *m_follow;
};

} // namespace batchlab

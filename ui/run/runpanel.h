// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "runs/runner.h"

#include <QWidget>

class QAction;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QSplitter;
class QTableWidget;

namespace batchlab {

class ReportExport;
class RunRecorder;

/// Run control: iterations and arrival pattern, Start / Pause / Stop, progress with counts and
/// ETA, and the history of finished runs (RunNumbers per row, settings and their changes)
/// with two of them side by side. A saved set's history is kept beside it
/// (RunHistoryFile) and written after every run.
class RunPanel : public QWidget
{
    Q_OBJECT

public:
    explicit RunPanel(Runner *runner, QWidget *parent = nullptr);

    RunPlan plan() const;
    /// Shows a set's plan (or the default one), e.g. when another set is opened.
    void setPlan(const RunPlan &plan);
    /// Start (F5), Pause/Resume and Stop (Shift+F5), for the window's Run menu; enabled as
    /// the run allows, like the panel's buttons.
    QList<QAction *> runActions() const { return {m_startAction, m_pauseAction, m_stopAction}; }

    /// The set at `setPath` was opened (empty: an unsaved set): its runs replace the history.
    /// A history file that cannot be read is reported in the panel, and left as it is: runs
    /// of this session are not written over it.
    void openHistory(const QString &setPath);
    /// The set was saved under `setPath` (Save As): the runs shown go with it from now on.
    void keepHistoryWith(const QString &setPath);
    /// Where the history is written; empty while the set is unsaved or its file is unreadable.
    QString historyFile() const { return m_historyBlocked ? QString() : m_historyFile; }
    /// Why the history file could not be read or written; empty when all is well.
    QString historyProblem() const;
    /// "Export report…" writes the last run `recorder` holds through `reports`; enabled once
    /// a run was recorded and while no report is being written.
    void setReports(RunRecorder *recorder, ReportExport *reports);

Q_SIGNALS:
    /// The user pressed Start; the window knows the set and the target.
    void startRequested(const RunPlan &plan);
    /// The user (or setPlan()) changed the iterations, the arrival or the rate.
    void planChanged();

private:
    void updateProgress();
    void updateButtons();
    void onFinished();
    /// The table from the runner's history (which keeps the newest kRunsKept).
    void fillHistory();
    void writeHistory();
    void showHistoryProblem(const QString &text);
    /// Two runs side by side: the two selected in the history, else the last two.
    void updateComparison();

    Runner *m_runner;
    QSpinBox *m_iterations;
    QComboBox *m_arrival;
    QDoubleSpinBox *m_rate;
    quint64 m_seed = 1; ///< not shown; kept so that a set's plan survives a save
    QAction *m_startAction = nullptr;
    QAction *m_pauseAction = nullptr;
    QAction *m_stopAction = nullptr;
    QPushButton *m_start;
    QPushButton *m_pause;
    QPushButton *m_stop;
    QProgressBar *m_progress;
    QLabel *m_counts;
    QLabel *m_historyProblem;
    QSplitter *m_splitter;
    QTableWidget *m_history;
    QString m_historyFile;
    bool m_historyBlocked = false; ///< the file could not be read: never overwrite it
    QLabel *m_compareTitle;
    QTableWidget *m_compare;
    QPushButton *m_exportReport;
    RunRecorder *m_recorder = nullptr;
    ReportExport *m_reports = nullptr;
};

} // namespace batchlab

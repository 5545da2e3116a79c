// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QMainWindow>
#include <QLoggingCategory>

/// What the workbench does with files and runs, for QT_LOGGING_RULES="batchlab.ui.workbench.info=true".
Q_DECLARE_LOGGING_CATEGORY(lcWorkbench)

class QDockWidget;
class QLabel;
class QMenu;
class QTimer;

namespace batchlab {

class ApiClient;
class BatchSettingsPanel;
class BreakerBox;
class ChartsPanel;
class DetailsPane;
class WireView;
class EventLogView;
class NetworkListView;
class ResponseView;
class SingleSend;
class RequestSetDocument;
class RequestSetEditor;
class RunPanel;
class Runner;
class ReportExport;
class RunRecorder;
class RunSetup;
class SandboxBehaviorPanel;
class SecretGate;
struct RequestSet;
class SandboxPanel;
class SandboxServer;
class Settings;
class TargetPanel;
class TimelinePanel;

/// The workbench: the request set editor in the middle; run control, batch settings, the
/// log and the sandbox in docks; live counters in the status bar. It shows, and never owns,
/// the sandbox server it talks to by default.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(SandboxServer *sandbox, QWidget *parent = nullptr);
    ~MainWindow() override;

    ApiClient *client() const { return m_client; }
    Runner *runner() const { return m_runner; }
    /// The whole of the last run, for reports and the HAR of its wire.
    RunRecorder *recorder() const { return m_recorder; }
    RequestSetDocument *document() const { return m_document; }
    /// Opens a request set; on failure says why (file, line, field) and keeps the open one.
    bool openFile(const QString &path);
    /// Imports another tool's file (ImportDialog::ask()) as a new, unsaved set.
    bool importFile(const QString &path);
    /// Opens the HAR of a run's wire (WireHarExporter) in a window of its own; on failure says
    /// why (the field) and changes nothing.
    bool openSavedRun(const QString &path);
    /// Opens one of the samples compiled into the program, as a new unsaved set.
    void openSample(const QString &name);
    /// Saves the set, with the batch settings in use, to `path`; on failure says why.
    bool saveTo(const QString &path);

protected:
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void createDocks();
    void createMenus();
    void createStatusBar();
    /// The environment chooser, at the top, and the secret gate every Start and Send passes.
    void createEnvironmentBar();
    /// The set open when the window last closed, else the fan-out sample (saying why when
    /// the last set is gone or unreadable).
    void reopenLastSet();
    void refreshCounters();
    void refreshTitle();
    void startRun();
    /// Starts the run of `set`, its secrets filled (SecretGate).
    void startRunWith(const RequestSet &set);
    /// Run ▸ Send Request (Ctrl+Enter): the selected request alone, its answer in the Response dock.
    void sendSelected();
    void sendWith(const RequestSet &set, int row);
    /// The editor's Copy as cURL: request `row` as Send would send it, on the clipboard;
    /// credentials hidden unless `withCredentials` (then its secrets are filled first).
    void copyAsCurl(int row, bool withCredentials);
    /// True when every body that claims JSON is JSON, or the user chose to send them anyway.
    bool bodiesAreJsonOrSendAnyway(const QStringList &problems);
    bool maybeSave();
    bool save();
    bool saveAs();
    void newSet();
    void openDialog();
    /// File ▸ Import…: another tool's file (HAR, Postman, curl lines) as a new, unsaved set,
    /// after the user has seen what comes in and what was skipped.
    void importDialog();
    void fillRecentMenu();
    void resetLayout();
    /// The Run dock 420 px wide, the bottom docks two fifths of the window high.
    void applyDefaultDockSizes();
    void showAbout();
    /// A new selection hides revealed secrets again; a new answer to the same one does not.
    void showDetails(bool newSelection);
    void applyTarget();
    void selectCall(quint64 requestId);

    SandboxServer *m_sandbox;
    ApiClient *m_client;
    Runner *m_runner;
    RunRecorder *m_recorder = nullptr;
    ReportExport *m_reports = nullptr; ///< writes run reports on a worker thread
    RequestSetDocument *m_document;
    RequestSetEditor *m_editor = nullptr;
    BatchSettingsPanel *m_settings = nullptr;
    BreakerBox *m_breakerBox = nullptr;
    RunPanel *m_runPanel = nullptr;
    EventLogView *m_log = nullptr;
    NetworkListView *m_network = nullptr;
    ResponseView *m_response = nullptr;
    QDockWidget *m_responseDock = nullptr;
    SingleSend *m_send = nullptr;
    SandboxPanel *m_sandboxPanel = nullptr;
    SandboxBehaviorPanel *m_faults = nullptr;
    DetailsPane *m_details = nullptr;
    WireView *m_wire = nullptr;
    TargetPanel *m_target = nullptr;
    TimelinePanel *m_timeline = nullptr;
    ChartsPanel *m_charts = nullptr;
    Settings *m_prefs = nullptr;
    RunSetup *m_setup = nullptr;
    SecretGate *m_secrets = nullptr;
    /// Spaces the redraws of the selected request's answers (see the constructor).
    QTimer *m_detailsRefresh = nullptr;
    bool m_detailsStale = false;
    /// Whether the runner's last results are of the set open now (a set opened since has none).
    bool m_resultsOfThisSet = false;
    QMenu *m_viewMenu = nullptr;
    QMenu *m_recentMenu = nullptr;
    QLabel *m_sandboxUrlLabel = nullptr;
    QLabel *m_counterLabel = nullptr;
    QLabel *m_telemetryLabel = nullptr;
    QByteArray m_defaultState;
};

} // namespace batchlab

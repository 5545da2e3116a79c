// SPDX-License-Identifier: BSD-3-Clause
#include "mainwindow.h"
#include "workbenchtr.h"

#include "buildinfo.h"
#include "charts/chartspanel.h"
#include "client/apiclient.h"
#include "editor/environmentchooser.h"
#include "editor/requestsetdocument.h"
#include "editor/requestseteditor.h"
#include "editor/targetpanel.h"
#include "io/reportexport.h"
#include "log/eventlogmodel.h"
#include "log/eventlogview.h"
#include "network/networklistview.h"
#include "run/batchsettingspanel.h"
#include "run/breakerbox.h"
#include "run/curlcopy.h"
#include "run/detailspane.h"
#include "run/responseview.h"
#include "run/runpanel.h"
#include "run/secretgate.h"
#include "run/wireview.h"
#include "runs/bodycheck.h"
#include "runs/record/runrecorder.h"
#include "runs/runner.h"
#include "runs/runnumbers.h"
#include "runs/singlesend.h"
#include "runsetup.h"
#include "sandbox/sandboxbehaviorpanel.h"
#include "sandbox/sandboxpanel.h"
#include "sandbox/sandboxserver.h"
#include "settings.h"
#include "telemetry/telemetry.h"
#include "timeline/timelinemodel.h"
#include "timeline/timelinepanel.h"
#include "timeline/waterfallview.h"
#include "transport/wirelog.h"
#include "types/urljoin.h"

#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QFileInfo>
#include <QGroupBox>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QScrollArea>
#include <QSplitter>
#include <QStatusBar>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

#include <utility>

Q_LOGGING_CATEGORY(lcWorkbench, "batchlab.ui.workbench", QtWarningMsg)

namespace batchlab {

namespace {
// The status bar follows the engine at most this often, however busy it is.
constexpr int kCounterRefreshMs = 200;
constexpr int kDetailsRefreshMs = 100;
} // namespace

MainWindow::MainWindow(SandboxServer *sandbox, QWidget *parent)
    : QMainWindow(parent)
    , m_sandbox(sandbox)
    , m_client(new ApiClient(sandbox->isListening() ? sandbox->url() : QUrl(QStringLiteral("http://127.0.0.1")),
                             ClientConfig(), nullptr, nullptr, nullptr, this))
    , m_runner(new Runner(m_client, this))
    , m_document(new RequestSetDocument(this))
    , m_prefs(new Settings(nullptr, this))
{
    setWindowIcon(QIcon(QStringLiteral(":/batchlab/icons/batchlab.svg")));
    setAcceptDrops(true);
    setDockNestingEnabled(true);
    // The right-hand docks (run, settings) are tall forms: give them the full height.
    setCorner(Qt::BottomRightCorner, Qt::RightDockWidgetArea);
    setCorner(Qt::TopRightCorner, Qt::RightDockWidgetArea);
    m_editor = new RequestSetEditor(m_document, this);
    connect(m_editor, &RequestSetEditor::copyAsCurlRequested, this, &MainWindow::copyAsCurl);
    setCentralWidget(m_editor);
    createDocks();
    createEnvironmentBar();
    createMenus();
    createStatusBar();
    m_defaultState = saveState();
    m_setup = new RunSetup(m_client, m_runPanel, m_sandbox, this);
    // A setting changed live counts as an unsaved change until it matches the set's again.
    connect(m_setup, &RunSetup::changed, this, [this] { m_document->setSettingsModified(m_setup->differsFrom(m_document->set())); });

    connect(m_document, &RequestSetDocument::modifiedChanged, this, &MainWindow::refreshTitle);
    connect(m_document, &RequestSetDocument::filePathChanged, this, &MainWindow::refreshTitle);
    connect(m_runPanel, &RunPanel::startRequested, this, &MainWindow::startRun);
    connect(m_editor->table()->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this] { showDetails(true); });
    // A call chosen in one of the waterfall, the log and the network list is chosen in the
    // other two, and its request in the editor.
    connect(m_log, &EventLogView::callSelected, this, [this](quint64 id) {
        m_timeline->view()->selectCall(id);
        m_network->selectCall(id);
        selectCall(id);
    });
    connect(m_timeline->view(), &WaterfallView::callSelected, this, [this](quint64 id) {
        m_log->selectCall(id);
        m_network->selectCall(id);
        selectCall(id);
    });
    connect(m_network, &NetworkListView::callSelected, this, [this](quint64 id) {
        m_timeline->view()->selectCall(id);
        m_log->selectCall(id);
        selectCall(id);
    });
    connect(m_runner, &Runner::started, m_timeline, &TimelinePanel::restart);
    connect(m_runner, &Runner::finished, m_timeline, &TimelinePanel::runFinished);
    connect(m_runner, &Runner::started, this, [this] {
        m_log->model()->markRunStart(m_client->telemetry()->now());
        m_resultsOfThisSet = true;
    });
    connect(m_document, &RequestSetDocument::wasReset, this, [this] {
        // Another set: the answers shown were to the previous set's requests.
        m_resultsOfThisSet = false;
        m_details->showResult(QString(), std::nullopt);
        m_wire->showBatch(0);
        // Nor is the timeline of the last run this set's, and the set's settings, applied next,
        // are no change made during a run: start it afresh once they are in.
        if (m_runner->state() != Runner::State::Running && m_runner->state() != Runner::State::Paused)
            QTimer::singleShot(0, m_timeline, &TimelinePanel::restart);
    });
    connect(m_document, &RequestSetDocument::itemChanged, this, [this](int row) {
        if (row == m_editor->table()->currentIndex().row())
            showDetails(false); // a rename shows in the title at once
    });
    connect(m_document, &RequestSetDocument::targetChanged, this, &MainWindow::applyTarget);
    connect(m_document, &RequestSetDocument::wasReset, this, &MainWindow::applyTarget);
    // The same request answered again: shown at once, then at most every kDetailsRefreshMs (a
    // request run thousands of times redrew its answer and batch on each one and held the event
    // loop for seconds); secrets the user revealed stay so.
    m_detailsRefresh = new QTimer(this);
    m_detailsRefresh->setSingleShot(true);
    m_detailsRefresh->setInterval(kDetailsRefreshMs);
    connect(m_detailsRefresh, &QTimer::timeout, this, [this] {
        if (std::exchange(m_detailsStale, false)) {
            showDetails(false);
            m_detailsRefresh->start();
        }
    });
    connect(m_runner, &Runner::resultArrived, this, [this](int row) {
        if (row != m_editor->table()->currentIndex().row())
            return;
        if (m_detailsRefresh->isActive()) {
            m_detailsStale = true;
            return;
        }
        showDetails(false);
        m_detailsRefresh->start();
    });
    auto *counters = new QTimer(this);
    connect(counters, &QTimer::timeout, this, &MainWindow::refreshCounters);
    counters->start(kCounterRefreshMs);
    connect(m_sandbox, &SandboxServer::countersChanged, this, [this] { m_sandboxPanel->refresh(); });

    // The minimum the layout fixed while the bottom docks still stood side by side (wider
    // than a 1280 screen) is stale once they are tabbed: measured again before sizing.
    layout()->invalidate();
    layout()->activate();
    resize(1280, 800);
    restoreGeometry(m_prefs->windowGeometry());
    restoreState(m_prefs->windowState());
    m_breakerBox->setKeepState(m_prefs->keepBreakerState());
    m_runner->setKeepServerState(m_prefs->keepBreakerState());
    connect(m_breakerBox, &BreakerBox::keepStateToggled, m_prefs, &Settings::setKeepBreakerState);
    connect(m_prefs, &Settings::keepBreakerStateChanged, m_runner, &Runner::setKeepServerState);
    connect(m_breakerBox, &BreakerBox::breakersReset, this, [this](int count) {
        statusBar()->showMessage(count ? WorkbenchTr::tr("Closed %n circuit breaker(s); the log shows each.", nullptr, count)
                                       : WorkbenchTr::tr("Every circuit breaker was closed already."),
                                 5000);
    });
    m_log->model()->setRetention(m_prefs->logRetention());
    connect(m_prefs, &Settings::logRetentionChanged, m_log->model(), &EventLogModel::setRetention);
    reopenLastSet();
    refreshCounters();
}

MainWindow::~MainWindow()
{
    // The client goes before the runner (children die in creation order) and settles what is
    // pending into it: nothing of that may reach this half-destroyed window.
    m_runner->disconnect(this);
    m_runner->stop();
    // A box with a number half typed commits it when it loses the focus; ~QWidget would take
    // the focus only once this window's own part is gone, and the panels tell the window.
    if (QWidget *focused = focusWidget(); focused && isAncestorOf(focused))
        focused->clearFocus();
}

void MainWindow::createDocks()
{
    const auto dock = [this](const QString &name, const QString &title, QWidget *content, Qt::DockWidgetArea area,
                             bool scrollable = false) {
        auto *d = new QDockWidget(title, this);
        d->setObjectName(name); // saved layouts find docks by name
        if (scrollable) {
            // So that a tall form never forces the window taller than the screen.
            auto *scroll = new QScrollArea(d);
            scroll->setWidget(content);
            scroll->setWidgetResizable(true);
            scroll->setFrameShape(QFrame::NoFrame);
            content = scroll;
        }
        d->setWidget(content);
        addDockWidget(area, d);
        return d;
    };
    m_runPanel = new RunPanel(m_runner, this);
    m_target = new TargetPanel(m_document, m_sandbox->isListening() ? m_sandbox->url() : QUrl(), this);
    auto *runContent = new QWidget(this);
    auto *runLayout = new QVBoxLayout(runContent);
    runLayout->setContentsMargins(0, 0, 0, 0);
    auto *targetBox = new QGroupBox(WorkbenchTr::tr("Target"), runContent);
    (new QVBoxLayout(targetBox))->addWidget(m_target);
    runLayout->addWidget(targetBox);
    m_breakerBox = new BreakerBox(m_client, runContent);
    runLayout->addWidget(m_breakerBox);
    runLayout->addWidget(m_runPanel, 1);
    m_settings = new BatchSettingsPanel(m_client, this);
    m_log = new EventLogView(m_client->telemetry(), this);
    m_log->model()->setCallDirectory(m_runner->calls());
    m_sandboxPanel = new SandboxPanel(m_sandbox, this);
    QDockWidget *run = dock(QStringLiteral("runDock"), WorkbenchTr::tr("Run"), runContent, Qt::RightDockWidgetArea, true);
    QDockWidget *settings = dock(QStringLiteral("settingsDock"), WorkbenchTr::tr("Batch settings"), m_settings, Qt::RightDockWidgetArea, true);
    QDockWidget *log = dock(QStringLiteral("logDock"), WorkbenchTr::tr("Log"), m_log, Qt::BottomDockWidgetArea);
    QDockWidget *sandbox = dock(QStringLiteral("sandboxDock"), WorkbenchTr::tr("Sandbox"), m_sandboxPanel, Qt::BottomDockWidgetArea);
    // The call's own answer beside its batch as it went over the wire (recorded only here:
    // the engine alone pays nothing for it).
    auto *detailsSplit = new QSplitter(Qt::Horizontal, this);
    m_details = new DetailsPane(detailsSplit);
    auto *wireLog = new WireLog(this);
    m_client->setWireLog(wireLog);
    m_recorder = new RunRecorder(m_runner, m_client->telemetry(), wireLog, this);
    m_reports = new ReportExport(this);
    m_runPanel->setReports(m_recorder, m_reports);
    connect(m_reports, &ReportExport::finished, this, [this](bool ok, const QString &path) {
        if (ok)
            statusBar()->showMessage(WorkbenchTr::tr("Report written to %1").arg(QDir::toNativeSeparators(path)), 8000);
    });
    m_wire = new WireView(wireLog, detailsSplit);
    detailsSplit->addWidget(m_details);
    detailsSplit->addWidget(m_wire);
    QDockWidget *details = dock(QStringLiteral("detailsDock"), WorkbenchTr::tr("Details"), detailsSplit, Qt::BottomDockWidgetArea);
    m_timeline = new TimelinePanel(m_client->telemetry(), this);
    m_timeline->model()->setCallDirectory(m_runner->calls());
    QDockWidget *timeline = dock(QStringLiteral("timelineDock"), WorkbenchTr::tr("Timeline"), m_timeline, Qt::BottomDockWidgetArea);
    m_response = new ResponseView(this);
    m_responseDock = dock(QStringLiteral("responseDock"), WorkbenchTr::tr("Response"), m_response, Qt::BottomDockWidgetArea);
    m_send = new SingleSend(m_client, this);
    connect(m_send, &SingleSend::answered, m_response,
            [this](int, const QString &name, const ApiResult &result, qint64 ns) {
                m_response->showAnswer(name, result, ns);
                m_response->showChecks(m_send->lastChecks());
            });
    m_network = new NetworkListView(m_runner->calls(), this);
    // Copy as cURL of a batch as it was sent, wherever a batch is shown.
    m_network->setWireLog(wireLog);
    m_log->setWireLog(wireLog);
    m_timeline->view()->setWireLog(wireLog);
    QDockWidget *network = dock(QStringLiteral("networkDock"), WorkbenchTr::tr("Network"), m_network, Qt::BottomDockWidgetArea);
    m_charts = new ChartsPanel(m_client, this);
    m_charts->followRunner(m_runner);
    QDockWidget *charts = dock(QStringLiteral("chartsDock"), WorkbenchTr::tr("Charts"), m_charts, Qt::BottomDockWidgetArea);
    m_faults = new SandboxBehaviorPanel(m_sandbox, this);
    QDockWidget *faults = dock(QStringLiteral("faultsDock"), WorkbenchTr::tr("Sandbox faults"), m_faults,
                               Qt::RightDockWidgetArea, true);
    tabifyDockWidget(settings, faults);
    tabifyDockWidget(settings, run);
    tabifyDockWidget(log, sandbox);
    tabifyDockWidget(log, details);
    tabifyDockWidget(log, timeline);
    tabifyDockWidget(log, network);
    tabifyDockWidget(log, m_responseDock);
    tabifyDockWidget(log, charts);
    run->raise();
    timeline->raise(); // what Batchlab is for: seeing the batches
    // Sizes apply once the window has its own; before that the layout ignores them.
    QTimer::singleShot(0, this, &MainWindow::applyDefaultDockSizes);
}

void MainWindow::applyDefaultDockSizes()
{
    auto *run = findChild<QDockWidget *>(QStringLiteral("runDock"));
    auto *log = findChild<QDockWidget *>(QStringLiteral("logDock"));
    resizeDocks({run}, {420}, Qt::Horizontal);
    resizeDocks({log}, {height() * 2 / 5}, Qt::Vertical);
}

void MainWindow::createEnvironmentBar()
{
    // Where Postman has it: at the top, always in view, one click to switch.
    QToolBar *bar = addToolBar(WorkbenchTr::tr("Environment"));
    bar->setObjectName(QStringLiteral("environmentBar"));
    bar->setMovable(false);
    auto *spacer = new QWidget(bar);
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    bar->addWidget(spacer);
    bar->addWidget(new QLabel(WorkbenchTr::tr("Environment:"), bar));
    bar->addWidget(new EnvironmentChooser(m_document, bar));
    m_secrets = new SecretGate(this);
    connect(m_secrets, &SecretGate::refused, this, [this](const QString &message) {
        statusBar()->showMessage(message, 8000);
        QMessageBox::warning(this, WorkbenchTr::tr("Secrets needed"), message);
    });
}

void MainWindow::createStatusBar()
{
    m_sandboxUrlLabel = new QLabel(this);
    m_sandboxUrlLabel->setObjectName(QStringLiteral("sandboxUrlLabel"));
    m_sandboxUrlLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_sandboxUrlLabel->setText(m_sandbox->isListening() ? WorkbenchTr::tr("Sandbox: %1").arg(m_sandbox->url().toString())
                                                         : WorkbenchTr::tr("Sandbox: not running"));
    m_telemetryLabel = new QLabel(this);
    m_telemetryLabel->setObjectName(QStringLiteral("telemetryCounters"));
    // Cut at the window's edge (the tooltip has it all) rather than widening the window past
    // the screen: its text grows with the numbers.
    m_telemetryLabel->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_counterLabel = new QLabel(this);
    m_counterLabel->setObjectName(QStringLiteral("sandboxCounterLabel"));
    statusBar()->addWidget(m_sandboxUrlLabel);
    statusBar()->addWidget(m_telemetryLabel, 1);
    statusBar()->addPermanentWidget(m_counterLabel);
}

void MainWindow::refreshCounters()
{
    // Every number comes from the telemetry and the sandbox; none is computed here.
    const QLocale locale;
    // The run going now, or the last one: a session's totals mixed every run since the start.
    RunNumbers n = RunNumbers::of(m_runner->runCounters());
    const CheckTally checks = m_runner->runChecks();
    n.checksPassed = checks.passed;
    n.checksFailed = checks.failed;
    n.callsFailingChecks = checks.failedCalls;
    const bool going = m_runner->state() == Runner::State::Running || m_runner->state() == Runner::State::Paused;
    QString run = m_runner->history().empty() && !going
        ? WorkbenchTr::tr("No run yet")
        : going ? WorkbenchTr::tr("This run") : WorkbenchTr::tr("Run %1").arg(m_runner->history().back().number);
    if (n.checksBroke()) {
        // Said first: a run whose calls all succeeded still failed when its answers were wrong.
        run = going ? WorkbenchTr::tr("%1 is failing: %n broken check(s)", nullptr, int(n.checksFailed)).arg(run)
                    : WorkbenchTr::tr("%1 failed: %n broken check(s)", nullptr, int(n.checksFailed)).arg(run);
    }
    m_telemetryLabel->setText(
        WorkbenchTr::tr("%1: calls %2 · HTTP %3 · saved %4 · cache %5 · failed %6 · breaker %7")
            .arg(run, locale.toString(n.calls), locale.toString(n.httpRequests), n.savedText(),
                 locale.toString(n.cacheHits), locale.toString(n.failed),
                 m_breakerBox->stateText()) // the current target's, not any origin's ever used
        + (n.checks() > 0 ? WorkbenchTr::tr(" · checks %1").arg(n.checksText()) : QString()));
    m_telemetryLabel->setToolTip(
        WorkbenchTr::tr("%1\nAvoided by batching %2, by de-duplication %3; cache hits %4; failed %5 (rejected by "
                        "the breaker %6), cancelled %7; retries %8.\n%9")
            .arg(run, locale.toString(n.avoidedByBatching), locale.toString(n.avoidedByDedup),
                 locale.toString(n.cacheHits), locale.toString(n.failed), locale.toString(n.rejected),
                 locale.toString(n.cancelled), locale.toString(n.retries), RunNumbers::savedDefinition()));
    const SandboxCounters s = m_sandbox->counters();
    m_counterLabel->setText(WorkbenchTr::tr("Sandbox received: HTTP requests: %L1   batch items: %L2").arg(s.httpRequests).arg(s.batchItems));
}

void MainWindow::refreshTitle()
{
    const QString name = m_document->filePath().isEmpty() ? m_document->set().name
                                                          : QFileInfo(m_document->filePath()).fileName();
    setWindowTitle(WorkbenchTr::tr("%1[*] — Batchlab").arg(name.isEmpty() ? WorkbenchTr::tr("Untitled") : name));
    setWindowModified(m_document->isModified());
}

void MainWindow::startRun()
{
    // Its secrets first: found, or asked for once; the run gets the set with their values.
    m_secrets->whenReady(m_document->set(), {}, [this](const RequestSet &set) { startRunWith(set); });
}

void MainWindow::startRunWith(const RequestSet &set)
{
    const ResolvedTarget target = ResolvedTarget::resolve(set.target, m_sandbox->isListening() ? m_sandbox->url() : QUrl());
    QString error = target.error;
    if (error.isEmpty())
        applyTarget();
    if (error.isEmpty() && !bodiesAreJsonOrSendAnyway(jsonBodyProblems(set, target.base)))
        return;
    if (!error.isEmpty() || !m_runner->start(set, target.base, m_runPanel->plan(), &error))
        QMessageBox::warning(this, WorkbenchTr::tr("Cannot start the run"), error);
}

bool MainWindow::bodiesAreJsonOrSendAnyway(const QStringList &problems)
{
    if (problems.isEmpty())
        return true;
    // Warned before anything goes: a server answers a broken body with a 400 at best.
    const auto answer = QMessageBox::question(
        this, WorkbenchTr::tr("Not JSON"),
        WorkbenchTr::tr("These bodies say they are JSON but are not:\n\n%1\n\nSend them anyway?")
            .arg(problems.join(u'\n')),
        QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
    return answer == QMessageBox::Yes;
}

void MainWindow::sendSelected()
{
    const int row = m_editor->table()->currentIndex().row();
    m_secrets->whenReady(m_document->set(), {row}, [this, row](const RequestSet &set) { sendWith(set, row); });
}

void MainWindow::sendWith(const RequestSet &set, int row)
{
    const ResolvedTarget target = ResolvedTarget::resolve(set.target, m_sandbox->isListening() ? m_sandbox->url() : QUrl());
    QString error = target.error;
    if (error.isEmpty())
        applyTarget();
    if (error.isEmpty() && row >= 0 && !bodiesAreJsonOrSendAnyway(jsonBodyProblems(set, target.base, {row})))
        return;
    if (!error.isEmpty() || !m_send->send(set, row, target.base, &error)) {
        QMessageBox::warning(this, WorkbenchTr::tr("Cannot send the request"), error);
        return;
    }
    m_response->showSending(set.requests.at(row).name);
    m_responseDock->raise();
}

void MainWindow::copyAsCurl(int row, bool withCredentials)
{
    const auto copy = [this, row, withCredentials](const RequestSet &set) {
        const ResolvedTarget target =
            ResolvedTarget::resolve(set.target, m_sandbox->isListening() ? m_sandbox->url() : QUrl());
        QString error = target.error;
        const QString line = error.isEmpty()
            ? CurlCommand::forRequest(set, row, target.base, withCredentials ? CurlCommand::Hiding{} : CurlCopy::hiding(), &error)
            : QString();
        if (line.isEmpty()) {
            statusBar()->showMessage(WorkbenchTr::tr("Cannot copy as cURL: %1").arg(error), 8000);
            return;
        }
        QGuiApplication::clipboard()->setText(line);
        statusBar()->showMessage(WorkbenchTr::tr("Copied \"%1\" as a curl command line").arg(set.requests.at(row).name), 5000);
    };
    // Only the copy that carries credentials needs the secrets' values.
    if (withCredentials)
        m_secrets->whenReady(m_document->set(), {row}, copy);
    else
        copy(m_document->set());
}

void MainWindow::applyTarget()
{
    // The batch endpoint is part of the client's settings; the base URL is the runner's.
    const ResolvedTarget target = ResolvedTarget::resolve(m_document->set().target, m_sandbox->url());
    m_faults->setTargetIsSandbox(target.sandbox);
    if (!target.error.isEmpty())
        return;
    // The breaker's key is the origin of the calls, as the engine writes it.
    m_breakerBox->setOrigin(normalizedUrl(target.base)
                                .adjusted(QUrl::RemoveUserInfo | QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveFragment)
                                .toString());
    ClientConfig config = m_client->config();
    target.applyTo(&config.batch);
    m_client->setConfig(config); // records nothing when nothing changed
}

void MainWindow::resetLayout()
{
    restoreState(m_defaultState);
    for (QDockWidget *dock : findChildren<QDockWidget *>())
        dock->show();
    // The state was saved before the window had its size: without these the Run dock came
    // back about 110 px wide.
    applyDefaultDockSizes();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!maybeSave()) {
        event->ignore();
        return;
    }
    m_prefs->saveWindow(saveGeometry(), saveState());
    m_prefs->setLastSet(m_document->filePath()); // reopened at the next start; empty: a sample
    m_runner->stop(); // a window closed mid-run sends nothing more
    event->accept();
}

void MainWindow::showDetails(bool newSelection)
{
    const int row = m_editor->table()->currentIndex().row();
    const bool valid = row >= 0 && row < m_document->set().requests.size();
    const QString title = valid ? m_document->set().requests.at(row).name : QString();
    const std::optional<ApiResult> result = valid && m_resultsOfThisSet ? m_runner->lastResult(row) : std::nullopt;
    if (newSelection)
        m_details->showResult(title, result);
    else
        m_details->refreshResult(title, result);
    m_wire->showBatch(result ? (result->ok() ? result->response.batchId : result->error.batchId) : 0, title, result);
}

void MainWindow::selectCall(quint64 requestId)
{
    // The request the call was made for: the editor selects it and the details show it.
    m_editor->selectRow(m_runner->rowOfCall(requestId));
    // The wire of this very call's batch, which may not be its request's last one.
    if (const CallRecord *call = m_runner->calls()->find(requestId); call && call->batchId)
        m_wire->showBatch(call->batchId, m_runner->calls()->describe(requestId));
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, WorkbenchTr::tr("About Batchlab"),
                       WorkbenchTr::tr("<h3>Batchlab %1</h3>"
                          "<p>A request batching engine and a workbench to see, measured, what batching, "
                          "de-duplication and resilience settings do to your traffic.</p>"
                          "<p>%2</p>")
                           .arg(QApplication::applicationVersion(), buildInfo().toHtmlEscaped()));
}

} // namespace batchlab

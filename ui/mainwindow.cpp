#include "mainwindow.h"

#include "buildinfo.h"
#include "sandboxpanel.h"
#include "sandboxserver.h"

#include <QAction>
#include <QApplication>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>
#include <QTimer>

namespace batchlab {

namespace {
// The status bar follows the sandbox at most this often, however busy it is.
constexpr int kCounterRefreshMs = 100;
} // namespace

MainWindow::MainWindow(SandboxServer *sandbox, QWidget *parent)
    : QMainWindow(parent)
    , m_sandbox(sandbox)
{
    setWindowTitle(tr("Batchlab"));
    setWindowIcon(QIcon(QStringLiteral(":/batchlab/icons/batchlab.svg")));
    m_sandboxPanel = new SandboxPanel(sandbox, this);
    setCentralWidget(m_sandboxPanel);
    createMenus();
    createStatusBar();

    connect(m_sandbox, &SandboxServer::countersChanged, this, [this] {
        if (m_refreshScheduled)
            return;
        m_refreshScheduled = true;
        QTimer::singleShot(kCounterRefreshMs, this, &MainWindow::refreshCounters);
    });
    refreshCounters();
    resize(960, 640);
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    QAction *statusBarAction = view->addAction(tr("&Status Bar"));
    statusBarAction->setCheckable(true);
    statusBarAction->setChecked(true);
    connect(statusBarAction, &QAction::toggled, statusBar(), &QWidget::setVisible);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *about = help->addAction(tr("&About Batchlab"), this, &MainWindow::showAbout);
    about->setMenuRole(QAction::AboutRole);
    QAction *aboutQt = help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
    aboutQt->setMenuRole(QAction::AboutQtRole);
}

void MainWindow::createStatusBar()
{
    m_sandboxUrlLabel = new QLabel(this);
    m_sandboxUrlLabel->setObjectName(QStringLiteral("sandboxUrlLabel"));
    m_sandboxUrlLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_sandboxUrlLabel->setText(m_sandbox->isListening()
                                   ? tr("Sandbox: %1").arg(m_sandbox->url().toString())
                                   : tr("Sandbox: not running"));
    m_counterLabel = new QLabel(this);
    m_counterLabel->setObjectName(QStringLiteral("sandboxCounterLabel"));
    statusBar()->addWidget(m_sandboxUrlLabel);
    statusBar()->addPermanentWidget(m_counterLabel);
}

void MainWindow::refreshCounters()
{
    m_refreshScheduled = false;
    const SandboxCounters counters = m_sandbox->counters();
    m_counterLabel->setText(tr("HTTP requests: %L1   batch items: %L2")
                                .arg(counters.httpRequests)
                                .arg(counters.batchItems));
    m_sandboxPanel->refresh();
}

void MainWindow::showAbout()
{
    QMessageBox::about(
        this, tr("About Batchlab"),
        tr("<h3>Batchlab %1</h3>"
           "<p>A request batching engine and a workbench to see, measured, what batching, "
           "de-duplication and resilience settings do to your traffic.</p>"
           "<p>%2</p>")
            .arg(QApplication::applicationVersion(), buildInfo().toHtmlEscaped()));
}

} // namespace batchlab

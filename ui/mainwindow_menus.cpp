// SPDX-License-Identifier: BSD-3-Clause
// MainWindow's menus: File (with Export As for sets, reports and the wire), Edit, Run, View,
// Help. Apart from the window's docks and status bar (mainwindow.cpp) and its file actions
// (mainwindow_files.cpp) so that each reads on its own.
#include "mainwindow.h"
#include "workbenchtr.h"

#include "editor/requestsetdocument.h"
#include "editor/requestseteditor.h"
#include "io/exportdialog.h"
#include "io/importdialog.h"
#include "io/reportexport.h"
#include "io/wireexportdialog.h"
#include "run/breakerbox.h"
#include "run/runpanel.h"
#include "runs/io/interchange.h"
#include "runs/record/runrecorder.h"
#include "runs/report/runreports.h"
#include "runsetup.h"
#include "settings.h"

#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QInputDialog>
#include <QMenu>
#include <QMenuBar>
#include <QStatusBar>
#include <QTableView>
#include <QUndoStack>

#include <utility>

namespace batchlab {

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(WorkbenchTr::tr("&File"));
    file->addAction(WorkbenchTr::tr("&New"), QKeySequence::New, this, &MainWindow::newSet);
    file->addAction(WorkbenchTr::tr("&Open…"), QKeySequence::Open, this, &MainWindow::openDialog);
    file->addAction(WorkbenchTr::tr("&Import…"), QKeySequence(Qt::CTRL | Qt::Key_I), this, &MainWindow::importDialog)
        ->setToolTip(WorkbenchTr::tr("A HAR, a Postman collection or curl command lines, as a new set"));
    QMenu *exports = file->addMenu(WorkbenchTr::tr("&Export As"));
    for (const Exporter *exporter : Interchange::exporters()) {
        exports->addAction(exporter->name() + QStringLiteral("…"), this, [this, exporter] {
            ExportDialog::run(this, *exporter, m_setup->withLiveSettings(m_document->set()));
        });
    }
    exports->setEnabled(!Interchange::exporters().empty());
    // The last run, in the formats a browser, a spreadsheet or a CI system reads.
    exports->addSeparator();
    QList<QAction *> reportActions;
    for (const ReportWriter *writer : RunReports::writers()) {
        QAction *action = exports->addAction(WorkbenchTr::tr("Last Run as %1…").arg(writer->name()), this,
                                             [this, writer] {
                                                 if (m_recorder->last())
                                                     m_reports->exportRecord(*m_recorder->last(), writer->format());
                                             });
        action->setObjectName(QStringLiteral("exportReport_") + writer->format());
        action->setEnabled(false);
        reportActions.append(action);
    }
    connect(m_recorder, &RunRecorder::recorded, this, [reportActions] {
        for (QAction *action : reportActions)
            action->setEnabled(true);
    });
    QAction *wire = exports->addAction(WorkbenchTr::tr("Last Run's &Wire as HAR…"), this, [this] {
        if (m_recorder->last())
            WireExportDialog::run(this, *m_recorder->last());
    });
    wire->setObjectName(QStringLiteral("exportWireHar"));
    wire->setToolTip(WorkbenchTr::tr("Every HTTP request the last run sent, with its answer and the calls it "
                                     "carried; opens again in Batchlab (File ▸ Import…) as that run"));
    wire->setEnabled(false);
    connect(m_recorder, &RunRecorder::recorded, wire, [wire] { wire->setEnabled(true); });
    m_recentMenu = file->addMenu(WorkbenchTr::tr("Open &Recent"));
    connect(m_recentMenu, &QMenu::aboutToShow, this, &MainWindow::fillRecentMenu);
    QMenu *samples = file->addMenu(WorkbenchTr::tr("Open &Sample"));
    for (const auto &[name, title] : {std::pair{"user-fanout", "User fan-out with duplicates"},
                                      std::pair{"mixed-crud", "Mixed CRUD"},
                                      std::pair{"flaky-backend", "Flaky backend"},
                                      std::pair{"jsonrpc-calls", "JSON-RPC calls"},
                                      std::pair{"order-change-set", "Order with change set"}}) {
        samples->addAction(WorkbenchTr::tr(title), this, [this, name] {
            if (maybeSave())
                openSample(QLatin1String(name));
        });
    }
    file->addSeparator();
    file->addAction(WorkbenchTr::tr("&Save"), QKeySequence::Save, this, &MainWindow::save);
    file->addAction(WorkbenchTr::tr("Save &As…"), QKeySequence::SaveAs, this, &MainWindow::saveAs);
    file->addSeparator();
    QAction *quit = file->addAction(WorkbenchTr::tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);
    quit->setMenuRole(QAction::QuitRole);

    QMenu *edit = menuBar()->addMenu(WorkbenchTr::tr("&Edit"));
    QAction *undo = m_document->undoStack()->createUndoAction(this, WorkbenchTr::tr("&Undo"));
    undo->setShortcut(QKeySequence::Undo);
    QAction *redo = m_document->undoStack()->createRedoAction(this, WorkbenchTr::tr("&Redo"));
    redo->setShortcut(QKeySequence::Redo);
    edit->addAction(undo);
    edit->addAction(redo);
    edit->addSeparator();
    edit->addAction(WorkbenchTr::tr("&Add Request"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Return), m_editor,
                    &RequestSetEditor::addRequest);
    edit->addAction(WorkbenchTr::tr("D&uplicate"), QKeySequence(Qt::CTRL | Qt::Key_D), m_editor, &RequestSetEditor::duplicateSelected);
    edit->addAction(WorkbenchTr::tr("Re&peat ×k…"), this, [this] {
        bool ok = false;
        const int times = QInputDialog::getInt(this, WorkbenchTr::tr("Repeat"), WorkbenchTr::tr("Append each selected request this many times:"),
                                               3, 1, 10000, 1, &ok);
        if (ok)
            m_editor->repeatSelected(times);
    });
    QAction *remove = edit->addAction(WorkbenchTr::tr("&Delete"), m_editor, &RequestSetEditor::deleteSelected);
    remove->setShortcut(QKeySequence::Delete);
    remove->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_editor->table()->addAction(remove);
    edit->addAction(WorkbenchTr::tr("Move &Up"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Up), m_editor,
                    [this] { m_editor->moveCurrent(-1); });
    edit->addAction(WorkbenchTr::tr("Move Dow&n"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Down), m_editor,
                    [this] { m_editor->moveCurrent(+1); });

    QMenu *run = menuBar()->addMenu(WorkbenchTr::tr("&Run"));
    run->addActions(m_runPanel->runActions());
    run->addSeparator();
    // As Postman's Send: the selected request alone, now, its answer in the Response dock.
    QAction *send = run->addAction(WorkbenchTr::tr("S&end Request"), this, &MainWindow::sendSelected);
    send->setObjectName(QStringLiteral("sendRequest"));
    send->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)});
    run->addSeparator();
    run->addAction(m_breakerBox->resetAction());

    m_viewMenu = menuBar()->addMenu(WorkbenchTr::tr("&View"));
    for (QDockWidget *dock : findChildren<QDockWidget *>())
        m_viewMenu->addAction(dock->toggleViewAction());
    QAction *statusBarAction = m_viewMenu->addAction(WorkbenchTr::tr("&Status Bar"));
    statusBarAction->setCheckable(true);
    statusBarAction->setChecked(true);
    connect(statusBarAction, &QAction::toggled, statusBar(), &QWidget::setVisible);
    m_viewMenu->addSeparator();
    m_viewMenu->addAction(WorkbenchTr::tr("Reset &Layout"), this, &MainWindow::resetLayout);
    m_viewMenu->addAction(WorkbenchTr::tr("Log &Retention…"), this, [this] {
        bool ok = false;
        const int events = QInputDialog::getInt(this, WorkbenchTr::tr("Log retention"),
                                                WorkbenchTr::tr("Keep the newest events in the log (older ones leave):"),
                                                m_prefs->logRetention(), 1000, 100000000, 100000, &ok);
        if (ok)
            m_prefs->setLogRetention(events);
    });

    QMenu *help = menuBar()->addMenu(WorkbenchTr::tr("&Help"));
    QAction *about = help->addAction(WorkbenchTr::tr("&About Batchlab"), this, &MainWindow::showAbout);
    about->setMenuRole(QAction::AboutRole);
    QAction *aboutQt = help->addAction(WorkbenchTr::tr("About &Qt"), qApp, &QApplication::aboutQt);
    aboutQt->setMenuRole(QAction::AboutQtRole);
}

} // namespace batchlab

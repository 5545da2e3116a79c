// SPDX-License-Identifier: BSD-3-Clause
// MainWindow's file actions: new, open, save, samples, recent files, import (and saved runs),
// drag and drop, and the set reopened at start. Apart from the window's docks and status bar
// (mainwindow.cpp) and its menus (mainwindow_menus.cpp).
#include "mainwindow.h"
#include "workbenchtr.h"

#include "editor/requestsetdocument.h"
#include "io/importdialog.h"
#include "run/runpanel.h"
#include "run/savedrunwindow.h"
#include "runs/io/wireharreader.h"
#include "runsetup.h"
#include "settings.h"

#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QMessageBox>
#include <QMimeData>
#include <QStatusBar>

#include <optional>

namespace batchlab {

namespace {
const char *const kSampleDir = ":/batchlab/sets/";
} // namespace

void MainWindow::reopenLastSet()
{
    const QString last = m_prefs->lastSet();
    if (!last.isEmpty() && QFileInfo::exists(last)) {
        FileError error;
        if (m_document->load(last, &error)) {
            m_setup->apply(m_document->set());
            refreshTitle();
            qCInfo(lcWorkbench) << "reopened" << last;
            return;
        }
        m_prefs->setLastSet(QString());
        openSample(QStringLiteral("user-fanout"));
        statusBar()->showMessage(WorkbenchTr::tr("Could not reopen %1 (%2); opened the sample instead.")
                                     .arg(QDir::toNativeSeparators(last), error.message));
        return;
    }
    openSample(QStringLiteral("user-fanout"));
    if (!last.isEmpty()) {
        m_prefs->setLastSet(QString());
        // Not a dialog: nothing is lost, and a start must never wait for a click.
        statusBar()->showMessage(WorkbenchTr::tr("%1 is gone; opened the sample instead.").arg(QDir::toNativeSeparators(last)));
    }
}

bool MainWindow::openFile(const QString &path)
{
    FileError error;
    if (!m_document->load(path, &error)) {
        QMessageBox::warning(this, WorkbenchTr::tr("Cannot open the request set"), error.toString());
        return false;
    }
    m_setup->apply(m_document->set()); // its settings, or the defaults: never the last set's
    m_runPanel->openHistory(path); // the set's runs, kept beside it
    m_prefs->addRecentFile(path);
    qCInfo(lcWorkbench) << "opened" << path;
    refreshTitle();
    return true;
}

void MainWindow::openSample(const QString &name)
{
    RequestSet set;
    FileError error;
    QFile file(QLatin1String(kSampleDir) + name + QLatin1String(RequestSetFile::kSuffix));
    if (!file.open(QIODevice::ReadOnly) || !RequestSetFile::parse(file.readAll(), &set, &error))
        return;
    m_document->reset(set);
    m_setup->apply(set);
    m_runPanel->openHistory(QString()); // a sample is unsaved: its runs go with it once saved
    refreshTitle();
}

bool MainWindow::maybeSave()
{
    if (!m_document->isModified())
        return true;
    const auto answer = QMessageBox::warning(this, WorkbenchTr::tr("Unsaved changes"),
                                             WorkbenchTr::tr("The request set has unsaved changes. Save them?"),
                                             QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel);
    if (answer == QMessageBox::Save)
        return save();
    return answer == QMessageBox::Discard;
}

bool MainWindow::save()
{
    return m_document->filePath().isEmpty() ? saveAs() : saveTo(m_document->filePath());
}

bool MainWindow::saveAs()
{
    const QString path = QFileDialog::getSaveFileName(this, WorkbenchTr::tr("Save request set"), m_document->set().name + QLatin1String(RequestSetFile::kSuffix),
                                                      WorkbenchTr::tr("Batchlab request sets (*.batchlab.json)"));
    return !path.isEmpty() && saveTo(path);
}

bool MainWindow::saveTo(const QString &path)
{
    // The set keeps every setting it was last tuned with, so reopening it restores them.
    m_document->setRunSettings(m_setup->withLiveSettings(m_document->set()));
    FileError error;
    if (!m_document->save(path, &error)) {
        QMessageBox::warning(this, WorkbenchTr::tr("Cannot save"), error.toString());
        return false;
    }
    m_runPanel->keepHistoryWith(path);
    m_prefs->addRecentFile(path);
    return true;
}

void MainWindow::newSet()
{
    if (!maybeSave())
        return;
    RequestSet set;
    set.name = WorkbenchTr::tr("Untitled");
    m_document->reset(set);
    m_setup->apply(set);
    m_runPanel->openHistory(QString());
    refreshTitle();
}

void MainWindow::openDialog()
{
    if (!maybeSave())
        return;
    const QString path = QFileDialog::getOpenFileName(this, WorkbenchTr::tr("Open request set"), QString(),
                                                      WorkbenchTr::tr("Batchlab request sets (*.batchlab.json);;All files (*)"));
    if (!path.isEmpty())
        openFile(path);
}

void MainWindow::importDialog()
{
    if (!maybeSave())
        return;
    const QString path = QFileDialog::getOpenFileName(
        this, WorkbenchTr::tr("Import requests"), QString(),
        WorkbenchTr::tr("HAR, Postman collections, curl lines (*.har *.json *.txt *.sh *.curl);;All files (*)"));
    if (!path.isEmpty())
        importFile(path);
}

bool MainWindow::importFile(const QString &path)
{
    QFile file(path);
    if (file.open(QIODevice::ReadOnly) && WireHarReader::recognizes(file.readAll()))
        return openSavedRun(path);
    std::optional<RequestSet> set = ImportDialog::ask(this, path);
    if (!set)
        return false;
    if (set->name.isEmpty())
        set->name = QFileInfo(path).completeBaseName();
    m_document->reset(*set); // unsaved: Save asks where, so the source file is never overwritten
    m_setup->apply(*set);
    m_runPanel->openHistory(QString());
    refreshTitle();
    qCInfo(lcWorkbench) << "imported" << set->requests.size() << "requests from" << path;
    return true;
}

bool MainWindow::openSavedRun(const QString &path)
{
    QFile file(path);
    RunRecord record;
    FileError error;
    error.file = path;
    if (!file.open(QIODevice::ReadOnly)) {
        error.message = file.errorString();
    } else if (WireHarReader::read(file.readAll(), &record, &error)) {
        auto *window = new SavedRunWindow(record, path, this);
        window->show();
        qCInfo(lcWorkbench) << "opened saved run" << record.summary.number << "from" << path;
        return true;
    }
    QMessageBox::warning(this, WorkbenchTr::tr("Cannot open the saved run"), error.toString());
    return false;
}

void MainWindow::fillRecentMenu()
{
    m_recentMenu->clear();
    const QStringList recent = m_prefs->recentFiles();
    for (const QString &path : recent) {
        m_recentMenu->addAction(QFileInfo(path).fileName(), this, [this, path] {
            if (maybeSave())
                openFile(path);
        })->setToolTip(path);
    }
    if (recent.isEmpty())
        m_recentMenu->addAction(WorkbenchTr::tr("(none)"))->setEnabled(false);
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    if (urls.size() == 1 && urls.first().isLocalFile() && urls.first().path().endsWith(QLatin1String(".json")))
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    if (!maybeSave())
        return;
    // The native file by its name; anything else is offered to the importers, which know
    // their formats by content.
    const QString path = event->mimeData()->urls().first().toLocalFile();
    if (path.endsWith(QLatin1String(RequestSetFile::kSuffix)))
        openFile(path);
    else
        importFile(path);
}

} // namespace batchlab

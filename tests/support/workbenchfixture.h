// SPDX-License-Identifier: BSD-3-Clause
#pragma once

// What the workbench suites share: a main window on a fresh sandbox, opened on a small set.

#include "editor/requestsetdocument.h"
#include "mainwindow.h"
#include "runs/requestset.h"
#include "sandbox/sandboxserver.h"

#include <QAction>
#include <QTest>
#include <QUndoStack>

#include <memory>

namespace workbench {

inline QAction *action(QWidget *window, const QString &text)
{
    for (QAction *a : window->findChildren<QAction *>()) {
        if (a->text() == text)
            return a;
    }
    return nullptr;
}

inline QStringList names(const batchlab::RequestSetDocument *document)
{
    QStringList out;
    for (const batchlab::RequestItem &item : document->set().requests)
        out.append(item.name);
    return out;
}

inline batchlab::RequestSet smallSet()
{
    batchlab::RequestSet set;
    set.name = QStringLiteral("small");
    for (int i = 1; i <= 3; ++i) {
        batchlab::RequestItem item;
        item.name = QStringLiteral("r%1").arg(i);
        item.url = QStringLiteral("/users/%1").arg(i);
        set.requests.append(item);
    }
    return set;
}

} // namespace workbench

class WorkbenchFixture : public QObject
{
protected:
    bool open()
    {
        m_sandbox = std::make_unique<batchlab::SandboxServer>();
        if (!m_sandbox->start())
            return false;
        m_window = std::make_unique<batchlab::MainWindow>(m_sandbox.get());
        m_window->show();
        if (!QTest::qWaitForWindowExposed(m_window.get()))
            return false;
        // File ▸ New first: the defaults of every setting, not the plan and faults of the sample
        // the window opened with.
        for (QAction *action : m_window->findChildren<QAction *>()) {
            if (action->shortcut() == QKeySequence(QKeySequence::New))
                action->trigger();
        }
        m_window->document()->reset(workbench::smallSet());
        return true;
    }
    void close()
    {
        m_window->document()->undoStack()->setClean(); // no "save changes?" on close
        m_window.reset();
        m_sandbox.reset();
    }

    std::unique_ptr<batchlab::SandboxServer> m_sandbox;
    std::unique_ptr<batchlab::MainWindow> m_window;
};

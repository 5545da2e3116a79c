// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QWidget>

class QLabel;
class QTreeWidget;

namespace batchlab {

class SandboxServer;

/// What the built-in sandbox server is, where it listens, how to reach it from a shell, and
/// what it has received so far, by route.
class SandboxPanel : public QWidget
{
    Q_OBJECT

public:
    explicit SandboxPanel(SandboxServer *sandbox, QWidget *parent = nullptr);

    /// Re-reads the sandbox's counters.
    void refresh();

private:
    SandboxServer *m_sandbox;
    QLabel *m_summary = nullptr;
    QTreeWidget *m_routes = nullptr;
};

} // namespace batchlab

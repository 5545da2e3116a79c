#pragma once

#include <QMainWindow>

class QLabel;

namespace batchlab {

class SandboxServer;
class SandboxPanel;

/// The workbench's main window. It shows, and never owns, the sandbox server it talks to.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(SandboxServer *sandbox, QWidget *parent = nullptr);

private:
    void createMenus();
    void createStatusBar();
    void refreshCounters();
    void showAbout();

    SandboxServer *m_sandbox;
    SandboxPanel *m_sandboxPanel = nullptr;
    QLabel *m_sandboxUrlLabel = nullptr;
    QLabel *m_counterLabel = nullptr;
    bool m_refreshScheduled = false;
};

} // namespace batchlab

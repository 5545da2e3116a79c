// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QWidget>

class QDoubleSpinBox;
class QLabel;
class QSpinBox;

namespace batchlab {

class SandboxServer;

/// The faults of the built-in sandbox, changeable during a run: latency and jitter, item
/// errors, whole-batch failures, 429s, hangs, drops, malformed answers, and the seed.
class SandboxBehaviorPanel : public QWidget
{
    Q_OBJECT

public:
    explicit SandboxBehaviorPanel(SandboxServer *sandbox, QWidget *parent = nullptr);

    /// Shows the sandbox's faults as they are now (another set brought its own).
    void refresh();
    /// Whether the set's target is the built-in sandbox; when it is another API, a hint says
    /// that these faults do not apply to it.
    void setTargetIsSandbox(bool sandbox);

private:
    void apply();

    SandboxServer *m_sandbox;
    QSpinBox *m_latency;
    QSpinBox *m_jitter;
    QDoubleSpinBox *m_itemErrors;
    QDoubleSpinBox *m_batchFailures;
    QDoubleSpinBox *m_throttle;
    QSpinBox *m_retryAfter;
    QDoubleSpinBox *m_hang;
    QDoubleSpinBox *m_drop;
    QDoubleSpinBox *m_malformed;
    QSpinBox *m_seed;
    QLabel *m_hint;
    bool m_refreshing = false;
};

} // namespace batchlab

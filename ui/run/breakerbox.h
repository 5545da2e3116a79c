// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QGroupBox>

class QAction;
class QCheckBox;
class QLabel;
class QPushButton;

namespace batchlab {

class ApiClient;

/// The circuit breaker of the current target, in the Run dock: its state, a button that
/// closes every breaker (the same action as Run ▸ Reset Breakers), and whether a run keeps
/// what the last one left (open breakers, spent retry budgets, learned batch limits).
class BreakerBox : public QGroupBox
{
    Q_OBJECT

public:
    explicit BreakerBox(ApiClient *client, QWidget *parent = nullptr);

    /// The origin whose breaker is shown ("http://127.0.0.1:8080"): the target's.
    void setOrigin(const QString &origin);
    QString origin() const { return m_origin; }
    /// "closed", "open", …: what the box and the status bar say.
    QString stateText() const;
    QAction *resetAction() const { return m_resetAction; }
    bool keepState() const;
    void setKeepState(bool keep);

Q_SIGNALS:
    void keepStateToggled(bool keep);
    /// After Reset closed `count` breakers (0: all were closed already).
    void breakersReset(int count);

private:
    void refresh();

    ApiClient *m_client;
    QString m_origin;
    QLabel *m_state;
    QPushButton *m_reset;
    QCheckBox *m_keep;
    QAction *m_resetAction;
};

} // namespace batchlab

// SPDX-License-Identifier: BSD-3-Clause
#include "run/breakerbox.h"
#include "run/runtr.h"

#include "client/apiclient.h"
#include "resilience/breakerregistry.h"

#include <QAction>
#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace batchlab {

BreakerBox::BreakerBox(ApiClient *client, QWidget *parent)
    : QGroupBox(RunTr::tr("Circuit breaker"), parent)
    , m_client(client)
    , m_state(new QLabel(this))
    , m_reset(new QPushButton(RunTr::tr("Reset breakers"), this))
    , m_keep(new QCheckBox(RunTr::tr("Keep breaker state between runs"), this))
    , m_resetAction(new QAction(RunTr::tr("Reset &Breakers"), this))
{
    m_state->setObjectName(QStringLiteral("breakerState"));
    m_reset->setObjectName(QStringLiteral("resetBreakers"));
    m_keep->setObjectName(QStringLiteral("keepBreakerState"));
    m_resetAction->setToolTip(RunTr::tr("Close every circuit breaker now; the log shows each one that changed."));
    m_reset->setToolTip(m_resetAction->toolTip());
    m_keep->setToolTip(RunTr::tr("Off: each run starts with every breaker closed, full retry budgets and no "
                                 "learned batch limits. On: a run starts with what the last one left."));
    auto *row = new QHBoxLayout;
    row->addWidget(m_state, 1);
    row->addWidget(m_reset);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(row);
    layout->addWidget(m_keep);

    connect(m_resetAction, &QAction::triggered, this, [this] {
        const int count = m_client->resetBreakers();
        refresh();
        Q_EMIT breakersReset(count);
    });
    connect(m_reset, &QPushButton::clicked, m_resetAction, &QAction::trigger);
    connect(m_keep, &QCheckBox::toggled, this, &BreakerBox::keepStateToggled);
    // Breakers change inside the engine's bookkeeping: look once it is consistent again.
    connect(m_client->breakers(), &BreakerRegistry::breakerChanged, this, &BreakerBox::refresh, Qt::QueuedConnection);
    connect(m_client, &ApiClient::configChanged, this, &BreakerBox::refresh);
    refresh();
}

void BreakerBox::setOrigin(const QString &origin)
{
    m_origin = origin;
    refresh();
}

QString BreakerBox::stateText() const
{
    return breakerStateName(m_client->breakers()->stateFor(m_origin));
}

bool BreakerBox::keepState() const
{
    return m_keep->isChecked();
}

void BreakerBox::setKeepState(bool keep)
{
    m_keep->setChecked(keep);
}

void BreakerBox::refresh()
{
    const BreakerState state = m_client->breakers()->stateFor(m_origin);
    m_state->setText(m_origin.isEmpty() ? RunTr::tr("State: %1").arg(breakerStateName(state))
                                        : RunTr::tr("%1: %2").arg(m_origin, breakerStateName(state)));
    m_state->setToolTip(RunTr::tr("The breaker of the current target. Open: calls fail at once until it half-opens "
                                  "and a probe call succeeds."));
}

} // namespace batchlab

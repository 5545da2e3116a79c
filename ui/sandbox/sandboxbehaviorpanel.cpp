// SPDX-License-Identifier: BSD-3-Clause
#include "sandbox/sandboxbehaviorpanel.h"
#include "sandbox/sandboxpaneltr.h"

#include "sandbox/sandboxserver.h"
#include "widgets/boundeddoublespinbox.h"
#include "widgets/boundedspinbox.h"

#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>

namespace batchlab {

namespace {

QDoubleSpinBox *percent(QWidget *parent, double value, const QString &tip)
{
    auto *box = new BoundedDoubleSpinBox(parent);
    box->setRange(0, 100);
    box->setDecimals(1);
    box->setSuffix(QStringLiteral(" %"));
    box->setValue(value * 100);
    box->setToolTip(tip);
    box->setKeyboardTracking(false);
    return box;
}

QSpinBox *number(QWidget *parent, int max, int value, const QString &suffix, const QString &tip)
{
    auto *box = new BoundedSpinBox(parent);
    box->setRange(0, max);
    box->setValue(value);
    box->setSuffix(suffix);
    box->setToolTip(tip);
    box->setKeyboardTracking(false);
    return box;
}

} // namespace

SandboxBehaviorPanel::SandboxBehaviorPanel(SandboxServer *sandbox, QWidget *parent)
    : QWidget(parent), m_sandbox(sandbox)
{
    const SandboxBehavior b = sandbox->behavior();
    auto *form = new QFormLayout(this);
    m_hint = new QLabel(SandboxPanelTr::tr("The target is another API: these faults apply only to the built-in sandbox."), this);
    m_hint->setObjectName(QStringLiteral("faultsHint"));
    m_hint->setWordWrap(true);
    m_hint->setStyleSheet(QStringLiteral("color: palette(dark); font-style: italic;"));
    m_hint->hide();
    form->addRow(m_hint);
    m_latency = number(this, 60000, b.latencyMs, SandboxPanelTr::tr(" ms"), SandboxPanelTr::tr("Fixed delay before every HTTP answer."));
    m_latency->setObjectName(QStringLiteral("sandboxLatency"));
    form->addRow(SandboxPanelTr::tr("Latency"), m_latency);
    m_jitter = number(this, 60000, b.jitterMs, SandboxPanelTr::tr(" ms"), SandboxPanelTr::tr("Extra random delay, up to this much."));
    form->addRow(SandboxPanelTr::tr("Jitter"), m_jitter);
    m_itemErrors = percent(this, b.itemErrorRate, SandboxPanelTr::tr("Share of items (or plain requests) answered with 500."));
    m_itemErrors->setObjectName(QStringLiteral("sandboxItemErrors"));
    form->addRow(SandboxPanelTr::tr("Item errors"), m_itemErrors);
    m_batchFailures = percent(this, b.batchFailureRate, SandboxPanelTr::tr("Share of batch requests failed as a whole (500)."));
    form->addRow(SandboxPanelTr::tr("Batch failures"), m_batchFailures);
    m_throttle = percent(this, b.throttleRate, SandboxPanelTr::tr("Share of items answered 429 with Retry-After."));
    form->addRow(SandboxPanelTr::tr("429 rate"), m_throttle);
    m_retryAfter = number(this, 3600, b.retryAfterSeconds, SandboxPanelTr::tr(" s"), SandboxPanelTr::tr("The Retry-After every 429 carries."));
    form->addRow(SandboxPanelTr::tr("Retry-After"), m_retryAfter);
    m_hang = percent(this, b.hangRate, SandboxPanelTr::tr("Share of HTTP requests accepted and never answered."));
    form->addRow(SandboxPanelTr::tr("Hang rate"), m_hang);
    m_drop = percent(this, b.dropRate, SandboxPanelTr::tr("Share of HTTP requests whose connection is reset."));
    form->addRow(SandboxPanelTr::tr("Drop rate"), m_drop);
    m_malformed = percent(this, b.malformedRate, SandboxPanelTr::tr("Share of batch answers that are malformed (bad JSON, missing, "
                                                    "duplicated or unknown ids)."));
    form->addRow(SandboxPanelTr::tr("Malformed"), m_malformed);
    m_seed = number(this, 1000000, int(b.seed), QString(), SandboxPanelTr::tr("The same seed and traffic give the same faults."));
    form->addRow(SandboxPanelTr::tr("Seed"), m_seed);
    auto *reset = new QPushButton(SandboxPanelTr::tr("Reset faults"), this);
    reset->setObjectName(QStringLiteral("resetFaults"));
    reset->setToolTip(SandboxPanelTr::tr("No latency, no errors, no hangs: the sandbox answers every call at once."));
    connect(reset, &QPushButton::clicked, this, [this] {
        SandboxBehavior clean; // what a file never holds stays as it is
        clean.requiredAuthorization = m_sandbox->behavior().requiredAuthorization;
        m_sandbox->setBehavior(clean);
    });
    form->addRow(QString(), reset);
    for (QSpinBox *box : {m_latency, m_jitter, m_retryAfter, m_seed})
        connect(box, &QSpinBox::valueChanged, this, &SandboxBehaviorPanel::apply);
    for (QDoubleSpinBox *box : {m_itemErrors, m_batchFailures, m_throttle, m_hang, m_drop, m_malformed})
        connect(box, &QDoubleSpinBox::valueChanged, this, &SandboxBehaviorPanel::apply);
    connect(sandbox, &SandboxServer::behaviorChanged, this, &SandboxBehaviorPanel::refresh);
}

void SandboxBehaviorPanel::refresh()
{
    const SandboxBehavior b = m_sandbox->behavior();
    m_refreshing = true; // showing is not changing: no apply() per box
    m_latency->setValue(b.latencyMs);
    m_jitter->setValue(b.jitterMs);
    m_itemErrors->setValue(b.itemErrorRate * 100);
    m_batchFailures->setValue(b.batchFailureRate * 100);
    m_throttle->setValue(b.throttleRate * 100);
    m_retryAfter->setValue(b.retryAfterSeconds);
    m_hang->setValue(b.hangRate * 100);
    m_drop->setValue(b.dropRate * 100);
    m_malformed->setValue(b.malformedRate * 100);
    m_seed->setValue(int(qMin<quint64>(b.seed, quint64(m_seed->maximum()))));
    m_refreshing = false;
}

void SandboxBehaviorPanel::setTargetIsSandbox(bool sandbox)
{
    m_hint->setVisible(!sandbox);
}

void SandboxBehaviorPanel::apply()
{
    if (m_refreshing)
        return;
    SandboxBehavior b = m_sandbox->behavior();
    b.latencyMs = m_latency->value();
    b.jitterMs = m_jitter->value();
    b.itemErrorRate = m_itemErrors->value() / 100;
    b.batchFailureRate = m_batchFailures->value() / 100;
    b.throttleRate = m_throttle->value() / 100;
    b.retryAfterSeconds = m_retryAfter->value();
    b.hangRate = m_hang->value() / 100;
    b.dropRate = m_drop->value() / 100;
    b.malformedRate = m_malformed->value() / 100;
    b.seed = quint64(m_seed->value());
    m_sandbox->setBehavior(b);
}

} // namespace batchlab

// SPDX-License-Identifier: BSD-3-Clause
#include "run/batchsettingspanel.h"
#include "run/runtr.h"
#include "widgets/boundeddoublespinbox.h"
#include "widgets/boundedspinbox.h"
#include "widgets/wheelguard.h"

#include "client/knobtable.h"
#include "engine/requestqueue.h"
#include "telemetry/telemetry.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QVBoxLayout>

namespace batchlab {

BatchSettingsPanel::BatchSettingsPanel(ApiClient *client, QWidget *parent) : QWidget(parent), m_client(client)
{
    auto *layout = new QVBoxLayout(this);
    auto *problem = new QLabel(this); // says why a change was not applied
    problem->setObjectName(QStringLiteral("settingsProblem"));
    problem->setStyleSheet(QStringLiteral("color: #b00020"));
    problem->setWordWrap(true);
    problem->hide();
    layout->addWidget(problem);
    m_problem = problem;

    // One group per block of the knob table, its rows in the table's order.
    const std::pair<const char *, QString> blocks[] = {{"batch", RunTr::tr("Batching")},
                                                       {"retry", RunTr::tr("Retry")},
                                                       {"breaker", RunTr::tr("Circuit breaker")},
                                                       {"cache", RunTr::tr("Cache")}};
    for (const auto &[block, title] : blocks) {
        QFormLayout *form = group(title);
        for (const Knob *knob : KnobTable::block(block)) {
            if (!knob->panel.shown)
                continue;
            addKnob(form, *knob);
            if (qstrcmp(knob->name, "maxBatchSize") == 0)
                addBatchLimits(form);
        }
    }
    layout->addStretch(1);

    refresh();
    // Settings can change elsewhere too (an opened set brings its own): show what applies.
    connect(client, &ApiClient::configChanged, this, &BatchSettingsPanel::refresh);
}

void BatchSettingsPanel::addBatchLimits(QFormLayout *b)
{
    // The server profile's limit, under the knob it caps: a box at 100 whose batches leave at
    // 20 would otherwise look like a bug.
    m_serverLimit = new QLabel(this);
    m_serverLimit->setObjectName(QStringLiteral("serverLimit"));
    m_serverLimit->setWordWrap(true);
    m_serverLimit->setToolTip(RunTr::tr("Set by the target's server profile (Target tab): the most calls the server takes "
                                        "in one batch. Larger batches would be refused, so a group leaves when it holds "
                                        "this many."));
    m_serverLimit->hide();
    b->addRow(QString(), m_serverLimit);
    m_shows.push_back([this](const ClientConfig &c) { showServerLimit(c.batch); });
    // What the server taught, under the knob it caps: a limit nobody configured.
    m_learned = new QLabel(this);
    m_learned->setObjectName(QStringLiteral("learnedLimits"));
    m_learned->setWordWrap(true);
    m_learned->setToolTip(RunTr::tr("A server that refuses a batch as too large without saying its limit has its "
                                    "batches split and sent again; the largest size it takes is searched for "
                                    "and caps later batches to it."));
    m_learned->hide();
    b->addRow(QString(), m_learned);
    connect(m_client->telemetry(), &Telemetry::eventsAppended, this, &BatchSettingsPanel::showLearnedLimits);
}

void BatchSettingsPanel::addKnob(QFormLayout *form, const Knob &knob)
{
    const QString name = KnobTable::shortName(knob); // what the command line and the log say
    const QString label = knob.translatedLabel();
    const double scale = knob.panel.scale;
    switch (knob.type) {
    case Knob::Type::Integer: {
        auto *box = new BoundedSpinBox(this);
        box->setObjectName(name);
        box->setRange(int(knob.panel.min), int(knob.panel.max));
        box->setSuffix(knob.panelSuffix());
        box->setToolTip(knob.translatedHelp());
        box->setGroupSeparatorShown(knob.panel.max >= 10000);
        box->setKeyboardTracking(false); // apply once the number is complete, not per keystroke
        form->addRow(label, box);
        m_shows.push_back([box, knob, scale](const ClientConfig &c) { box->setValue(int(knob.get(c) * scale)); });
        connect(box, &QSpinBox::valueChanged, this,
                [this, knob, scale](int v) { change([&](ClientConfig &c) { knob.set(c, v / scale); }); });
        connect(box, &BoundedSpinBox::refused, this, [this, label](const QString &why) { refuse(label, why); });
        break;
    }
    case Knob::Type::Decimal: {
        auto *box = new BoundedDoubleSpinBox(this);
        box->setObjectName(name);
        box->setRange(knob.panel.min, knob.panel.max);
        box->setDecimals(knob.panel.decimals);
        box->setSuffix(knob.panelSuffix());
        box->setToolTip(knob.translatedHelp());
        box->setKeyboardTracking(false);
        form->addRow(label, box);
        m_shows.push_back([box, knob, scale](const ClientConfig &c) { box->setValue(knob.get(c) * scale); });
        connect(box, &QDoubleSpinBox::valueChanged, this,
                [this, knob, scale](double v) { change([&](ClientConfig &c) { knob.set(c, v / scale); }); });
        connect(box, &BoundedDoubleSpinBox::refused, this, [this, label](const QString &why) { refuse(label, why); });
        break;
    }
    case Knob::Type::Switch: {
        auto *box = new QCheckBox(label, this);
        box->setObjectName(name);
        box->setToolTip(knob.translatedHelp());
        form->addRow(knob.panelRowLabel(), box);
        m_shows.push_back([box, knob](const ClientConfig &c) { box->setChecked(knob.get(c) != 0); });
        connect(box, &QCheckBox::toggled, this,
                [this, knob](bool v) { change([&](ClientConfig &c) { knob.set(c, v ? 1 : 0); }); });
        break;
    }
    case Knob::Type::Choice: {
        auto *box = new QComboBox(this);
        box->setObjectName(name);
        WheelGuard::install(box);
        for (int i = 0; i < int(knob.choices.size()); ++i)
            box->addItem(knob.choiceLabel(i));
        box->setToolTip(knob.translatedHelp());
        form->addRow(label, box);
        m_shows.push_back([box, knob](const ClientConfig &c) { box->setCurrentIndex(int(knob.get(c))); });
        connect(box, &QComboBox::currentIndexChanged, this,
                [this, knob](int v) { change([&](ClientConfig &c) { knob.set(c, v); }); });
        break;
    }
    case Knob::Type::StatusList:
        // No box for a list yet: the file and the command line set it (the table hides it).
        break;
    }
}

BatchSettingsPanel::~BatchSettingsPanel()
{
    // A box with a number half typed commits it when it loses the focus, which ~QWidget would
    // take only once this part of the panel is gone: commit it now, while change() can run.
    if (QWidget *focused = focusWidget(); focused && isAncestorOf(focused))
        focused->clearFocus();
}

QFormLayout *BatchSettingsPanel::group(const QString &title)
{
    auto *box = new QGroupBox(title, this);
    layout()->addWidget(box);
    return new QFormLayout(box);
}

void BatchSettingsPanel::refresh()
{
    m_refreshing = true;
    const ClientConfig c = m_client->config();
    for (const auto &show : m_shows)
        show(c);
    m_refreshing = false;
}

void BatchSettingsPanel::change(const std::function<void(ClientConfig &)> &edit)
{
    if (m_refreshing)
        return;
    ClientConfig c = m_client->config();
    edit(c);
    // A longer "open for" than "open at most" is what the user means, not an error.
    c.breaker.maxOpenDuration = std::max(c.breaker.maxOpenDuration, c.breaker.openDuration);
    QStringList problems;
    for (const QString &p : {c.batch.validate(), c.retry.validate(), c.breaker.validate()}) {
        if (!p.isEmpty())
            problems.append(p);
    }
    m_problem->setText(RunTr::tr("Not applied: %1").arg(problems.join(QStringLiteral("; "))));
    m_problem->setVisible(!problems.isEmpty());
    if (problems.isEmpty()) {
        m_client->setConfig(c);
        showServerLimit(c.batch);
    } else {
        refresh(); // show what still applies
    }
}

void BatchSettingsPanel::refuse(const QString &label, const QString &why)
{
    m_problem->setText(RunTr::tr("%1: %2.").arg(label, why));
    m_problem->show();
}

void BatchSettingsPanel::showServerLimit(const BatchConfig &batch)
{
    const int limit = batch.serverLimit;
    m_serverLimit->setVisible(limit > 0);
    if (limit <= 0)
        return;
    m_serverLimit->setText(batch.maxBatchSize > limit
                               ? RunTr::tr("The server takes at most %1 per batch: batches leave at %1.").arg(limit)
                               : RunTr::tr("The server takes at most %1 per batch.").arg(limit));
}

void BatchSettingsPanel::showLearnedLimits()
{
    QStringList lines;
    for (const LearnedLimits::Known &known : m_client->queue()->learnedLimits()) {
        lines.append(known.limit == 0
                         ? RunTr::tr("%1 takes no batches: calls go alone").arg(known.endpoint)
                         : RunTr::tr("learned from %1: at most %2 per batch (refused %3)")
                               .arg(known.endpoint)
                               .arg(known.limit)
                               .arg(known.refused));
    }
    const QString text = lines.join(u'\n');
    if (text == m_learned->text())
        return;
    m_learned->setText(text);
    m_learned->setVisible(!text.isEmpty());
}

} // namespace batchlab

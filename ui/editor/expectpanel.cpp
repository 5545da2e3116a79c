// SPDX-License-Identifier: BSD-3-Clause
#include "editor/expectpanel.h"
#include "editor/editortr.h"

#include "editor/requestsetdocument.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScopedValueRollback>
#include <QSpinBox>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

namespace batchlab {

namespace {

const QColor kBad(0xff, 0xcd, 0xd2); // the body editor's mark for what is wrong

QString opLabel(JsonCheck::Op op)
{
    switch (op) {
    case JsonCheck::Op::Equals: return EditorTr::tr("equals");
    case JsonCheck::Op::Exists: return EditorTr::tr("exists");
    case JsonCheck::Op::NotExists: return EditorTr::tr("does not exist");
    case JsonCheck::Op::Contains: return EditorTr::tr("contains");
    }
    return {};
}

bool takesValue(JsonCheck::Op op)
{
    return op == JsonCheck::Op::Equals || op == JsonCheck::Op::Contains;
}

} // namespace

ExpectPanel::ExpectPanel(RequestSetDocument *document, QWidget *parent)
    : QWidget(parent), m_document(document)
{
    auto *intro = new QLabel(EditorTr::tr("Checked on every answer this request gets, in a run and on Send. "
                                          "A run in which one breaks fails; the log says which."),
                             this);
    intro->setWordWrap(true);
    m_status = new QLineEdit(this);
    m_status->setObjectName(QStringLiteral("expectStatus"));
    m_status->setPlaceholderText(EditorTr::tr("any"));
    m_status->setToolTip(EditorTr::tr("A code (200), a class (2xx) or a list (200,204, 2xx,304); empty for "
                                      "any status."));
    m_latency = new QSpinBox(this);
    m_latency->setObjectName(QStringLiteral("expectLatency"));
    m_latency->setRange(0, 600000);
    m_latency->setSingleStep(50);
    m_latency->setSuffix(EditorTr::tr(" ms"));
    m_latency->setSpecialValueText(EditorTr::tr("no bound"));
    m_latency->setToolTip(EditorTr::tr("The answer must come in under this many milliseconds, from sending to "
                                       "settling as the telemetry measures a call's latency."));
    m_checks = new QTableWidget(0, CheckColumnCount, this);
    m_checks->setObjectName(QStringLiteral("expectChecks"));
    m_checks->setHorizontalHeaderLabels({EditorTr::tr("Path"), EditorTr::tr("Operator"), EditorTr::tr("Value")});
    m_checks->horizontalHeader()->setStretchLastSection(true);
    m_checks->verticalHeader()->hide();
    m_checks->setToolTip(EditorTr::tr("A path into the answer's JSON (value[0].id, $.name); equals takes a JSON "
                                      "value (7, \"text\", true, null, {…}), contains a piece of text."));
    m_add = new QPushButton(EditorTr::tr("Add check"), this);
    m_add->setObjectName(QStringLiteral("expectAdd"));
    m_remove = new QPushButton(EditorTr::tr("Remove check"), this);
    m_remove->setObjectName(QStringLiteral("expectRemove"));
    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("expectProblem"));
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(QStringLiteral("color: #b00020"));
    m_problem->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_problem->hide();

    // Laid out across rather than down: the tab shares the editor's height with the request
    // table, and a tall form left the checks table no row at 1280×800.
    auto *limits = new QHBoxLayout;
    limits->addWidget(new QLabel(EditorTr::tr("Status:"), this));
    limits->addWidget(m_status);
    limits->addSpacing(16);
    limits->addWidget(new QLabel(EditorTr::tr("Latency below:"), this));
    limits->addWidget(m_latency);
    limits->addStretch(1);
    auto *buttons = new QVBoxLayout;
    buttons->addWidget(m_add);
    buttons->addWidget(m_remove);
    buttons->addStretch(1);
    auto *checks = new QHBoxLayout;
    checks->addWidget(m_checks, 1);
    checks->addLayout(buttons);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(intro);
    layout->addLayout(limits);
    layout->addWidget(new QLabel(EditorTr::tr("JSON values:"), this));
    layout->addLayout(checks, 1);
    layout->addWidget(m_problem);

    connect(m_status, &QLineEdit::editingFinished, this, &ExpectPanel::commit);
    connect(m_latency, &QSpinBox::editingFinished, this, &ExpectPanel::commit);
    connect(m_checks, &QTableWidget::itemChanged, this, [this] {
        if (!m_refreshing)
            commitLater();
    });
    connect(m_add, &QPushButton::clicked, this, &ExpectPanel::addCheck);
    connect(m_remove, &QPushButton::clicked, this, &ExpectPanel::removeCheck);
    connect(m_document, &RequestSetDocument::itemChanged, this, [this](int row) {
        if (row == m_row)
            refresh();
    });
    connect(m_document, &RequestSetDocument::wasReset, this, &ExpectPanel::refresh);
    setRow(-1);
}

void ExpectPanel::setRow(int row)
{
    m_row = row;
    setProblem({});
    refresh();
}

QString ExpectPanel::problem() const
{
    return m_problem->text();
}

QString ExpectPanel::valueText(const JsonCheck &check)
{
    if (check.op == JsonCheck::Op::Contains)
        return check.value.toString();
    if (check.op != JsonCheck::Op::Equals || check.value.isUndefined())
        return {};
    return JsonCheck::jsonText(check.value);
}

QJsonValue ExpectPanel::parseValue(JsonCheck::Op op, const QString &text, QString *problem)
{
    problem->clear();
    if (op == JsonCheck::Op::Contains)
        return text;
    if (op != JsonCheck::Op::Equals)
        return QJsonValue(QJsonValue::Undefined);
    if (text.trimmed().isEmpty()) {
        *problem = EditorTr::tr("\"equals\" needs a JSON value: 7, \"text\", true, null, [1, 2] or {…}");
        return QJsonValue(QJsonValue::Undefined);
    }
    // Inside an array, so that a scalar parses too (QJsonDocument holds objects and arrays).
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(QByteArray("[" + text.toUtf8() + "]"), &error);
    if (error.error != QJsonParseError::NoError || document.array().size() != 1) {
        *problem = error.error != QJsonParseError::NoError
            ? EditorTr::tr("not JSON (%1 at character %2); text goes in quotes: \"%3\"")
                  .arg(error.errorString())
                  .arg(qMax(1, error.offset))
                  .arg(text)
            : EditorTr::tr("one JSON value, not several");
        return QJsonValue(QJsonValue::Undefined);
    }
    return document.array().at(0);
}

void ExpectPanel::refresh()
{
    const QScopedValueRollback<bool> refreshing(m_refreshing, true);
    const bool valid = m_row >= 0 && m_row < m_document->set().requests.size();
    const Expectation expect = valid ? m_document->set().requests.at(m_row).expect : Expectation();
    for (QWidget *w : std::initializer_list<QWidget *>{m_status, m_latency, m_checks, m_add, m_remove})
        w->setEnabled(valid);
    if (m_status->text() != expect.status)
        m_status->setText(expect.status);
    m_latency->setValue(expect.maxLatencyMs);
    m_checks->setRowCount(0);
    m_checks->setRowCount(int(expect.json.size()));
    for (int row = 0; row < expect.json.size(); ++row) {
        const JsonCheck &check = expect.json.at(row);
        m_checks->setItem(row, PathColumn, new QTableWidgetItem(check.path));
        auto *op = new QComboBox(m_checks);
        for (int i = 0; i < JsonCheck::kOpCount; ++i)
            op->addItem(opLabel(JsonCheck::Op(i)), i);
        op->setCurrentIndex(int(check.op));
        // Committed from the event loop: the commit rebuilds the table, this combo with it.
        connect(op, &QComboBox::currentIndexChanged, this, [this, op] {
            if (m_refreshing)
                return;
            // The value cell opens at once for an operator that takes one (equals is refused
            // until it has its value, so no refresh from the set would open it).
            for (int r = 0; r < m_checks->rowCount(); ++r) {
                QTableWidgetItem *value = m_checks->item(r, ValueColumn);
                if (m_checks->cellWidget(r, OpColumn) != op || !value)
                    continue;
                const QScopedValueRollback<bool> marking(m_refreshing, true);
                const Qt::ItemFlags editable = Qt::ItemIsEditable | Qt::ItemIsEnabled;
                value->setFlags(takesValue(JsonCheck::Op(op->currentData().toInt())) ? value->flags() | editable
                                                                                      : value->flags() & ~editable);
            }
            commitLater();
        });
        m_checks->setCellWidget(row, OpColumn, op);
        auto *value = new QTableWidgetItem(valueText(check));
        if (!takesValue(check.op))
            value->setFlags(value->flags() & ~Qt::ItemIsEditable & ~Qt::ItemIsEnabled);
        m_checks->setItem(row, ValueColumn, value);
    }
    m_checks->resizeColumnToContents(OpColumn);
}

std::optional<Expectation> ExpectPanel::read()
{
    Expectation e;
    e.status = m_status->text().trimmed();
    e.maxLatencyMs = m_latency->value();
    QStringList problems;
    m_status->setStyleSheet(QString());
    if (const QString why = Expectation::statusProblem(e.status); !why.isEmpty()) {
        problems.append(EditorTr::tr("Status: %1").arg(why));
        m_status->setStyleSheet(QStringLiteral("background: %1").arg(kBad.name()));
    }
    const QScopedValueRollback<bool> marking(m_refreshing, true); // colouring cells is no edit
    for (int row = 0; row < m_checks->rowCount(); ++row) {
        JsonCheck check;
        QTableWidgetItem *path = m_checks->item(row, PathColumn);
        QTableWidgetItem *value = m_checks->item(row, ValueColumn);
        const auto *op = qobject_cast<QComboBox *>(m_checks->cellWidget(row, OpColumn));
        check.path = path ? path->text().trimmed() : QString();
        check.op = op ? JsonCheck::Op(op->currentData().toInt()) : JsonCheck::Op::Exists;
        if (path)
            path->setBackground(QBrush());
        if (value)
            value->setBackground(QBrush());
        if (const QString why = check.pathProblem(); !why.isEmpty()) {
            problems.append(EditorTr::tr("Check %1, path: %2").arg(row + 1).arg(why));
            if (path)
                path->setBackground(kBad);
            continue;
        }
        QString why;
        check.value = parseValue(check.op, value ? value->text() : QString(), &why);
        if (!why.isEmpty()) {
            problems.append(EditorTr::tr("Check %1, value: %2").arg(row + 1).arg(why));
            if (value)
                value->setBackground(kBad);
            continue;
        }
        e.json.append(check);
    }
    if (!problems.isEmpty()) {
        setProblem(problems.join(u'\n'));
        return std::nullopt;
    }
    setProblem({});
    return e;
}

void ExpectPanel::commit()
{
    if (m_refreshing || m_row < 0 || m_row >= m_document->set().requests.size())
        return;
    const std::optional<Expectation> e = read();
    if (!e)
        return; // refused: the set keeps what it had, the fields keep what was typed
    RequestItem item = m_document->set().requests.at(m_row);
    if (item.expect == *e)
        return;
    item.expect = *e;
    m_document->setItem(m_row, item);
    Q_EMIT changed();
}

void ExpectPanel::commitLater()
{
    // From the event loop, for the request of the moment: the commit rebuilds the table,
    // which must not happen under the signal of one of its cells.
    QTimer::singleShot(0, this, [this, row = m_row] {
        if (row == m_row)
            commit();
    });
}

void ExpectPanel::addCheck()
{
    if (m_row < 0)
        return;
    // A check that holds on any JSON answer until edited: the path of the answer's root.
    RequestItem item = m_document->set().requests.at(m_row);
    item.expect.json.append({QStringLiteral("$"), JsonCheck::Op::Exists, {}});
    m_document->setItem(m_row, item);
    m_checks->setCurrentCell(m_checks->rowCount() - 1, PathColumn);
    Q_EMIT changed();
}

void ExpectPanel::removeCheck()
{
    const int check = m_checks->currentRow();
    if (m_row < 0 || check < 0)
        return;
    RequestItem item = m_document->set().requests.at(m_row);
    if (check >= item.expect.json.size())
        return;
    item.expect.json.removeAt(check);
    m_document->setItem(m_row, item);
    Q_EMIT changed();
}

void ExpectPanel::setProblem(const QString &problem)
{
    m_problem->setText(problem);
    m_problem->setVisible(!problem.isEmpty());
}

} // namespace batchlab

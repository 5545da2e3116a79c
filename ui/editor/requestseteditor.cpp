// SPDX-License-Identifier: BSD-3-Clause
#include "editor/requestseteditor.h"
#include "editor/editortr.h"

#include "editor/environmentspanel.h"
#include "editor/expectpanel.h"
#include "editor/keyvalueeditor.h"
#include "editor/namechecks.h"
#include "editor/requestorderpanel.h"
#include "editor/requestsetdocument.h"
#include "editor/methoddelegate.h"
#include "runs/bodycheck.h"
#include "runs/io/curlimporter.h"
#include "run/curlcopy.h"
#include "editor/requestsetmodel.h"

#include <QAction>
#include <QClipboard>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QLabel>
#include <QMainWindow>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScopedValueRollback>
#include <QSplitter>

#include <memory>
#include <utility>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTextBlock>
#include <QTextCursor>
#include <QVBoxLayout>

#include <algorithm>

namespace batchlab {

namespace {

QString joined(const QStringList &names)
{
    return names.join(QStringLiteral(", "));
}

} // namespace

RequestSetEditor::RequestSetEditor(RequestSetDocument *document, QWidget *parent)
    : QWidget(parent), m_document(document), m_model(new RequestSetModel(document, this))
{
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("requestTable"));
    m_table->setModel(m_model);
    m_table->setItemDelegateForColumn(RequestSetModel::Method, new MethodDelegate(m_table));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    m_table->horizontalHeader()->setSectionResizeMode(RequestSetModel::Url, QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(RequestSetModel::Enabled, QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(RequestSetModel::Method, QHeaderView::ResizeToContents);
    m_table->setColumnWidth(RequestSetModel::Name, 180);
    // The two counts need little room; the URL, the change set and what it runs after more.
    m_table->horizontalHeader()->setSectionResizeMode(RequestSetModel::Headers, QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(RequestSetModel::BodySize, QHeaderView::ResizeToContents);
    m_table->setColumnWidth(RequestSetModel::Group, 110);
    m_table->setColumnWidth(RequestSetModel::After, 170);
    m_table->setAlternatingRowColors(true);
    // Ctrl+V on the table: curl lines copied from API docs or a browser become requests.
    auto *paste = new QAction(EditorTr::tr("Paste curl commands"), m_table);
    paste->setShortcut(QKeySequence::Paste);
    paste->setShortcutContext(Qt::WidgetShortcut);
    connect(paste, &QAction::triggered, this, [this] { pasteCurl(QGuiApplication::clipboard()->text()); });
    m_table->addAction(paste);
    m_paste = paste;
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_table, &QWidget::customContextMenuRequested, this, [this](const QPoint &pos) {
        const std::unique_ptr<QMenu> menu(createContextMenu(pos));
        menu->exec(m_table->viewport()->mapToGlobal(pos));
    });

    auto *bodyPane = new QWidget(this);
    auto *bodyLayout = new QVBoxLayout(bodyPane);
    bodyLayout->setContentsMargins(0, 0, 0, 0);
    auto *bodyBar = new QHBoxLayout;
    bodyBar->addWidget(new QLabel(EditorTr::tr("Body of the selected request:"), bodyPane));
    m_bodyStatus = new QLabel(bodyPane);
    m_bodyStatus->setObjectName(QStringLiteral("bodyStatus"));
    bodyBar->addWidget(m_bodyStatus, 1);
    auto *pretty = new QPushButton(EditorTr::tr("Pretty-print JSON"), bodyPane);
    connect(pretty, &QPushButton::clicked, this, &RequestSetEditor::prettyPrint);
    bodyBar->addWidget(pretty);
    bodyLayout->addLayout(bodyBar);
    m_body = new QPlainTextEdit(bodyPane);
    m_body->setObjectName(QStringLiteral("bodyEditor"));
    m_body->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_body->setPlaceholderText(EditorTr::tr("No body. Type JSON or text."));
    bodyLayout->addWidget(m_body);

    m_headers = new KeyValueEditor(EditorTr::tr("Header"), EditorTr::tr("Value"), QStringLiteral("X-Header"), this);
    m_headers->setObjectName(QStringLiteral("headersEditor"));
    m_headers->setNameCheck(checkHeaderName);
    m_headers->enableSwitches(EditorTr::tr("Sent"),
                              EditorTr::tr("Unticked: the header stays with the request but is not sent, "
                                           "as an unticked header in Postman"));
    m_variables = new KeyValueEditor(EditorTr::tr("Variable"), EditorTr::tr("Value"), QStringLiteral("name"), this);
    m_variables->setObjectName(QStringLiteral("variablesEditor"));
    m_variables->setNameCheck(checkVariableName);
    m_variables->setUniqueNames(true);
    m_variables->setToolTip(EditorTr::tr("Write {{name}} in a URL, header or body; the value replaces it when the set runs."));
    m_variables->enableSecrets(
        EditorTr::tr("Secret"),
        EditorTr::tr("A secret is a credential (a token, a password): its value is hidden here "
                     "unless shown, and kept only while Batchlab is open. The saved file has it "
                     "empty, marked secret, so the file can be shared. Or write {{env:NAME}} "
                     "to read the environment variable NAME when the set runs."));
    auto *variablesPage = new QWidget(this);
    auto *variablesLayout = new QVBoxLayout(variablesPage);
    variablesLayout->setContentsMargins(0, 0, 0, 0);
    variablesLayout->addWidget(m_variables, 1);
    auto *secretsHint = new QLabel(
        EditorTr::tr("Secret values are not saved to the file; {{env:NAME}} reads an environment "
                     "variable instead."),
        variablesPage);
    secretsHint->setObjectName(QStringLiteral("secretsHint"));
    secretsHint->setWordWrap(true);
    variablesLayout->addWidget(secretsHint);

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("requestTabs"));
    m_tabs->addTab(bodyPane, EditorTr::tr("Body"));
    m_tabs->addTab(m_headers, EditorTr::tr("Headers"));
    m_order = new RequestOrderPanel(document, this);
    m_order->setObjectName(QStringLiteral("orderPanel"));
    m_tabs->addTab(m_order, EditorTr::tr("Change set && order"));
    m_expect = new ExpectPanel(document, this);
    m_expect->setObjectName(QStringLiteral("expectPanel"));
    m_tabs->addTab(m_expect, EditorTr::tr("Expect"));
    m_tabs->addTab(variablesPage, EditorTr::tr("Variables"));
    auto *environments = new EnvironmentsPanel(document, this);
    environments->setObjectName(QStringLiteral("environmentsPanel"));
    m_tabs->addTab(environments, EditorTr::tr("Environments"));
    // What the set is for and what to watch in its runs: the samples say it here.
    m_description = new QPlainTextEdit(this);
    m_description->setObjectName(QStringLiteral("setDescription"));
    m_description->setPlaceholderText(EditorTr::tr("What this set is for, and what to watch when it runs."));
    m_tabs->addTab(m_description, EditorTr::tr("About this set"));
    connect(m_description, &QPlainTextEdit::textChanged, this, [this] {
        if (!m_showingDescription)
            m_document->setDescription(m_description->toPlainText());
    });
    connect(document, &RequestSetDocument::descriptionChanged, this, [this] {
        if (m_description->toPlainText() == m_document->set().description)
            return; // the user's own typing
        const QScopedValueRollback<bool> showing(m_showingDescription, true);
        m_description->setPlainText(m_document->set().description);
    });
    {
        const QScopedValueRollback<bool> showing(m_showingDescription, true);
        m_description->setPlainText(document->set().description);
    }

    // The tallest tab (Expect, Environments) must not decide the split: at 1280×800 it left
    // the request table three rows. The tabs may be made smaller than their pages would
    // like (they then clip until enlarged); the table gets more than half at the first show.
    m_tabs->setMinimumHeight(150);
    auto *splitter = m_splitter = new QSplitter(Qt::Vertical, this);
    splitter->setObjectName(QStringLiteral("editorSplitter"));
    splitter->addWidget(m_table);
    splitter->addWidget(m_tabs);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);

    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &RequestSetEditor::showCurrent);
    connect(m_body, &QPlainTextEdit::textChanged, this, [this] {
        checkBody();
        m_document->editBody(m_bodyRow, m_body->toPlainText());
    });
    connect(m_headers, &KeyValueEditor::edited, this, &RequestSetEditor::commitHeaders);
    connect(m_order, &RequestOrderPanel::refused, this, &RequestSetEditor::tell);
    connect(m_model, &RequestSetModel::refused, this, &RequestSetEditor::tell);
    connect(m_variables, &KeyValueEditor::edited, this, &RequestSetEditor::commitVariables);
    // Edits arrive here as they are made, so any change of the document (undo, redo, rows
    // moving) only has to show what is there now.
    const auto refresh = [this] {
        showCurrent();
        showVariables(); // the list of undefined variables may change
    };
    for (auto signal : {&RequestSetDocument::inserted, &RequestSetDocument::removed, &RequestSetDocument::moved,
                        &RequestSetDocument::wasReset, &RequestSetDocument::variablesChanged,
                        &RequestSetDocument::targetChanged, &RequestSetDocument::environmentsChanged})
        connect(document, signal, this, refresh);
    connect(document, &RequestSetDocument::itemChanged, this, refresh);
    // Secrets shown for one set are hidden again for the next one.
    connect(document, &RequestSetDocument::wasReset, m_variables, [this] { m_variables->setSecretsShown(false); });
    refresh();
    showCurrent();
}

QList<int> RequestSetEditor::selectedRows() const
{
    QList<int> rows;
    for (const QModelIndex &index : m_table->selectionModel()->selectedRows())
        rows.append(index.row());
    std::sort(rows.begin(), rows.end());
    return rows;
}

void RequestSetEditor::showCurrent()
{
    const int row = m_table->currentIndex().row();
    m_bodyRow = row;
    const bool valid = row >= 0 && row < m_document->set().requests.size();
    m_body->setEnabled(valid);
    const QString body = valid ? m_document->set().requests.at(row).body : QString();
    if (m_body->toPlainText() != body) { // not the echo of our own typing
        const QSignalBlocker blocker(m_body);
        const int cursor = m_body->textCursor().position();
        m_body->setPlainText(body);
        QTextCursor moved = m_body->textCursor();
        moved.setPosition(std::min(cursor, int(body.size())));
        m_body->setTextCursor(moved);
    }
    checkBody();
    m_headers->setEnabled(valid);
    KeyValueEditor::Rows headers;
    QStringList queryOff;
    if (valid) {
        const RequestItem &item = m_document->set().requests.at(row);
        for (const auto &[name, value] : item.headers)
            headers.append({name, value, false, true});
        for (const auto &[name, value] : item.disabledHeaders)
            headers.append({name, value, false, false});
        for (const auto &[name, value] : item.disabledQuery)
            queryOff.append(value.isEmpty() ? name : name + u'=' + value);
    }
    // The set keeps the headers turned off apart from the others: the echo of a row just
    // turned off comes back in another order, and must not move it under the user's hands.
    const KeyValueEditor::Rows shown = m_headers->rows();
    if (!std::is_permutation(shown.cbegin(), shown.cend(), headers.cbegin(), headers.cend()))
        m_headers->setRows(headers);
    // The URL holds the query that is sent; what was turned off in Postman is kept here.
    m_headers->setNote(queryOff.isEmpty() ? QString()
                                          : EditorTr::tr("Query parameters turned off (kept, not sent): %1")
                                                .arg(queryOff.join(QStringLiteral(", "))));
    m_order->setRow(valid ? row : -1);
    m_expect->setRow(valid ? row : -1);
    refreshTabTitles();
}

void RequestSetEditor::commitHeaders()
{
    if (m_bodyRow < 0 || m_bodyRow >= m_document->set().requests.size())
        return;
    RequestItem item = m_document->set().requests.at(m_bodyRow);
    item.headers.clear();
    item.disabledHeaders.clear();
    for (const KeyValueEditor::Row &row : m_headers->rows())
        (row.enabled ? item.headers : item.disabledHeaders).append({row.name, row.value});
    m_document->setItem(m_bodyRow, item);
    refreshTabTitles();
}

void RequestSetEditor::commitVariables()
{
    QList<Variable> variables;
    for (const KeyValueEditor::Row &row : m_variables->rows())
        variables.append({row.name, row.value, row.secret});
    m_document->setVariables(variables);
}

void RequestSetEditor::showVariables()
{
    const RequestSet &set = m_document->set();
    KeyValueEditor::Rows rows;
    for (const Variable &v : set.variables)
        rows.append({v.name, v.value, v.secret});
    m_variables->setRows(rows);
    // Name what the requests and the target use but nobody defined, before a run refuses to
    // start over it. {{env:NAME}} is defined by the environment: only an unset one is named.
    QStringList unknown;
    const auto scan = [&](const QString &text) { set.substitute(text, &unknown); };
    for (const RequestItem &item : set.requests) {
        scan(item.method);
        scan(item.url);
        scan(item.body);
        for (const auto &[name, value] : item.headers) {
            scan(name);
            scan(value);
        }
    }
    if (set.target) {
        for (const auto &[name, value] : set.target->headers) {
            scan(name);
            scan(value);
        }
    }
    QStringList undefined;
    QStringList unsetEnvironment;
    for (const QString &name : std::as_const(unknown)) {
        if (name.startsWith(QLatin1String("env:")))
            unsetEnvironment.append(name.mid(4));
        else
            undefined.append(name);
    }
    // A secret comes back empty from its file: say so before it goes out as an empty value.
    QStringList emptySecrets;
    for (const Variable &v : set.variables) {
        if (v.secret && v.value.isEmpty())
            emptySecrets.append(v.name);
    }
    QStringList notes;
    if (!undefined.isEmpty())
        notes.append(EditorTr::tr("Used but not defined: %1").arg(joined(undefined)));
    if (!unsetEnvironment.isEmpty())
        notes.append(EditorTr::tr("Not set in the environment: %1").arg(joined(unsetEnvironment)));
    if (!emptySecrets.isEmpty())
        notes.append(EditorTr::tr("Secrets without a value (files keep them empty): %1")
                         .arg(joined(emptySecrets)));
    m_variables->setNote(notes.join(u'\n'));
    refreshTabTitles();
}

void RequestSetEditor::refreshTabTitles()
{
    const KeyValueEditor::Rows headers = m_headers->rows();
    const auto off = std::count_if(headers.cbegin(), headers.cend(), [](const KeyValueEditor::Row &r) { return !r.enabled; });
    m_tabs->setTabText(1, off ? EditorTr::tr("Headers (%1, %2 off)").arg(headers.size() - off).arg(off)
                              : EditorTr::tr("Headers (%1)").arg(headers.size()));
    const int checks = m_expect->row() >= 0 ? m_document->set().requests.at(m_expect->row()).expect.checkCount() : 0;
    m_tabs->setTabText(m_tabs->indexOf(m_expect), checks ? EditorTr::tr("Expect (%1)").arg(checks) : EditorTr::tr("Expect"));
    m_tabs->setTabText(m_tabs->indexOf(m_variables->parentWidget()),
                       EditorTr::tr("Variables (%1)").arg(m_document->set().variables.size()));
}

void RequestSetEditor::checkBody()
{
    const QString text = m_body->toPlainText();
    const bool valid = m_bodyRow >= 0 && m_bodyRow < m_document->set().requests.size();
    const bool claims = valid && claimsJson(m_document->set().requests.at(m_bodyRow).headers);
    const QString trimmed = text.trimmed();
    QList<QTextEdit::ExtraSelection> marks;
    if (trimmed.isEmpty() || !(claims || trimmed.startsWith(u'{') || trimmed.startsWith(u'['))) {
        m_bodyStatus->setText(trimmed.isEmpty() ? QString() : EditorTr::tr("text"));
        m_bodyStatus->setStyleSheet(QString());
        m_body->setExtraSelections(marks);
        return;
    }
    const JsonProblem problem = jsonProblem(text.toUtf8());
    if (!problem.found()) {
        m_bodyStatus->setText(EditorTr::tr("valid JSON"));
        m_bodyStatus->setStyleSheet(QString());
        m_body->setExtraSelections(marks);
        return;
    }
    // Where it goes wrong, in words and on the spot.
    m_bodyStatus->setText(claims ? EditorTr::tr("Not JSON, though its Content-Type says so: %1").arg(problem.toString())
                                 : EditorTr::tr("Not JSON: %1").arg(problem.toString()));
    m_bodyStatus->setStyleSheet(QStringLiteral("color: #b00020"));
    QTextEdit::ExtraSelection mark;
    mark.cursor = QTextCursor(m_body->document()->findBlockByNumber(problem.line - 1));
    mark.cursor.movePosition(QTextCursor::Right, QTextCursor::MoveAnchor, problem.column - 1);
    mark.cursor.movePosition(QTextCursor::Right, QTextCursor::KeepAnchor);
    mark.format.setBackground(QColor(0xff, 0xcd, 0xd2));
    mark.format.setUnderlineStyle(QTextCharFormat::WaveUnderline);
    mark.format.setUnderlineColor(QColor(0xb0, 0x00, 0x20));
    marks.append(mark);
    m_body->setExtraSelections(marks);
}

void RequestSetEditor::prettyPrint()
{
    const QByteArray body = m_body->toPlainText().toUtf8();
    const JsonProblem problem = jsonProblem(body);
    if (problem.found()) {
        // Nothing to indent: say why and put the cursor where it goes wrong.
        m_bodyStatus->setText(EditorTr::tr("Cannot pretty-print, not JSON: %1").arg(problem.toString()));
        QTextCursor at(m_body->document()->findBlockByNumber(problem.line - 1));
        at.movePosition(QTextCursor::Right, QTextCursor::MoveAnchor, problem.column - 1);
        m_body->setTextCursor(at);
        m_body->setFocus();
        return;
    }
    m_body->setPlainText(QString::fromUtf8(QJsonDocument::fromJson(body).toJson(QJsonDocument::Indented)).trimmed());
}

void RequestSetEditor::addRequest()
{
    RequestItem item;
    item.name = EditorTr::tr("new request");
    item.url = QStringLiteral("/users/1");
    const QList<int> rows = selectedRows();
    const int at = rows.isEmpty() ? int(m_document->set().requests.size()) : rows.last() + 1;
    m_document->insertItems(at, {item});
    m_table->setCurrentIndex(m_model->index(at, RequestSetModel::Name));
}

bool RequestSetEditor::pasteCurl(const QString &text)
{
    const QByteArray pasted = text.toUtf8();
    const CurlImporter importer;
    if (importer.recognizes(pasted) == 0) {
        tell(EditorTr::tr("Nothing pasted: the clipboard holds no curl command."));
        return false;
    }
    const ImportResult result = importer.read(pasted, QString());
    if (!result.ok()) {
        tell(EditorTr::tr("Nothing pasted: %1").arg(result.error.toString()));
        return false;
    }
    if (result.set.requests.isEmpty()) {
        tell(result.summary());
        return false;
    }
    const QList<int> rows = selectedRows();
    const int at = rows.isEmpty() ? int(m_document->set().requests.size()) : rows.last() + 1;
    m_document->insertItems(at, result.set.requests);
    selectRow(at);
    tell(result.notes.isEmpty() ? result.summary()
                                : EditorTr::tr("%1 %n note(s), the first: %2: %3", nullptr, int(result.notes.size()))
                                      .arg(result.summary(), result.notes.first().where, result.notes.first().what));
    return true;
}

void RequestSetEditor::duplicateSelected()
{
    m_document->duplicateRows(selectedRows());
}

void RequestSetEditor::deleteSelected()
{
    m_document->removeRows(selectedRows());
}

void RequestSetEditor::repeatSelected(int times)
{
    m_document->repeatRows(selectedRows(), times);
}

void RequestSetEditor::moveCurrent(int delta)
{
    const int from = m_table->currentIndex().row();
    const int to = from + delta;
    if (from < 0 || to < 0 || to >= m_document->set().requests.size())
        return;
    QString why;
    if (!m_document->moveRow(from, to, &why)) {
        tell(why);
        return;
    }
    selectRow(to);
}

void RequestSetEditor::tell(const QString &message)
{
    // For a while, not for good: the status bar's live counters come back after it.
    constexpr int kShownMs = 8000;
    if (auto *main = qobject_cast<QMainWindow *>(window()))
        main->statusBar()->showMessage(message, kShownMs);
}

void RequestSetEditor::selectRow(int row)
{
    if (row < 0 || row >= m_model->rowCount())
        return;
    m_table->setCurrentIndex(m_model->index(row, RequestSetModel::Name));
    m_table->selectRow(row);
    m_table->scrollTo(m_model->index(row, RequestSetModel::Name));
}

void RequestSetEditor::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (std::exchange(m_splitDone, true))
        return; // the user's split from here on
    const int total = m_splitter->height();
    m_splitter->setSizes({total * 11 / 20, total - total * 11 / 20});
}

QMenu *RequestSetEditor::createContextMenu(const QPoint &pos)
{
    auto *menu = new QMenu(this);
    menu->setToolTipsVisible(true);
    const int row = m_table->indexAt(pos).row();
    for (const bool credentials : {false, true}) {
        QAction *action = menu->addAction(credentials ? CurlCopy::credentialsActionText() : CurlCopy::actionText());
        action->setEnabled(row >= 0);
        action->setToolTip(row < 0 ? EditorTr::tr("No request here")
                           : credentials ? EditorTr::tr("The request as Send would send it, credentials included")
                                         : EditorTr::tr("The request as Send would send it, credentials hidden"));
        connect(action, &QAction::triggered, this, [this, row, credentials] { Q_EMIT copyAsCurlRequested(row, credentials); });
    }
    menu->addSeparator();
    menu->addAction(m_paste);
    return menu;
}

} // namespace batchlab

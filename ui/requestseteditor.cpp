#include "requestseteditor.h"

#include "requestsetdocument.h"
#include "requestsetmodel.h"

#include <QApplication>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace batchlab {

RequestSetEditor::RequestSetEditor(RequestSetDocument *document, QWidget *parent)
    : QWidget(parent), m_document(document), m_model(new RequestSetModel(document, this))
{
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("requestTable"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    m_table->horizontalHeader()->setSectionResizeMode(RequestSetModel::Url, QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(RequestSetModel::Enabled, QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(RequestSetModel::Method, QHeaderView::ResizeToContents);
    m_table->setColumnWidth(RequestSetModel::Name, 180);
    m_table->setAlternatingRowColors(true);

    auto *bodyPane = new QWidget(this);
    auto *bodyLayout = new QVBoxLayout(bodyPane);
    bodyLayout->setContentsMargins(0, 0, 0, 0);
    auto *bodyBar = new QHBoxLayout;
    bodyBar->addWidget(new QLabel(tr("Body of the selected request:"), bodyPane));
    m_bodyStatus = new QLabel(bodyPane);
    m_bodyStatus->setObjectName(QStringLiteral("bodyStatus"));
    bodyBar->addWidget(m_bodyStatus, 1);
    auto *pretty = new QPushButton(tr("Pretty-print JSON"), bodyPane);
    connect(pretty, &QPushButton::clicked, this, &RequestSetEditor::prettyPrint);
    bodyBar->addWidget(pretty);
    bodyLayout->addLayout(bodyBar);
    m_body = new QPlainTextEdit(bodyPane);
    m_body->setObjectName(QStringLiteral("bodyEditor"));
    m_body->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_body->setPlaceholderText(tr("No body. Type JSON or text; it is saved when you leave the field."));
    bodyLayout->addWidget(m_body);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_table);
    splitter->addWidget(bodyPane);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);

    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this] {
        commitBody();
        showCurrent();
    });
    connect(m_body, &QPlainTextEdit::textChanged, this, &RequestSetEditor::checkBody);
    connect(document, &RequestSetDocument::itemChanged, this, [this](int row) {
        if (row == m_bodyRow && !m_body->hasFocus())
            showCurrent();
    });
    connect(document, &RequestSetDocument::wasReset, this, &RequestSetEditor::showCurrent);
    connect(qApp, &QApplication::focusChanged, this, [this](QWidget *old, QWidget *) {
        if (old == m_body)
            commitBody();
    });
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
    const QSignalBlocker blocker(m_body);
    m_body->setPlainText(valid ? m_document->set().requests.at(row).body : QString());
    checkBody();
}

void RequestSetEditor::commitBody()
{
    if (m_bodyRow < 0 || m_bodyRow >= m_document->set().requests.size())
        return;
    RequestItem item = m_document->set().requests.at(m_bodyRow);
    if (item.body == m_body->toPlainText())
        return;
    item.body = m_body->toPlainText();
    m_document->setItem(m_bodyRow, item);
}

void RequestSetEditor::checkBody()
{
    const QString text = m_body->toPlainText().trimmed();
    if (text.isEmpty() || !(text.startsWith(u'{') || text.startsWith(u'['))) {
        m_bodyStatus->setText(text.isEmpty() ? QString() : tr("text"));
        return;
    }
    QJsonParseError error;
    QJsonDocument::fromJson(text.toUtf8(), &error);
    m_bodyStatus->setText(error.error == QJsonParseError::NoError
                              ? tr("valid JSON")
                              : tr("JSON error at offset %1: %2").arg(error.offset).arg(error.errorString()));
}

void RequestSetEditor::prettyPrint()
{
    const QJsonDocument doc = QJsonDocument::fromJson(m_body->toPlainText().toUtf8());
    if (doc.isNull())
        return;
    m_body->setPlainText(QString::fromUtf8(doc.toJson(QJsonDocument::Indented)).trimmed());
    commitBody();
}

void RequestSetEditor::addRequest()
{
    RequestItem item;
    item.name = tr("new request");
    item.url = QStringLiteral("/users/1");
    const QList<int> rows = selectedRows();
    const int at = rows.isEmpty() ? int(m_document->set().requests.size()) : rows.last() + 1;
    m_document->insertItems(at, {item});
    m_table->setCurrentIndex(m_model->index(at, RequestSetModel::Name));
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

} // namespace batchlab

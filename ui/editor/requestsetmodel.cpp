// SPDX-License-Identifier: BSD-3-Clause
#include "editor/requestsetmodel.h"
#include "editor/editortr.h"

#include "editor/requestsetdocument.h"
#include "editor/secretvaluedelegate.h"

#include <QLocale>
#include <QRegularExpression>

namespace batchlab {

RequestSetModel::RequestSetModel(RequestSetDocument *document, QObject *parent)
    : QAbstractTableModel(parent), m_document(document)
{
    connect(document, &RequestSetDocument::aboutToReset, this, &RequestSetModel::beginResetModel);
    connect(document, &RequestSetDocument::wasReset, this, &RequestSetModel::endResetModel);
    connect(document, &RequestSetDocument::itemChanged, this, [this](int row) {
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
    });
    connect(document, &RequestSetDocument::aboutToInsert, this,
            [this](int row, int count) { beginInsertRows({}, row, row + count - 1); });
    connect(document, &RequestSetDocument::inserted, this, &RequestSetModel::endInsertRows);
    connect(document, &RequestSetDocument::aboutToRemove, this,
            [this](int row, int count) { beginRemoveRows({}, row, row + count - 1); });
    connect(document, &RequestSetDocument::removed, this, &RequestSetModel::endRemoveRows);
    connect(document, &RequestSetDocument::aboutToMove, this, [this](int from, int to) {
        beginMoveRows({}, from, from, {}, to > from ? to + 1 : to);
    });
    connect(document, &RequestSetDocument::moved, this, &RequestSetModel::endMoveRows);
}

int RequestSetModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_document->set().requests.size());
}

int RequestSetModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RequestSetModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const RequestItem &item = m_document->set().requests.at(index.row());
    if (role == Qt::CheckStateRole && index.column() == Enabled)
        return item.enabled ? Qt::Checked : Qt::Unchecked;
    if (role == Qt::TextAlignmentRole && (index.column() == Headers || index.column() == BodySize))
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole && index.column() == Url) {
        // The URL as it will be sent, but a secret (an API key in a query) stays hidden, and
        // so does an environment variable, the other place secrets are kept.
        static const QRegularExpression environment(
            QStringLiteral(R"(\{\{\s*env:[A-Za-z_][A-Za-z0-9_]*\s*\}\})"));
        RequestSet shown;
        shown.variables = m_document->set().variables;
        for (Variable &v : shown.variables) {
            if (v.secret)
                v.value = SecretValueDelegate::mask();
        }
        return shown.substitute(QString(item.url).replace(environment, SecretValueDelegate::mask()));
    }
    // The size alone does not say what a JSON-RPC call's params are; the tooltip does.
    if (role == Qt::ToolTipRole && index.column() == BodySize && !item.body.isEmpty())
        return item.body.size() > 500 ? item.body.left(500) + u'…' : item.body;
    if (role != Qt::DisplayRole && role != Qt::EditRole)
        return {};
    switch (Column(index.column())) {
    case Enabled: return {};
    case Name: return item.name;
    case Method: return item.method;
    case Url: return item.url;
    case Headers: return int(item.headers.size());
    case BodySize:
        return role == Qt::EditRole ? QVariant(item.body.toUtf8().size())
                                    : QVariant(item.body.isEmpty() ? QString()
                                                                   : QLocale().formattedDataSize(item.body.toUtf8().size()));
    case ColumnCount: break;
    }
    return {};
}

QVariant RequestSetModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case Enabled: return EditorTr::tr("On");
    case Name: return EditorTr::tr("Name");
    case Method: return EditorTr::tr("Method");
    case Url: return EditorTr::tr("URL");
    case Headers: return EditorTr::tr("Headers");
    case BodySize: return EditorTr::tr("Body");
    case ColumnCount: break;
    }
    return {};
}

Qt::ItemFlags RequestSetModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags flags = QAbstractTableModel::flags(index);
    if (!index.isValid())
        return flags;
    if (index.column() == Enabled)
        flags |= Qt::ItemIsUserCheckable;
    if (index.column() == Name || index.column() == Method || index.column() == Url)
        flags |= Qt::ItemIsEditable;
    return flags;
}

bool RequestSetModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return false;
    RequestItem item = m_document->set().requests.at(index.row());
    if (index.column() == Enabled && role == Qt::CheckStateRole) {
        item.enabled = value.value<Qt::CheckState>() == Qt::Checked;
    } else if (role == Qt::EditRole && index.column() == Name) {
        item.name = value.toString();
    } else if (role == Qt::EditRole && index.column() == Method) {
        const QString method = value.toString().trimmed().toUpper();
        if (method.isEmpty())
            return false;
        item.method = method;
    } else if (role == Qt::EditRole && index.column() == Url) {
        item.url = value.toString().trimmed();
    } else {
        return false;
    }
    m_document->setItem(index.row(), item);
    return true;
}

} // namespace batchlab

// SPDX-License-Identifier: BSD-3-Clause
#include "editor/requestsetmodel.h"
#include "editor/editortr.h"

#include "editor/requestsetdocument.h"
#include "editor/secretvaluedelegate.h"

#include <QLocale>
#include <QRegularExpression>

#include <algorithm>
#include <iterator>

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
    for (auto signal : {&RequestSetDocument::inserted, &RequestSetDocument::removed, &RequestSetDocument::moved})
        connect(document, signal, this, &RequestSetModel::refreshOrderColumns);
    connect(document, &RequestSetDocument::itemChanged, this, &RequestSetModel::refreshOrderColumns);
}

void RequestSetModel::refreshOrderColumns()
{
    // A rename shows in the After column of what depends on it, a new change set may shift
    // the colours of the others, and an unnamed request is named by its row. Without change
    // sets or dependencies no row shows another.
    const QList<RequestItem> &requests = m_document->set().requests;
    const bool tied = std::any_of(requests.cbegin(), requests.cend(), [](const RequestItem &item) {
        return !item.group.isEmpty() || !item.dependsOn.isEmpty();
    });
    if (tied)
        Q_EMIT dataChanged(index(0, Group), index(rowCount() - 1, After));
}

QColor RequestSetModel::groupColor(const RequestSetDocument *document, const QString &group)
{
    // Okabe and Ito's colours, which stay apart for colour-blind eyes too.
    static const QColor palette[] = {QColor(0xE6, 0x9F, 0x00), QColor(0x56, 0xB4, 0xE9), QColor(0x00, 0x9E, 0x73),
                                     QColor(0xCC, 0x79, 0xA7), QColor(0x00, 0x72, 0xB2), QColor(0xD5, 0x5E, 0x00),
                                     QColor(0xF0, 0xE4, 0x42)};
    if (group.isEmpty())
        return {};
    QStringList seen;
    for (const RequestItem &item : document->set().requests) {
        if (item.group == group)
            return palette[size_t(seen.size()) % std::size(palette)];
        if (!item.group.isEmpty() && !seen.contains(item.group))
            seen.append(item.group);
    }
    return {};
}

QString RequestSetModel::afterText(const RequestItem &item, bool longForm) const
{
    const RequestSet &set = m_document->set();
    QStringList names;
    for (const QString &id : item.dependsOn) {
        const auto found = std::find_if(set.requests.cbegin(), set.requests.cend(),
                                        [&id](const RequestItem &other) { return other.id == id; });
        if (found == set.requests.cend()) {
            names.append(EditorTr::tr("%1 (missing)").arg(id));
            continue;
        }
        const int row = int(found - set.requests.cbegin());
        QString name = m_document->label(row);
        if (longForm)
            name = EditorTr::tr("%1 (row %2, %3 %4)").arg(name).arg(row + 1).arg(found->method, found->url);
        if (!found->enabled)
            name = EditorTr::tr("%1 (off)").arg(name);
        names.append(name);
    }
    return names.join(longForm ? QStringLiteral("\n") : QStringLiteral(", "));
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
    if (role == Qt::DecorationRole && index.column() == Group && !item.group.isEmpty())
        return groupColor(m_document, item.group);
    if (role == Qt::ToolTipRole && index.column() == Group) {
        if (item.group.isEmpty())
            return EditorTr::tr("In no change set. Type a label here to start one: requests with the "
                                "same label go in one batch and take effect all or none.");
        QStringList members;
        const RequestSet &set = m_document->set();
        for (qsizetype row = 0; row < set.requests.size(); ++row) {
            if (set.requests.at(row).group == item.group)
                members.append(m_document->label(int(row)));
        }
        return EditorTr::tr("Change set \"%1\": %2. Sent together in one batch, they take effect all "
                            "or none.")
            .arg(item.group, members.join(QStringLiteral(", ")));
    }
    if (role == Qt::ToolTipRole && index.column() == After && !item.dependsOn.isEmpty())
        return EditorTr::tr("Sent only after these succeeded, in the same iteration; if one fails, "
                            "this request is not sent:\n%1")
            .arg(afterText(item, true));
    if (role == Qt::ToolTipRole && index.column() == Url) {
        // The URL as it will be sent, but a secret (an API key in a query) stays hidden, and
        // so does an environment variable, the other place secrets are kept.
        static const QRegularExpression environment(
            QStringLiteral(R"(\{\{\s*env:[A-Za-z_][A-Za-z0-9_]*\s*\}\})"));
        RequestSet shown;
        shown.variables = m_document->set().variables;
        shown.environments = m_document->set().environments;
        shown.environment = m_document->set().environment;
        const auto mask = [](QList<Variable> &variables) {
            for (Variable &v : variables) {
                if (v.secret)
                    v.value = SecretValueDelegate::mask();
            }
        };
        mask(shown.variables);
        for (Environment &e : shown.environments)
            mask(e.variables);
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
    case Group: return item.group;
    case After: return role == Qt::EditRole ? QVariant(item.dependsOn) : QVariant(afterText(item, false));
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
    case Group: return EditorTr::tr("Change set");
    case After: return EditorTr::tr("After");
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
    if (index.column() == Name || index.column() == Method || index.column() == Url || index.column() == Group)
        flags |= Qt::ItemIsEditable;
    return flags;
}

bool RequestSetModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return false;
    if (role == Qt::EditRole && index.column() == Group) {
        QString why;
        if (m_document->setGroup(index.row(), value.toString(), &why))
            return true;
        Q_EMIT refused(why);
        return false;
    }
    RequestItem item = m_document->set().requests.at(index.row());
    if (index.column() == Enabled && role == Qt::CheckStateRole) {
        item.enabled = value.value<Qt::CheckState>() == Qt::Checked;
    } else if (role == Qt::EditRole && index.column() == Name) {
        item.name = value.toString();
    } else if (role == Qt::EditRole && index.column() == Method) {
        const QString method = value.toString().trimmed().toUpper();
        // One word of token characters (RFC 9110), else refused with the reason, not rewritten.
        static const QRegularExpression token(QStringLiteral(R"(^([!#$%&'*+.^_`|~0-9A-Z-]|\{\{[^}]*\}\})+$)"));
        if (!token.match(method).hasMatch()) {
            Q_EMIT refused(EditorTr::tr("\"%1\" is not a method: one word of letters, digits and !#$%&'*+-.^_`|~ "
                                        "(GET, POST, PURGE…)")
                               .arg(value.toString().trimmed()));
            return false;
        }
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

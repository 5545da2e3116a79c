// SPDX-License-Identifier: BSD-3-Clause
#include "editor/methoddelegate.h"

#include <QComboBox>

namespace batchlab {

QStringList MethodDelegate::standardMethods()
{
    return {QStringLiteral("GET"),    QStringLiteral("POST"), QStringLiteral("PUT"),     QStringLiteral("PATCH"),
            QStringLiteral("DELETE"), QStringLiteral("HEAD"), QStringLiteral("OPTIONS")};
}

QWidget *MethodDelegate::createEditor(QWidget *parent, const QStyleOptionViewItem &, const QModelIndex &) const
{
    auto *combo = new QComboBox(parent);
    combo->setObjectName(QStringLiteral("methodEditor"));
    combo->setEditable(true); // a custom method (PURGE, REPORT…) is typed in
    combo->setInsertPolicy(QComboBox::NoInsert);
    combo->addItems(standardMethods());
    return combo;
}

void MethodDelegate::setEditorData(QWidget *editor, const QModelIndex &index) const
{
    auto *combo = static_cast<QComboBox *>(editor);
    const QString method = index.data(Qt::EditRole).toString();
    const int at = combo->findText(method);
    if (at >= 0)
        combo->setCurrentIndex(at);
    else
        combo->setEditText(method);
}

void MethodDelegate::setModelData(QWidget *editor, QAbstractItemModel *model, const QModelIndex &index) const
{
    model->setData(index, static_cast<QComboBox *>(editor)->currentText(), Qt::EditRole);
}

} // namespace batchlab

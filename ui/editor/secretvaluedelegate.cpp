// SPDX-License-Identifier: BSD-3-Clause
#include "editor/secretvaluedelegate.h"

#include <QLineEdit>

namespace batchlab {

QString SecretValueDelegate::mask()
{
    return QStringLiteral("••••••••");
}

QString SecretValueDelegate::shownText(const QModelIndex &index)
{
    const QString text = index.data(Qt::DisplayRole).toString();
    return index.data(MaskedRole).toBool() && !text.isEmpty() ? mask() : text;
}

QWidget *SecretValueDelegate::createEditor(QWidget *parent, const QStyleOptionViewItem &option,
                                           const QModelIndex &index) const
{
    QWidget *editor = QStyledItemDelegate::createEditor(parent, option, index);
    if (auto *line = qobject_cast<QLineEdit *>(editor); line && index.data(MaskedRole).toBool())
        line->setEchoMode(QLineEdit::Password);
    return editor;
}

void SecretValueDelegate::initStyleOption(QStyleOptionViewItem *option,
                                          const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    option->text = shownText(index);
}

} // namespace batchlab

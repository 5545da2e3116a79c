// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QStyledItemDelegate>

namespace batchlab {

/// Edits a request's method with a combo box of the standard methods (GET, POST, PUT,
/// PATCH, DELETE, HEAD, OPTIONS) that also takes a custom one; the model refuses what is not
/// a token.
class MethodDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    using QStyledItemDelegate::QStyledItemDelegate;

    static QStringList standardMethods();

    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    void setEditorData(QWidget *editor, const QModelIndex &index) const override;
    void setModelData(QWidget *editor, QAbstractItemModel *model, const QModelIndex &index) const override;
};

} // namespace batchlab

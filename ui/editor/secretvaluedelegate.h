// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QStyledItemDelegate>

namespace batchlab {

/// Paints and edits a value cell that may hold a secret: while the cell's MaskedRole is true it
/// shows a fixed mask instead of the value (so not even its length shows) and is edited
/// without echo, so a credential can be replaced without being shown.
class SecretValueDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    /// A bool on the cell: show it masked.
    static constexpr int MaskedRole = Qt::UserRole + 1;

    using QStyledItemDelegate::QStyledItemDelegate;

    /// What the cell shows: its text, or the mask while it is masked and not empty (an empty
    /// secret shows empty, which says it still needs a value and gives nothing away).
    static QString shownText(const QModelIndex &index);
    static QString mask();

    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &option,
                          const QModelIndex &index) const override;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;
};

} // namespace batchlab

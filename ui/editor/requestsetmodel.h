// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QAbstractTableModel>

namespace batchlab {

class RequestSetDocument;

/// The requests of a RequestSetDocument as a table. Edits made here become undoable commands
/// on the document.
class RequestSetModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Enabled, Name, Method, Url, Headers, BodySize, ColumnCount };

    explicit RequestSetModel(RequestSetDocument *document, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;

private:
    RequestSetDocument *m_document;
};

} // namespace batchlab

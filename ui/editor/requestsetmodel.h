// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QAbstractTableModel>
#include <QColor>

namespace batchlab {

class RequestSetDocument;
struct RequestItem;

/// The requests of a RequestSetDocument as a table. Edits made here become undoable commands
/// on the document. Group shows a request's change set (a swatch of its colour beside the
/// label, so that members far apart are seen together) and After the requests it depends on,
/// by their current names.
class RequestSetModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Enabled, Name, Method, Url, Group, After, Headers, BodySize, ColumnCount };

    explicit RequestSetModel(RequestSetDocument *document, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;

    /// The colour of change set `group` in `document`, by the order in which the set's change
    /// sets first appear, so that a new one further down changes none above it.
    static QColor groupColor(const RequestSetDocument *document, const QString &group);

Q_SIGNALS:
    /// An edit made here was refused, and why (a change set that would wait for itself).
    void refused(const QString &why);

private:
    /// Names and swatches follow other rows: redrawn after any change.
    void refreshOrderColumns();
    QString afterText(const RequestItem &item, bool longForm) const;

    RequestSetDocument *m_document;
};

} // namespace batchlab

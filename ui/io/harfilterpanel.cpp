// SPDX-License-Identifier: BSD-3-Clause
#include "io/harfilterpanel.h"

#include "io/iotr.h"

#include <QCheckBox>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QListWidget>
#include <QMap>
#include <QVBoxLayout>

#include <algorithm>
#include <functional>

namespace batchlab {

namespace {

/// A checkable list of `counts` (value → entries), labelled "value (n)", values in the role.
QListWidget *checkList(const QString &objectName, const QList<std::pair<QString, QVariant>> &values,
                       const QList<int> &counts, QWidget *parent)
{
    auto *list = new QListWidget(parent);
    list->setObjectName(objectName);
    list->setUniformItemSizes(true);
    for (qsizetype i = 0; i < values.size(); ++i) {
        auto *item = new QListWidgetItem(
            IoTr::tr("%1 (%2)").arg(values.at(i).first).arg(counts.at(i)), list);
        item->setData(Qt::UserRole, values.at(i).second);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Checked);
        item->setToolTip(values.at(i).first);
    }
    return list;
}

QGroupBox *framed(const QString &title, QListWidget *list, QWidget *parent)
{
    auto *box = new QGroupBox(title, parent);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(list);
    return box;
}

template<typename Key>
void collect(const QList<Key> &keys, QList<Key> *order, QMap<Key, int> *counts)
{
    for (const Key &key : keys) {
        if (!counts->contains(key))
            order->append(key);
        ++(*counts)[key];
    }
}

} // namespace

HarFilterPanel::HarFilterPanel(const QList<HarEntry> &entries, QWidget *parent)
    : QWidget(parent)
{
    // Values in the order the capture first has them (hosts), or in their natural order.
    QList<QString> hostKeys, methodKeys;
    QList<int> typeKeys, statusKeys;
    for (const HarEntry &e : entries) {
        hostKeys.append(e.host);
        methodKeys.append(e.method);
        typeKeys.append(int(e.type));
        statusKeys.append(e.statusClass());
    }
    QList<QString> hostOrder, methodOrder;
    QList<int> typeOrder, statusOrder;
    QMap<QString, int> hostCounts, methodCounts;
    QMap<int, int> typeCounts, statusCounts;
    collect(hostKeys, &hostOrder, &hostCounts);
    collect(methodKeys, &methodOrder, &methodCounts);
    collect(typeKeys, &typeOrder, &typeCounts);
    collect(statusKeys, &statusOrder, &statusCounts);
    std::sort(typeOrder.begin(), typeOrder.end());
    std::sort(statusOrder.begin(), statusOrder.end(), [](int a, int b) {
        return (a == 0 ? 10 : a) < (b == 0 ? 10 : b); // "no response" last
    });

    QList<std::pair<QString, QVariant>> values;
    QList<int> counts;
    const auto reset = [&values, &counts] {
        values.clear();
        counts.clear();
    };
    for (const QString &host : std::as_const(hostOrder)) {
        values.append({host, host});
        counts.append(hostCounts.value(host));
    }
    m_hosts = checkList(QStringLiteral("harHosts"), values, counts, this);
    reset();
    for (const QString &method : std::as_const(methodOrder)) {
        values.append({method, method});
        counts.append(methodCounts.value(method));
    }
    m_methods = checkList(QStringLiteral("harMethods"), values, counts, this);
    reset();
    for (const int type : std::as_const(typeOrder)) {
        values.append({HarEntry::typeName(HarEntry::Type(type)), type});
        counts.append(typeCounts.value(type));
    }
    m_types = checkList(QStringLiteral("harTypes"), values, counts, this);
    reset();
    for (const int statusClass : std::as_const(statusOrder)) {
        values.append({HarEntry::statusClassName(statusClass), statusClass});
        counts.append(statusCounts.value(statusClass));
    }
    m_status = checkList(QStringLiteral("harStatusClasses"), values, counts, this);

    m_dropStatic = new QCheckBox(
        IoTr::tr("Drop static assets (images, fonts, scripts, style sheets, media)"), this);
    m_dropStatic->setObjectName(QStringLiteral("harDropStatic"));
    m_dropStatic->setToolTip(
        IoTr::tr("What a page loads to show itself rather than calls to an API"));
    m_dropStatic->setChecked(true);

    // As tall as the longest list needs, from 2 to 6 rows (then it scrolls): a capture of one
    // host should not leave the requests half the room.
    int rows = 2;
    for (const QListWidget *list : {m_hosts, m_methods, m_types, m_status})
        rows = std::max(rows, std::min(list->count(), 6));
    for (QListWidget *list : {m_hosts, m_methods, m_types, m_status}) {
        const int row
            = list->count() > 0 ? list->sizeHintForRow(0) : list->fontMetrics().height() + 4;
        list->setFixedHeight(rows * row + 2 * list->frameWidth() + 4);
    }

    auto *lists = new QHBoxLayout;
    lists->addWidget(framed(IoTr::tr("Hosts"), m_hosts, this), 3);
    lists->addWidget(framed(IoTr::tr("Methods"), m_methods, this), 1);
    lists->addWidget(framed(IoTr::tr("Types"), m_types, this), 1);
    lists->addWidget(framed(IoTr::tr("Status"), m_status, this), 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_dropStatic);
    layout->addLayout(lists);

    refreshStaticTypes();
    connect(m_dropStatic, &QCheckBox::toggled, this, [this] {
        refreshStaticTypes();
        Q_EMIT filterChanged();
    });
    for (QListWidget *list : {m_hosts, m_methods, m_types, m_status})
        connect(list, &QListWidget::itemChanged, this, &HarFilterPanel::filterChanged);
}

void HarFilterPanel::refreshStaticTypes()
{
    const QSignalBlocker block(m_types); // a look, not a change of the filter
    for (int i = 0; i < m_types->count(); ++i) {
        QListWidgetItem *item = m_types->item(i);
        const bool dropped = m_dropStatic->isChecked()
            && HarEntry::isStatic(HarEntry::Type(item->data(Qt::UserRole).toInt()));
        item->setFlags(dropped ? Qt::ItemFlags(Qt::ItemIsUserCheckable)
                               : Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
        item->setToolTip(dropped ? IoTr::tr("Left out by \"Drop static assets\"") : item->text());
    }
}

HarFilter HarFilterPanel::filter() const
{
    HarFilter filter;
    filter.dropStatic = m_dropStatic->isChecked();
    const auto unticked
        = [](const QListWidget *list, const std::function<void(const QVariant &)> &add) {
              for (int i = 0; i < list->count(); ++i) {
                  if (list->item(i)->checkState() != Qt::Checked)
                      add(list->item(i)->data(Qt::UserRole));
              }
          };
    unticked(m_hosts, [&](const QVariant &v) { filter.hiddenHosts.insert(v.toString()); });
    unticked(m_methods, [&](const QVariant &v) { filter.hiddenMethods.insert(v.toString()); });
    unticked(m_types,
             [&](const QVariant &v) { filter.hiddenTypes.append(HarEntry::Type(v.toInt())); });
    unticked(m_status, [&](const QVariant &v) { filter.hiddenStatusClasses.append(v.toInt()); });
    return filter;
}

} // namespace batchlab

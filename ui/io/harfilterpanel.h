// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "runs/io/harfilter.h"

#include <QWidget>

class QCheckBox;
class QListWidget;

namespace batchlab {

/// The filters of a HAR import: the "Drop static assets" switch (on at first) and one
/// checkable list each of the hosts, methods, resource types and status classes the entries
/// have, each value with how many entries have it. Unticking a value leaves its requests out.
class HarFilterPanel : public QWidget
{
    Q_OBJECT

public:
    explicit HarFilterPanel(const QList<HarEntry> &entries, QWidget *parent = nullptr);

    HarFilter filter() const;

    QCheckBox *dropStatic() const { return m_dropStatic; }
    QListWidget *hosts() const { return m_hosts; }
    QListWidget *methods() const { return m_methods; }
    QListWidget *types() const { return m_types; }
    QListWidget *statusClasses() const { return m_status; }

Q_SIGNALS:
    void filterChanged();

private:
    /// Static types cannot be ticked back while the switch leaves them out: greyed, not hidden.
    void refreshStaticTypes();

    QCheckBox *m_dropStatic;
    QListWidget *m_hosts;
    QListWidget *m_methods;
    QListWidget *m_types;
    QListWidget *m_status;
};

} // namespace batchlab

// SPDX-License-Identifier: BSD-3-Clause
#include "io/importdialog.h"
#include "io/harfilterpanel.h"
#include "io/iotr.h"

#include "runs/io/harfilter.h"
#include "runs/io/interchange.h"
#include "wire/serverprofile.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHash>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace batchlab {

namespace {

enum HarColumn { NameColumn, MethodColumn, TypeColumn, StatusColumn, UrlColumn };

/// The request rows' index into the imported set.
constexpr int IndexRole = Qt::UserRole;

} // namespace

ImportDialog::ImportDialog(const QString &fileName, const ImportResult &result, QWidget *parent)
    : ImportDialog(fileName, result, {}, parent)
{
}

ImportDialog::ImportDialog(const QString &fileName, const ImportResult &result, const QList<HarEntry> &harEntries,
                           QWidget *parent)
    : QDialog(parent)
    , m_result(result)
{
    // Facts that do not match the requests one for one cannot filter them: the plain dialog.
    const bool har = !harEntries.isEmpty() && harEntries.size() == result.set.requests.size();
    if (har)
        m_entries = harEntries;

    setWindowTitle(IoTr::tr("Import %1").arg(QFileInfo(fileName).fileName()));
    // A HAR's summary does not say "Imported": the filter below decides how many come in.
    const QString said = har ? IoTr::tr("%1: %2, %3.")
                                   .arg(result.formatName,
                                        IoTr::tr("%n request(s) found", nullptr, int(result.set.requests.size())),
                                        IoTr::tr("%n entry(s) skipped", nullptr, int(result.skipped.size())))
                             : IoTr::tr("%1. %2").arg(result.formatName, result.summary());
    auto *summary = new QLabel(IoTr::tr("<b>%1</b> read as %2")
                                   .arg(QFileInfo(fileName).fileName().toHtmlEscaped(), said.toHtmlEscaped()),
                               this);
    summary->setObjectName(QStringLiteral("importSummary"));
    summary->setWordWrap(true);

    m_requests = new QTreeWidget(this);
    m_requests->setObjectName(QStringLiteral("importRequests"));
    m_requests->setTextElideMode(Qt::ElideMiddle); // a folder path's end names the request
    if (har) {
        m_requests->setHeaderLabels(
            {IoTr::tr("Name"), IoTr::tr("Method"), IoTr::tr("Type"), IoTr::tr("Status"), IoTr::tr("URL")});
        // Grouped by origin, in the order the capture first went there.
        QHash<QString, QTreeWidgetItem *> origins;
        for (int i = 0; i < int(result.set.requests.size()); ++i) {
            const RequestItem &item = result.set.requests.at(i);
            const HarEntry &entry = m_entries.at(i);
            QTreeWidgetItem *&origin = origins[entry.origin];
            if (!origin) {
                origin = new QTreeWidgetItem(m_requests);
                origin->setData(0, Qt::UserRole, entry.origin);
                origin->setFirstColumnSpanned(true);
                m_origins.append(origin);
            }
            auto *row = new QTreeWidgetItem(origin, {item.name, item.method, HarEntry::typeName(entry.type),
                                                      entry.status ? QString::number(entry.status) : IoTr::tr("none"),
                                                      item.url});
            row->setData(NameColumn, IndexRole, i);
            row->setToolTip(NameColumn, item.name);
            row->setToolTip(UrlColumn, item.url);
        }
        m_requests->expandAll();
        m_requests->setColumnWidth(NameColumn, 340);
        m_requests->setColumnWidth(MethodColumn, 70);
        m_requests->setColumnWidth(TypeColumn, 90);
        m_requests->setColumnWidth(StatusColumn, 60);
    } else {
        m_requests->setRootIsDecorated(false);
        m_requests->setHeaderLabels({IoTr::tr("Name"), IoTr::tr("Method"), IoTr::tr("URL")});
        for (const RequestItem &item : result.set.requests) {
            auto *row = new QTreeWidgetItem(m_requests, {item.name, item.method, item.url});
            row->setToolTip(0, item.name); // folder paths make long names
            row->setToolTip(2, item.url);
        }
        m_requests->setColumnWidth(0, 300);
        m_requests->setColumnWidth(1, 70);
    }

    // Every part of the input that did not come in as it was: nothing is dropped silently.
    m_report = new QTreeWidget(this);
    m_report->setObjectName(QStringLiteral("importReport"));
    m_report->setRootIsDecorated(false);
    m_report->setHeaderLabels({IoTr::tr("Where"), IoTr::tr("What")});
    const auto add = [this](const QString &where, const QString &what) {
        auto *row = new QTreeWidgetItem(m_report, {where, what});
        row->setToolTip(0, where);
        row->setToolTip(1, what);
        return row;
    };
    for (const ImportNote &note : result.skipped)
        add(note.where, IoTr::tr("skipped: %1").arg(note.what));
    for (const ImportNote &note : result.notes)
        add(note.where, note.what);
    if (har) {
        m_leftOut = new QTreeWidgetItem({IoTr::tr("filter"), QString()});
        m_report->insertTopLevelItem(0, m_leftOut);
    }
    m_report->setColumnWidth(0, 300);
    m_report->setTextElideMode(Qt::ElideMiddle);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_accept = buttons->addButton(IoTr::tr("Import"), QDialogButtonBox::AcceptRole);
    m_accept->setObjectName(QStringLiteral("importAccept"));
    m_accept->setEnabled(!result.set.requests.isEmpty());
    m_accept->setDefault(true);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(summary);
    if (har) {
        m_filter = new HarFilterPanel(m_entries, this);
        layout->addWidget(m_filter);
    }
    auto *requestsHeader = new QHBoxLayout;
    requestsHeader->addWidget(new QLabel(IoTr::tr("Requests"), this));
    requestsHeader->addStretch();
    if (har) {
        m_count = new QLabel(this);
        m_count->setObjectName(QStringLiteral("importCount"));
        requestsHeader->addWidget(m_count);
    }
    layout->addLayout(requestsHeader);
    layout->addWidget(m_requests, 3);
    if (har) {
        auto *target = new QHBoxLayout;
        m_useTarget = new QCheckBox(IoTr::tr("Use the suggested target:"), this);
        m_useTarget->setObjectName(QStringLiteral("useSuggestedTarget"));
        m_useTarget->setChecked(true);
        m_target = new QLabel(this);
        m_target->setObjectName(QStringLiteral("suggestedTarget"));
        m_target->setTextInteractionFlags(Qt::TextSelectableByMouse);
        m_target->setWordWrap(true);
        target->addWidget(m_useTarget);
        target->addWidget(m_target, 1);
        layout->addLayout(target);
    }
    layout->addWidget(new QLabel(IoTr::tr("Skipped and changed"), this));
    layout->addWidget(m_report, 1);
    layout->addWidget(buttons);
    resize(har ? 1040 : 960, har ? 740 : 600);

    if (har) {
        connect(m_filter, &HarFilterPanel::filterChanged, this, &ImportDialog::refreshHar);
        refreshHar();
    }
}

void ImportDialog::refreshHar()
{
    const HarFilter filter = m_filter->filter();
    m_picked = filter.select(m_entries);
    const int total = int(m_entries.size());
    const int picked = int(m_picked.size());

    for (QTreeWidgetItem *origin : std::as_const(m_origins)) {
        int shown = 0;
        for (int c = 0; c < origin->childCount(); ++c) {
            QTreeWidgetItem *row = origin->child(c);
            const bool in = filter.accepts(m_entries.at(row->data(NameColumn, IndexRole).toInt()));
            row->setHidden(!in);
            shown += in ? 1 : 0;
        }
        origin->setHidden(shown == 0);
        origin->setText(0, IoTr::tr("%1 — %2 of %n request(s)", nullptr, origin->childCount())
                               .arg(origin->data(0, Qt::UserRole).toString())
                               .arg(shown));
    }
    m_count->setText(IoTr::tr("%1 of %n request(s) will be imported", nullptr, total).arg(picked));
    m_accept->setEnabled(picked > 0);
    m_leftOut->setText(1, IoTr::tr("left out by the filter: %n request(s)", nullptr, total - picked));
    m_leftOut->setHidden(picked == total);

    m_suggestion = HarTargetSuggestion::from(m_result.set.requests, m_entries, m_picked);
    m_useTarget->setEnabled(!m_suggestion.isEmpty());
    if (m_suggestion.isEmpty()) {
        m_target->setText(IoTr::tr("none: no request is picked"));
    } else if (const ServerProfile *profile = ServerProfile::find(m_suggestion.profile)) {
        m_target->setText(IoTr::tr("%1, profile %2, batch path %3 (from %4)")
                              .arg(m_suggestion.baseUrl, profile->name, m_suggestion.batchPath, m_suggestion.reason));
    } else {
        m_target->setText(IoTr::tr("%1 (no batch server recognized in the traffic: the profile stays as it is)")
                              .arg(m_suggestion.baseUrl));
    }
}

RequestSet ImportDialog::chosenSet() const
{
    if (!m_filter)
        return m_result.set;
    RequestSet set = m_filter->filter().apply(m_result.set, m_entries);
    if (m_useTarget->isChecked())
        m_suggestion.applyTo(&set);
    return set;
}

std::optional<RequestSet> ImportDialog::ask(QWidget *parent, const QString &path)
{
    QList<HarEntry> harEntries;
    const ImportResult result = Interchange::importFile(path, &harEntries);
    if (!result.ok()) {
        QMessageBox::warning(parent, IoTr::tr("Cannot import"), result.error.toString());
        return std::nullopt;
    }
    ImportDialog dialog(path, result, harEntries, parent);
    if (dialog.exec() != QDialog::Accepted)
        return std::nullopt;
    return dialog.chosenSet();
}

} // namespace batchlab

// SPDX-License-Identifier: BSD-3-Clause
#include "io/importdialog.h"
#include "io/iotr.h"

#include "runs/io/interchange.h"

#include <QDialogButtonBox>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace batchlab {

ImportDialog::ImportDialog(const QString &fileName, const ImportResult &result, QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(IoTr::tr("Import %1").arg(QFileInfo(fileName).fileName()));
    auto *summary = new QLabel(IoTr::tr("<b>%1</b> read as %2. %3")
                                   .arg(QFileInfo(fileName).fileName().toHtmlEscaped(), result.formatName.toHtmlEscaped(),
                                        result.summary().toHtmlEscaped()),
                               this);
    summary->setObjectName(QStringLiteral("importSummary"));
    summary->setWordWrap(true);

    m_requests = new QTreeWidget(this);
    m_requests->setObjectName(QStringLiteral("importRequests"));
    m_requests->setRootIsDecorated(false);
    m_requests->setHeaderLabels({IoTr::tr("Name"), IoTr::tr("Method"), IoTr::tr("URL")});
    for (const RequestItem &item : result.set.requests)
        new QTreeWidgetItem(m_requests, {item.name, item.method, item.url});
    m_requests->header()->setSectionResizeMode(2, QHeaderView::Stretch);

    // Every part of the input that did not come in as it was: nothing is dropped silently.
    m_report = new QTreeWidget(this);
    m_report->setObjectName(QStringLiteral("importReport"));
    m_report->setRootIsDecorated(false);
    m_report->setHeaderLabels({IoTr::tr("Where"), IoTr::tr("What")});
    for (const ImportNote &note : result.skipped)
        new QTreeWidgetItem(m_report, {note.where, IoTr::tr("skipped: %1").arg(note.what)});
    for (const ImportNote &note : result.notes)
        new QTreeWidgetItem(m_report, {note.where, note.what});
    m_report->header()->setSectionResizeMode(1, QHeaderView::Stretch);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    QPushButton *accept = buttons->addButton(IoTr::tr("Import"), QDialogButtonBox::AcceptRole);
    accept->setObjectName(QStringLiteral("importAccept"));
    accept->setEnabled(!result.set.requests.isEmpty());
    accept->setDefault(true);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(summary);
    layout->addWidget(new QLabel(IoTr::tr("Requests"), this));
    layout->addWidget(m_requests, 3);
    layout->addWidget(new QLabel(IoTr::tr("Skipped and changed"), this));
    layout->addWidget(m_report, 1);
    layout->addWidget(buttons);
    resize(760, 520);
}

std::optional<RequestSet> ImportDialog::ask(QWidget *parent, const QString &path)
{
    const ImportResult result = Interchange::importFile(path);
    if (!result.ok()) {
        QMessageBox::warning(parent, IoTr::tr("Cannot import"), result.error.toString());
        return std::nullopt;
    }
    ImportDialog dialog(path, result, parent);
    if (dialog.exec() != QDialog::Accepted)
        return std::nullopt;
    return result.set;
}

} // namespace batchlab

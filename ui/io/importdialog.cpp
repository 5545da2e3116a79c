// SPDX-License-Identifier: BSD-3-Clause
#include "io/importdialog.h"
#include "io/iotr.h"

#include "runs/io/interchange.h"

#include <QDialogButtonBox>
#include <QFileInfo>
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
    for (const RequestItem &item : result.set.requests) {
        auto *row = new QTreeWidgetItem(m_requests, {item.name, item.method, item.url});
        row->setToolTip(0, item.name); // folder paths make long names
        row->setToolTip(2, item.url);
    }
    m_requests->setColumnWidth(0, 300);
    m_requests->setTextElideMode(Qt::ElideMiddle); // a folder path's end names the request
    m_requests->setColumnWidth(1, 70);

    // Every part of the input that did not come in as it was: nothing is dropped silently.
    m_report = new QTreeWidget(this);
    m_report->setObjectName(QStringLiteral("importReport"));
    m_report->setRootIsDecorated(false);
    m_report->setHeaderLabels({IoTr::tr("Where"), IoTr::tr("What")});
    const auto add = [this](const QString &where, const QString &what) {
        auto *row = new QTreeWidgetItem(m_report, {where, what});
        row->setToolTip(0, where);
        row->setToolTip(1, what);
    };
    for (const ImportNote &note : result.skipped)
        add(note.where, IoTr::tr("skipped: %1").arg(note.what));
    for (const ImportNote &note : result.notes)
        add(note.where, note.what);
    m_report->setColumnWidth(0, 300);
    m_report->setTextElideMode(Qt::ElideMiddle);

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
    resize(960, 600);
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

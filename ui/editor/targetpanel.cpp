// SPDX-License-Identifier: BSD-3-Clause
#include "editor/targetpanel.h"
#include "editor/editortr.h"

#include "editor/keyvalueeditor.h"
#include "editor/namechecks.h"
#include "editor/requestsetdocument.h"
#include "run/redaction.h"
#include "widgets/wheelguard.h"

#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>

namespace batchlab {

TargetPanel::TargetPanel(RequestSetDocument *document, const QUrl &sandboxUrl, QWidget *parent)
    : QWidget(parent)
    , m_document(document)
    , m_sandboxUrl(sandboxUrl)
{
    auto *form = new QFormLayout(this);
    form->setContentsMargins(0, 0, 0, 0);
    m_kind = new QComboBox(this);
    m_kind->setObjectName(QStringLiteral("targetKind"));
    WheelGuard::install(m_kind);
    m_kind->addItems({EditorTr::tr("Built-in sandbox"), EditorTr::tr("Another API")});
    m_kind->setToolTip(EditorTr::tr("The sandbox runs inside Batchlab on 127.0.0.1; its faults are in the "
                          "Sandbox faults dock."));
    form->addRow(EditorTr::tr("Run against"), m_kind);
    m_profile = new QComboBox(this);
    m_profile->setObjectName(QStringLiteral("targetProfile"));
    WheelGuard::install(m_profile);
    for (const ServerProfile &profile : ServerProfile::all()) {
        m_profile->addItem(profile.name, profile.id);
        m_profile->setItemData(m_profile->count() - 1, profile.note, Qt::ToolTipRole);
    }
    m_profile->setToolTip(EditorTr::tr("The kind of batch server: its wire format, its batch endpoint and "
                             "how many calls it takes in one batch. The sandbox speaks them all."));
    form->addRow(EditorTr::tr("Server"), m_profile);
    m_baseUrl = new QLineEdit(this);
    m_baseUrl->setObjectName(QStringLiteral("targetBaseUrl"));
    m_baseUrl->setPlaceholderText(QStringLiteral("https://api.example.com/v1"));
    m_baseUrl->setToolTip(EditorTr::tr("Relative request URLs are resolved against this."));
    form->addRow(EditorTr::tr("Base URL"), m_baseUrl);
    m_batchPath = new QLineEdit(this);
    m_batchPath->setObjectName(QStringLiteral("targetBatchPath"));
    m_batchPath->setToolTip(
        EditorTr::tr("Path of the batch endpoint on the same host, for example /v1.0/$batch."));
    form->addRow(EditorTr::tr("Batch path"), m_batchPath);
    m_headers = new KeyValueEditor(EditorTr::tr("Header"), EditorTr::tr("Value"),
                                   QStringLiteral("Authorization"), this);
    m_headers->setObjectName(QStringLiteral("targetHeaders"));
    m_headers->setNameCheck(checkHeaderName);
    m_headers->setVisibleRows(3);
    m_headers->setToolTip(EditorTr::tr(
        "Sent on every HTTP request to the target, the outer request of each batch included: "
        "Microsoft Graph and Google authenticate the batch request itself, not the calls in it. "
        "Headers of one request stay on that request (its Headers tab). Values may use "
        "{{variables}} (keep a token in a secret variable: Authorization: Bearer {{token}}), "
        "and {{env:NAME}} reads the environment variable NAME."));
    auto *headersTitle = new QLabel(EditorTr::tr("Headers sent with every HTTP request"), this);
    headersTitle->setToolTip(m_headers->toolTip());
    form->addRow(headersTitle);
    form->addRow(m_headers);
    m_endpoint = new QLabel(this);
    m_endpoint->setObjectName(QStringLiteral("targetEndpoint"));
    m_endpoint->setWordWrap(true);
    m_endpoint->setTextInteractionFlags(Qt::TextSelectableByMouse);
    form->addRow(m_endpoint);

    connect(m_kind, &QComboBox::activated, this, &TargetPanel::commit);
    connect(m_profile, &QComboBox::activated, this, &TargetPanel::commit);
    connect(m_baseUrl, &QLineEdit::editingFinished, this, &TargetPanel::commit);
    connect(m_batchPath, &QLineEdit::editingFinished, this, &TargetPanel::commit);
    connect(m_headers, &KeyValueEditor::edited, this, &TargetPanel::commitHeaders);
    connect(document, &RequestSetDocument::targetChanged, this, &TargetPanel::refresh);
    connect(document, &RequestSetDocument::wasReset, this, &TargetPanel::refresh);
    // The headers' {{variables}} may become defined, or undefined.
    connect(document, &RequestSetDocument::variablesChanged, this, &TargetPanel::refreshHeaders);
    refresh();
}

TargetPanel::~TargetPanel()
{
    // Closing a window commits the cell being edited as focus leaves it, from ~QWidget, when
    // this panel's members are gone: no edit or echo may reach it from then on.
    for (QObject *source : std::initializer_list<QObject *>{m_kind, m_profile, m_baseUrl, m_batchPath, m_headers})
        disconnect(source, nullptr, this, nullptr);
    if (m_document)
        disconnect(m_document, nullptr, this, nullptr);
}

void TargetPanel::refresh()
{
    const std::optional<TargetSpec> &target = m_document->set().target;
    const bool sandbox = !target || target->kind == TargetSpec::Kind::Sandbox;
    const ResolvedTarget r = ResolvedTarget::resolve(target, m_sandboxUrl);
    m_kind->setCurrentIndex(sandbox ? 0 : 1);
    m_profile->setCurrentIndex(m_profile->findData(r.profile->id));
    m_baseUrl->setEnabled(!sandbox);
    m_batchPath->setEnabled(!sandbox);
    m_baseUrl->setText(sandbox ? m_sandboxUrl.toString() : target->baseUrl);
    m_batchPath->setText(sandbox ? r.batchPath : target->batchPath);
    refreshHeaders();
    if (!r.error.isEmpty()) {
        m_endpoint->setText(
            QStringLiteral("<span style='color:#b00020'>%1</span>").arg(r.error.toHtmlEscaped()));
        return;
    }
    QUrl endpoint = r.base;
    endpoint.setPath(r.batchPath);
    endpoint.setQuery(QString());
    const QString limit = r.profile->serverLimit > 0
        ? EditorTr::tr(", at most %1 calls each").arg(r.profile->serverLimit)
        : QString();
    const QString format = r.profile->format == BatchFormat::Json ? EditorTr::tr("JSON")
        : r.profile->format == BatchFormat::Multipart               ? EditorTr::tr("multipart/mixed")
                                                                    : EditorTr::tr("JSON-RPC 2.0");
    // The headers by name only: their values are credentials.
    QStringList headerNames;
    for (const auto &[name, value] : target ? target->headers : QList<QPair<QString, QString>>())
        headerNames.append(name.toHtmlEscaped());
    const QString with = headerNames.isEmpty()
        ? QString()
        : EditorTr::tr(", with %1").arg(headerNames.join(QStringLiteral(", ")));
    m_endpoint->setText(EditorTr::tr("Batches go to POST %1 as %2%3%4")
                            .arg(endpoint.toString().toHtmlEscaped(), format, limit, with));
}

void TargetPanel::refreshHeaders()
{
    const RequestSet &set = m_document->set();
    const QList<QPair<QString, QString>> headers = set.target ? set.target->headers
                                                              : QList<QPair<QString, QString>>();
    m_headers->setPairs(headers);
    QStringList notes;
    QString unknown;
    set.targetHeaders(&unknown); // names the variables only, never a value
    if (!unknown.isEmpty())
        notes.append(unknown);
    // A credential written out in the table goes into the file with it.
    for (const auto &[name, value] : headers) {
        if (isSensitiveHeader(name.toLatin1()) && !value.trimmed().isEmpty()
            && !value.contains(QLatin1String("{{")))
            notes.append(EditorTr::tr("%1 is written out and saved with the set: put the value in "
                                      "a secret variable ({{token}}) or use {{env:NAME}}")
                             .arg(name));
    }
    m_headers->setNote(notes.join(u'\n'));
}

void TargetPanel::commit()
{
    const std::optional<TargetSpec> &before = m_document->set().target;
    const QString profileId = m_profile->currentData().toString();
    const ServerProfile *profile = ServerProfile::find(profileId);
    TargetSpec target;
    target.profile = profileId;
    // The headers are edited apart and go wherever the set runs.
    target.headers = before ? before->headers : QList<QPair<QString, QString>>();
    if (m_kind->currentIndex() == 0) {
        setTarget(target);
        refresh();
        return;
    }
    target.kind = TargetSpec::Kind::Url;
    const bool wasSandbox = !before || before->kind == TargetSpec::Kind::Sandbox;
    // Switching over from the sandbox starts from an empty URL, not the sandbox's own.
    target.baseUrl = wasSandbox ? QString() : m_baseUrl->text().trimmed();
    target.batchPath = m_batchPath->text().trimmed();
    // A new server kind brings its usual endpoint; an edited path stays otherwise.
    if (wasSandbox || before->profile != profileId)
        target.batchPath = profile->batchPath;
    setTarget(target);
    refresh();
    if (wasSandbox)
        m_baseUrl->setFocus();
}

void TargetPanel::commitHeaders()
{
    TargetSpec target = m_document->set().target.value_or(TargetSpec());
    target.headers = m_headers->pairs();
    setTarget(target);
}

void TargetPanel::setTarget(const TargetSpec &target)
{
    m_document->setTarget(target == TargetSpec() ? std::nullopt : std::optional<TargetSpec>(target));
}

} // namespace batchlab

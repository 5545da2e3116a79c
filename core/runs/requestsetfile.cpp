// SPDX-License-Identifier: BSD-3-Clause
#include "runs/requestsetfile.h"
#include "runs/environmentsblock.h"
#include "runs/expectationjson.h"
#include "runs/fieldreader.h"
#include "runs/requestorder.h"
#include "runs/runstr.h"
#include "runs/settingsblocks.h"

#include "wire/jsonwire.h"
#include "wire/serverprofile.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

#include <algorithm>
#include <cmath>

namespace batchlab {

namespace {

/// Line and column (1-based) of a byte offset.
QPair<int, int> position(const QByteArray &data, qsizetype offset)
{
    offset = qBound<qsizetype>(0, offset, data.size());
    const QByteArrayView before(data.constData(), offset);
    const int line = int(before.count('\n')) + 1;
    const qsizetype lineStart = before.lastIndexOf('\n') + 1;
    return {line, int(QString::fromUtf8(data.mid(lineStart, offset - lineStart)).size()) + 1};
}

/// Where `quoted` ("key" with its quotes) names a member of the object that starts at
/// `object` itself, not of one nested in it (a JSON body's "id" is not the request's); -1 when
/// it names none.
qsizetype memberAt(const QByteArray &data, qsizetype object, const QByteArray &quoted)
{
    int depth = 0;
    for (qsizetype i = object; i < data.size(); ++i) {
        const char c = data.at(i);
        if (c == '"') {
            const qsizetype start = i;
            for (++i; i < data.size() && data.at(i) != '"'; ++i) {
                if (data.at(i) == '\\')
                    ++i;
            }
            qsizetype next = i + 1;
            while (next < data.size() && QChar::isSpace(uchar(data.at(next))))
                ++next;
            if (depth == 1 && next < data.size() && data.at(next) == ':'
                && QByteArrayView(data).sliced(start, qMin(i + 1, data.size()) - start) == quoted)
                return start;
        } else if (c == '{' || c == '[') {
            ++depth;
        } else if ((c == '}' || c == ']') && --depth == 0) {
            return -1;
        }
    }
    return -1;
}

/// Finds where `field` (a path such as requests[3].method) sits in the text, for the error's
/// line and column. A good guess is enough: it points the user at the right place.
qsizetype locate(const QByteArray &data, const QString &field)
{
    qsizetype at = qMax<qsizetype>(0, data.indexOf('{'));
    for (const QString &part : field.split(u'.')) {
        const qsizetype bracket = part.indexOf(u'[');
        const QString key = bracket < 0 ? part : part.left(bracket);
        const QByteArray quoted = QByteArray("\"") + key.toUtf8() + '"';
        const qsizetype found = at < data.size() && data.at(at) == '{' ? memberAt(data, at, quoted)
                                                                       : data.indexOf(quoted, at);
        if (found < 0)
            return at;
        at = found;
        if (bracket >= 0) {
            // Skip to the n-th element by counting top-level objects after the key.
            const int index = part.mid(bracket + 1, part.size() - bracket - 2).toInt();
            int depth = 0;
            int seen = -1;
            for (qsizetype i = data.indexOf('[', at); i >= 0 && i < data.size(); ++i) {
                const char c = data.at(i);
                if (c == '{' || c == '[') {
                    if (++depth == 2 && ++seen == index) {
                        at = i;
                        break;
                    }
                } else if (c == '}' || c == ']') {
                    if (--depth == 0)
                        break;
                }
            }
        }
    }
    return at;
}

/// Whether a body is a JSON object or array, to be written into the file as JSON, so that it
/// reads and diffs as such.
bool isJsonBody(const QString &body)
{
    // Spliced into the file as it is, so nothing but JSON whitespace may come before it (a
    // byte-order mark, say, which Qt's parser skips, would break the file).
    const QString trimmed = body.trimmed();
    if (!trimmed.startsWith(u'{') && !trimmed.startsWith(u'['))
        return false;
    return !QJsonDocument::fromJson(body.toUtf8()).isNull() && body == body.trimmed();
}

/// The marker a JSON body stands in for while the file is written; serialize() splices the
/// body's own text in its place, so that it is saved byte for byte: through QJsonValue its
/// keys would be sorted, its layout redone and numbers beyond 2^53 rounded.
QString bodyMarker(qsizetype index)
{
    return QStringLiteral("@@batchlab-body-%1@@").arg(index);
}

QJsonArray headersToJson(const QList<QPair<QString, QString>> &headers)
{
    QJsonArray array;
    for (const auto &[name, value] : headers)
        array.append(QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("value"), value}});
    return array;
}

/// The "headers" array of `o`, each a {name, value}; `at` names `o` in error messages.
QList<QPair<QString, QString>> headersFromJson(const QJsonObject &o, const QString &at, FieldReader &r,
                                               const QString &key = QStringLiteral("headers"))
{
    QList<QPair<QString, QString>> out;
    const QJsonValue headers = o.value(key);
    if (!headers.isUndefined() && !headers.isArray())
        r.fail(at + key, RunsTr::tr("expected an array of {name, value}"));
    const QJsonArray array = headers.toArray();
    for (qsizetype h = 0; r.ok() && h < array.size(); ++h) {
        const QString hat = at + key + QStringLiteral("[%1].").arg(h);
        const QJsonObject header = array.at(h).toObject();
        out.append({r.string(header, "name", hat, true), r.string(header, "value", hat, false)});
    }
    return out;
}

/// A request's id, change set and dependencies (version 2), each as the file may have them.
void readOrder(const QJsonObject &o, const QString &at, RequestItem *item, FieldReader &r)
{
    item->id = r.string(o, "id", at, false);
    if (r.ok() && o.contains(QStringLiteral("id")) && item->id.isEmpty())
        r.fail(at + QStringLiteral("id"), RunsTr::tr("must not be empty (leave it out for none)"));
    item->group = r.string(o, "group", at, false);
    if (r.ok() && o.contains(QStringLiteral("group")) && item->group.trimmed().isEmpty())
        r.fail(at + QStringLiteral("group"), RunsTr::tr("must not be empty (leave it out for none)"));
    const QJsonValue needs = o.value(QStringLiteral("dependsOn"));
    if (needs.isUndefined() || !r.ok())
        return;
    if (!needs.isArray()) {
        r.fail(at + QStringLiteral("dependsOn"), RunsTr::tr("expected an array of request ids"));
        return;
    }
    const QJsonArray array = needs.toArray();
    for (qsizetype k = 0; k < array.size(); ++k) {
        if (!array.at(k).isString()) {
            r.fail(at + QStringLiteral("dependsOn[%1]").arg(k), RunsTr::tr("expected a request id (a string)"));
            return;
        }
        item->dependsOn.append(array.at(k).toString());
    }
}

QString profileIds()
{
    QStringList ids;
    for (const ServerProfile &profile : ServerProfile::all())
        ids.append(profile.id);
    return ids.join(QStringLiteral(", "));
}

// The batch block is the batch knobs (KnobTable, as SettingsBlocks writes the others) and
// batchPath, a setting of the target rather than a knob.
QJsonObject batchToJson(const BatchConfig &batch)
{
    ClientConfig c;
    c.batch = batch;
    QJsonObject o = SettingsBlocks::knobsToJson("batch", c);
    o.insert(QStringLiteral("batchPath"), batch.batchPath);
    return o;
}

BatchConfig batchFromJson(QJsonObject o, FieldReader &r)
{
    const QString at = QStringLiteral("batch.");
    const QString dedup = QStringLiteral("deduplicate");
    if (o.value(dedup).isBool()) // files written before the scope existed: on meant "safe" in effect
        o.insert(dedup, dedupScopeName(o.value(dedup).toBool() ? DedupScope::Safe : DedupScope::Off));
    ClientConfig c;
    SettingsBlocks::readKnobs("batch", o, r, &c);
    c.batch.batchPath = r.string(o, "batchPath", at, false, c.batch.batchPath);
    if (r.ok() && !c.batch.validate().isEmpty())
        r.fail(QStringLiteral("batch"), c.batch.validate());
    return c.batch;
}

} // namespace

QString FileError::toString() const
{
    QString text = file.isEmpty() ? QString() : file + u':';
    if (line > 0)
        text += QStringLiteral("%1:%2:").arg(line).arg(column);
    if (!text.isEmpty())
        text += u' ';
    if (!field.isEmpty())
        text += field + QStringLiteral(": ");
    return text + message;
}

QJsonObject RequestSetFile::toJson(const BatchConfig &batch)
{
    return batchToJson(batch);
}

QByteArray RequestSetFile::serialize(const RequestSet &set)
{
    QJsonArray variables;
    for (const Variable &v : set.variables) {
        // A secret's value stays in memory: the file says only that it is needed.
        QJsonObject variable{{QStringLiteral("name"), v.name},
                             {QStringLiteral("value"), v.secret ? QString() : v.value}};
        if (v.secret)
            variable.insert(QStringLiteral("secret"), true);
        variables.append(variable);
    }
    QJsonArray requests;
    for (const RequestItem &item : set.requests) {
        QJsonObject object{{QStringLiteral("name"), item.name},
                           {QStringLiteral("method"), item.method},
                           {QStringLiteral("url"), item.url}};
        if (!item.enabled)
            object.insert(QStringLiteral("enabled"), false);
        if (!item.headers.isEmpty())
            object.insert(QStringLiteral("headers"), headersToJson(item.headers));
        if (!item.disabledHeaders.isEmpty())
            object.insert(QStringLiteral("disabledHeaders"), headersToJson(item.disabledHeaders));
        if (!item.disabledQuery.isEmpty())
            object.insert(QStringLiteral("disabledQuery"), headersToJson(item.disabledQuery));
        if (!item.body.isEmpty())
            object.insert(QStringLiteral("body"), isJsonBody(item.body) ? bodyMarker(requests.size()) : item.body);
        if (!item.id.isEmpty())
            object.insert(QStringLiteral("id"), item.id);
        if (!item.group.isEmpty())
            object.insert(QStringLiteral("group"), item.group);
        if (!item.dependsOn.isEmpty())
            object.insert(QStringLiteral("dependsOn"), QJsonArray::fromStringList(item.dependsOn));
        if (!item.expect.isEmpty())
            object.insert(QStringLiteral("expect"), ExpectationJson::write(item.expect));
        if (item.atMs)
            object.insert(QStringLiteral("at"), *item.atMs);
        requests.append(object);
    }
    // The oldest version that holds what the set uses: an older Batchlab ignores what it does
    // not know, and would run the calls without their change sets and dependencies (2), or
    // with other settings than the file's (3), or without its environments (4), or without
    // the calls' times in the traffic they were imported from (5), or would drop the headers
    // and query parameters turned off, or not know the arrival "as recorded" (6).
    const bool ordered = std::any_of(set.requests.cbegin(), set.requests.cend(), [](const RequestItem &item) {
        return !item.group.isEmpty() || !item.dependsOn.isEmpty();
    });
    const bool checked = std::any_of(set.requests.cbegin(), set.requests.cend(), [](const RequestItem &item) {
        return !item.expect.isEmpty();
    });
    const bool timed = std::any_of(set.requests.cbegin(), set.requests.cend(),
                                   [](const RequestItem &item) { return item.atMs.has_value(); });
    const bool switchedOff = std::any_of(set.requests.cbegin(), set.requests.cend(), [](const RequestItem &item) {
        return !item.disabledHeaders.isEmpty() || !item.disabledQuery.isEmpty();
    }) || (set.plan && set.plan->arrival == ArrivalPattern::Recorded);
    const int version = switchedOff                            ? 6
                        : timed                                ? 5
                        : EnvironmentsBlock::any(set) || checked ? 4
                        : SettingsBlocks::any(set)             ? 3
                        : ordered                              ? 2
                                                               : 1;
    QJsonObject root{{QStringLiteral("format"), QLatin1String(kFormat)},
                     {QStringLiteral("version"), version},
                     {QStringLiteral("name"), set.name},
                     {QStringLiteral("variables"), variables},
                     {QStringLiteral("requests"), requests}};
    if (!set.description.isEmpty())
        root.insert(QStringLiteral("description"), set.description);
    if (set.batch)
        root.insert(QStringLiteral("batch"), batchToJson(*set.batch));
    SettingsBlocks::write(set, &root);
    EnvironmentsBlock::write(set, &root);
    if (set.target) {
        QJsonObject target{{QStringLiteral("kind"), set.target->kind == TargetSpec::Kind::Sandbox
                                                        ? QStringLiteral("sandbox")
                                                        : QStringLiteral("url")}};
        if (set.target->kind == TargetSpec::Kind::Url) {
            target.insert(QStringLiteral("baseUrl"), set.target->baseUrl);
            target.insert(QStringLiteral("batchPath"), set.target->batchPath);
        }
        if (set.target->profile != ServerProfile::defaultProfile().id)
            target.insert(QStringLiteral("profile"), set.target->profile);
        if (!set.target->headers.isEmpty())
            target.insert(QStringLiteral("headers"), headersToJson(set.target->headers));
        root.insert(QStringLiteral("target"), target);
    }
    QByteArray text = QJsonDocument(root).toJson(QJsonDocument::Indented);
    for (qsizetype i = 0; i < set.requests.size(); ++i) {
        const QString &body = set.requests.at(i).body;
        if (!body.isEmpty() && isJsonBody(body))
            text.replace(QByteArray('"' + bodyMarker(i).toUtf8() + '"'), body.toUtf8());
    }
    return text;
}

bool RequestSetFile::parse(const QByteArray &data, RequestSet *set, FileError *error)
{
    *error = FileError{error->file, 0, 0, {}, {}};
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(data, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        const auto [line, column] = position(data, parseError.offset);
        error->line = line;
        error->column = column;
        error->message = RunsTr::tr("not valid JSON: %1").arg(parseError.errorString());
        return false;
    }
    FieldReader r(error);
    const QJsonObject root = doc.object();
    if (!doc.isObject()) {
        r.fail({}, RunsTr::tr("expected a JSON object"));
    } else if (root.value(QStringLiteral("format")).toString() != QLatin1String(kFormat)) {
        r.fail(QStringLiteral("format"), RunsTr::tr("this is not a Batchlab request set (expected \"%1\")").arg(QLatin1String(kFormat)));
    } else if (const int version = r.integer(root, "version", {}, 0, 1); r.ok() && version > kVersion) {
        r.fail(QStringLiteral("version"), RunsTr::tr("version %1 is newer than this Batchlab reads (%2)").arg(version).arg(kVersion));
    }

    RequestSet result;
    if (r.ok()) {
        result.name = r.string(root, "name", {}, false);
        result.description = r.string(root, "description", {}, false);
        const QJsonValue variables = root.value(QStringLiteral("variables"));
        if (!variables.isUndefined() && !variables.isArray())
            r.fail(QStringLiteral("variables"), RunsTr::tr("expected an array"));
        const QJsonArray variableArray = variables.toArray();
        for (qsizetype i = 0; r.ok() && i < variableArray.size(); ++i) {
            const QString at = QStringLiteral("variables[%1].").arg(i);
            if (!variableArray.at(i).isObject()) {
                r.fail(at.chopped(1), RunsTr::tr("expected an object"));
                break;
            }
            const QJsonObject v = variableArray.at(i).toObject();
            Variable variable{r.string(v, "name", at, true), r.string(v, "value", at, false),
                              r.boolean(v, "secret", at, false)};
            if (r.ok() && variable.name.isEmpty())
                r.fail(at + QStringLiteral("name"), RunsTr::tr("must not be empty"));
            result.variables.append(variable);
        }
        const QJsonValue requests = root.value(QStringLiteral("requests"));
        if (!requests.isArray())
            r.fail(QStringLiteral("requests"), requests.isUndefined() ? RunsTr::tr("missing") : RunsTr::tr("expected an array"));
        const QJsonArray requestArray = requests.toArray();
        const QList<QByteArray> rawBodies = jsonwire::rawMembers(data, "requests", "body", true);
        for (qsizetype i = 0; r.ok() && i < requestArray.size(); ++i) {
            const QString at = QStringLiteral("requests[%1].").arg(i);
            if (!requestArray.at(i).isObject()) {
                r.fail(at.chopped(1), RunsTr::tr("expected an object"));
                break;
            }
            const QJsonObject o = requestArray.at(i).toObject();
            RequestItem item;
            item.enabled = r.boolean(o, "enabled", at, true);
            item.name = r.string(o, "name", at, false);
            item.method = r.string(o, "method", at, true);
            item.url = r.string(o, "url", at, true);
            item.headers = headersFromJson(o, at, r);
            item.disabledHeaders = headersFromJson(o, at, r, QStringLiteral("disabledHeaders"));
            item.disabledQuery = headersFromJson(o, at, r, QStringLiteral("disabledQuery"));
            const QJsonValue body = o.value(QStringLiteral("body"));
            if (body.isString())
                item.body = body.toString();
            else if (body.isObject() || body.isArray())
                item.body = QString::fromUtf8(rawBodies.value(i)); // as the file has it
            else if (!body.isUndefined() && !body.isNull())
                r.fail(at + QStringLiteral("body"), RunsTr::tr("expected text or JSON"));
            readOrder(o, at, &item, r);
            ExpectationJson::read(o, at, &item.expect, r);
            if (r.ok() && o.contains(QStringLiteral("at"))) {
                // Whole milliseconds, up to what a double holds exactly.
                const double ms = r.real(o, "at", at, 0, 0, 9007199254740991.0);
                if (r.ok() && ms != std::floor(ms))
                    r.fail(at + QStringLiteral("at"), RunsTr::tr("expected whole milliseconds"));
                item.atMs = qint64(ms);
            }
            result.requests.append(item);
        }
        if (r.ok()) {
            // What only the whole list can say: ids, dependencies and change sets together.
            const RequestOrder order(result.requests);
            if (const RequestOrder::Problem &problem = order.problem(); problem.isProblem())
                r.fail(QStringLiteral("requests[%1].%2").arg(problem.request).arg(problem.field), problem.message);
        }
        if (r.ok() && root.contains(QStringLiteral("batch"))) {
            if (!root.value(QStringLiteral("batch")).isObject())
                r.fail(QStringLiteral("batch"), RunsTr::tr("expected an object"));
            else
                result.batch = batchFromJson(root.value(QStringLiteral("batch")).toObject(), r);
        }
        if (r.ok() && root.contains(QStringLiteral("target"))) {
            const QJsonObject t = root.value(QStringLiteral("target")).toObject();
            TargetSpec target;
            target.kind = TargetSpec::Kind(r.choice(t, "kind", QStringLiteral("target."), {"sandbox", "url"}, 0));
            if (target.kind == TargetSpec::Kind::Url) {
                target.baseUrl = r.string(t, "baseUrl", QStringLiteral("target."), true);
                target.batchPath = r.string(t, "batchPath", QStringLiteral("target."), false, target.batchPath);
            }
            target.profile = r.string(t, "profile", QStringLiteral("target."), false, target.profile);
            target.headers = headersFromJson(t, QStringLiteral("target."), r);
            if (r.ok() && !ServerProfile::find(target.profile))
                r.fail(QStringLiteral("target.profile"),
                       RunsTr::tr("unknown server profile \"%1\"; known: %2").arg(target.profile, profileIds()));
            result.target = target;
        }
        SettingsBlocks::read(root, &result, r);
        EnvironmentsBlock::read(root, &result, r);
    }
    if (!r.ok()) {
        if (!error->field.isEmpty()) {
            const auto [line, column] = position(data, locate(data, error->field));
            error->line = line;
            error->column = column;
        }
        return false;
    }
    *set = std::move(result);
    return true;
}

bool RequestSetFile::load(const QString &path, RequestSet *set, FileError *error)
{
    error->file = path;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        error->message = RunsTr::tr("cannot open: %1").arg(file.errorString());
        return false;
    }
    return parse(file.readAll(), set, error);
}

bool RequestSetFile::save(const QString &path, const RequestSet &set, FileError *error)
{
    *error = FileError{path, 0, 0, {}, {}};
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        error->message = RunsTr::tr("cannot write: %1").arg(file.errorString());
        return false;
    }
    file.write(serialize(set));
    if (!file.commit()) {
        error->message = RunsTr::tr("cannot write: %1").arg(file.errorString());
        return false;
    }
    return true;
}

} // namespace batchlab

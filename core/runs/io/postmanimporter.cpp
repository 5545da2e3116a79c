// SPDX-License-Identifier: BSD-3-Clause
#include "runs/io/postmanimporter.h"
#include "runs/io/postmanauth.h"
#include "runs/io/postmanbody.h"
#include "runs/runstr.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace batchlab {

namespace {

QByteArray withoutBom(const QByteArray &data)
{
    return data.startsWith("\xEF\xBB\xBF") ? data.mid(3) : data;
}

/// Postman descriptions are text or {content, type}.
QString description(const QJsonValue &value)
{
    return value.isObject() ? value.toObject().value(QStringLiteral("content")).toString() : value.toString();
}

/// One walk over a collection: fills `result`, stops at the first structural problem.
class Reader
{
public:
    explicit Reader(ImportResult *result) : m_result(result) {}

    bool failed() const { return m_result->error.isError(); }
    void fail(const QString &field, const QString &message)
    {
        if (!failed()) {
            m_result->error.field = field;
            m_result->error.message = message;
        }
    }
    void note(const QString &where, const QString &what) { m_result->notes.append({where, what}); }

    QString settingsJson; ///< the `batchlab` variable's value, when there is one

    void variables(const QJsonObject &owner, const QString &where, const QString &field, bool collection)
    {
        // v2.1 writes `variable`; some v2.0 exporters wrote `variables`.
        for (const char *key : {"variable", "variables"}) {
            const QJsonValue list = owner.value(QLatin1String(key));
            if (list.isUndefined() || list.isNull())
                continue;
            if (!list.isArray())
                return fail(field + QLatin1String(key), RunsTr::tr("expected an array"));
            const QJsonArray array = list.toArray();
            for (qsizetype i = 0; i < array.size(); ++i) {
                const QJsonObject v = array.at(i).toObject();
                const QString name = v.contains(QStringLiteral("key")) ? PostmanBody::text(v.value(QStringLiteral("key")))
                                                                        : PostmanBody::text(v.value(QStringLiteral("id")));
                const QString value = PostmanBody::text(v.value(QStringLiteral("value")));
                if (name.isEmpty())
                    continue;
                if (PostmanBody::isOff(v)) {
                    note(where, RunsTr::tr("disabled variable \"%1\" was left out").arg(name));
                    continue;
                }
                if (collection && name == QLatin1String(PostmanImporter::kSettingsVariable)
                    && value.contains(QLatin1String(RequestSetFile::kFormat))) {
                    settingsJson = value;
                    continue;
                }
                auto &set = m_result->set.variables;
                const auto same = std::find_if(set.begin(), set.end(), [&](const Variable &x) { return x.name == name; });
                if (same == set.end())
                    set.append({name, value, false});
                else if (same->value != value)
                    note(where, RunsTr::tr("variable \"%1\" is also defined elsewhere with another value; the "
                                           "first (\"%2\") was kept")
                                    .arg(name, same->value));
            }
        }
    }

    void events(const QJsonObject &owner, const QString &where)
    {
        for (const QJsonValue &e : owner.value(QStringLiteral("event")).toArray()) {
            const QJsonObject event = e.toObject();
            const QJsonValue exec = event.value(QStringLiteral("script")).toObject().value(QStringLiteral("exec"));
            const bool empty = exec.isArray() ? exec.toArray().isEmpty() || (exec.toArray().size() == 1 && exec.toArray().at(0).toString().trimmed().isEmpty())
                                              : exec.toString().trimmed().isEmpty();
            if (empty)
                continue;
            const QString listen = event.value(QStringLiteral("listen")).toString();
            note(where, listen == QLatin1String("prerequest") ? RunsTr::tr("the pre-request script was not run")
                        : listen == QLatin1String("test")     ? RunsTr::tr("the test script was not run")
                                                              : RunsTr::tr("the \"%1\" script was not run").arg(listen));
        }
    }

    void items(const QJsonValue &list, const QString &field, const QString &prefix, const QJsonObject &auth)
    {
        if (!list.isArray())
            return fail(field, list.isUndefined() ? RunsTr::tr("missing") : RunsTr::tr("expected an array"));
        const QJsonArray array = list.toArray();
        for (qsizetype i = 0; i < array.size() && !failed(); ++i) {
            const QString at = QStringLiteral("%1[%2]").arg(field).arg(i);
            if (!array.at(i).isObject())
                return fail(at, RunsTr::tr("expected an object"));
            const QJsonObject item = array.at(i).toObject();
            const QString name = prefix + item.value(QStringLiteral("name")).toString();
            const QString where = RunsTr::tr("item \"%1\"").arg(name);
            const QJsonValue itemAuth = item.contains(QStringLiteral("request"))
                ? item.value(QStringLiteral("request")).toObject().value(QStringLiteral("auth"))
                : item.value(QStringLiteral("auth"));
            if (!itemAuth.isUndefined() && !itemAuth.isNull() && !itemAuth.isObject())
                return fail(at + (item.contains(QStringLiteral("request")) ? QStringLiteral(".request.auth") : QStringLiteral(".auth")),
                            RunsTr::tr("expected an object"));
            // Inheritance: the nearest auth wins; `noauth` is an auth that adds nothing.
            const QJsonObject effective = itemAuth.isObject() ? itemAuth.toObject() : auth;
            if (item.contains(QStringLiteral("item"))) {
                variables(item, where, at + u'.', false);
                events(item, where);
                items(item.value(QStringLiteral("item")), at + QStringLiteral(".item"), name + QStringLiteral(" / "), effective);
            } else if (item.contains(QStringLiteral("request"))) {
                variables(item, where, at + u'.', false);
                events(item, where);
                request(item, at, name, where, effective);
            } else {
                m_result->skipped.append({where, RunsTr::tr("neither a request nor a folder")});
            }
        }
    }

private:
    void request(const QJsonObject &item, const QString &at, const QString &name, const QString &where,
                 const QJsonObject &auth)
    {
        const QJsonValue r = item.value(QStringLiteral("request"));
        RequestItem out;
        out.name = name;
        QJsonObject request;
        QJsonValue url;
        if (r.isString()) {
            url = r;
        } else if (r.isObject()) {
            request = r.toObject();
            url = request.value(QStringLiteral("url"));
            const QString method = request.value(QStringLiteral("method")).toString();
            if (!method.isEmpty())
                out.method = method; // as written: Postman sends it so
        } else {
            return fail(at + QStringLiteral(".request"), RunsTr::tr("expected a URL or an object"));
        }
        QStringList disabled;
        if (url.isString()) {
            out.url = url.toString();
        } else if (url.isObject()) {
            out.url = urlFromObject(url.toObject(), &out.disabledQuery);
        } else if (!url.isUndefined() && !url.isNull()) {
            return fail(at + QStringLiteral(".request.url"), RunsTr::tr("expected a URL or an object"));
        }
        if (out.url.isEmpty()) {
            m_result->skipped.append({where, RunsTr::tr("the request has no URL")});
            return;
        }
        headers(request.value(QStringLiteral("header")), at + QStringLiteral(".request.header"), &out.headers,
                &out.disabledHeaders);
        if (failed())
            return;
        body(request.value(QStringLiteral("body")), at + QStringLiteral(".request.body"), where, &out, &disabled);
        if (failed())
            return;
        if (!disabled.isEmpty())
            note(where, RunsTr::tr("disabled parts were left out: %1").arg(disabled.join(QStringLiteral(", "))));
        // Kept as they were: turned off, not sent, written back off by the Postman export.
        QStringList off;
        for (const auto &[header, value] : std::as_const(out.disabledHeaders))
            off.append(RunsTr::tr("header \"%1\"").arg(header));
        for (const auto &[parameter, value] : std::as_const(out.disabledQuery))
            off.append(RunsTr::tr("query parameter \"%1\"").arg(parameter));
        if (!off.isEmpty())
            note(where, RunsTr::tr("kept turned off, as in Postman: %1").arg(off.join(QStringLiteral(", "))));
        const PostmanAuth::Applied applied = PostmanAuth::apply(auth);
        if (!applied.note.isEmpty())
            note(where, applied.note);
        if (!applied.header.first.isEmpty()) {
            if (PostmanBody::headerIndex(out.headers, applied.header.first) >= 0)
                note(where, RunsTr::tr("the auth's %1 header was left out: the request sets it itself").arg(applied.header.first));
            else
                out.headers.append(applied.header);
        }
        if (!applied.query.first.isEmpty()) {
            const qsizetype hash = out.url.indexOf(u'#');
            const QString param = PostmanBody::formEncode(applied.query.first) + u'=' + PostmanBody::formEncode(applied.query.second);
            const QString head = hash < 0 ? out.url : out.url.left(hash);
            out.url = head + (head.contains(u'?') ? u'&' : u'?') + param + (hash < 0 ? QString() : out.url.mid(hash));
        }
        const qsizetype responses = item.value(QStringLiteral("response")).toArray().size();
        if (responses > 0)
            note(where, responses == 1 ? RunsTr::tr("its saved example response was not imported")
                                       : RunsTr::tr("its %1 saved example responses were not imported").arg(responses));
        m_result->set.requests.append(out);
    }

    using Pairs = QList<QPair<QString, QString>>;

    static QString queryText(const QJsonArray &query, Pairs *disabled)
    {
        QStringList parts;
        for (const QJsonValue &q : query) {
            const QJsonObject o = q.toObject();
            const QString key = PostmanBody::text(o.value(QStringLiteral("key")));
            const QJsonValue value = o.value(QStringLiteral("value"));
            const QString part = value.isNull() || value.isUndefined() ? key : key + u'=' + PostmanBody::text(value);
            if (PostmanBody::isOff(o))
                disabled->append({key, PostmanBody::text(value)});
            else
                parts.append(part);
        }
        return parts.join(u'&');
    }

    static QString urlFromObject(const QJsonObject &u, Pairs *disabled)
    {
        const QJsonArray query = u.value(QStringLiteral("query")).toArray();
        const bool anyDisabled = std::any_of(query.begin(), query.end(), [](const QJsonValue &q) {
            return PostmanBody::isOff(q.toObject());
        });
        const QString raw = u.value(QStringLiteral("raw")).toString();
        if (!raw.isEmpty()) {
            if (!anyDisabled)
                return raw;
            // Postman's raw may still list the disabled parameters: they are taken out of it,
            // and the rest stays as written (empty parts, a bare "?").
            const qsizetype hash = raw.indexOf(u'#');
            const QString head = hash < 0 ? raw : raw.left(hash);
            const qsizetype q = head.indexOf(u'?');
            queryText(query, disabled);
            if (q < 0)
                return raw;
            QStringList parts = head.mid(q + 1).split(u'&');
            for (const auto &[key, value] : std::as_const(*disabled)) {
                qsizetype at = parts.indexOf(key + u'=' + value);
                if (at < 0)
                    at = parts.indexOf(key);
                if (at >= 0)
                    parts.removeAt(at);
            }
            const QString rest = parts.join(u'&');
            return head.left(q) + (rest.isEmpty() && parts.isEmpty() ? QString() : u'?' + rest)
                + (hash < 0 ? QString() : raw.mid(hash));
        }
        auto joined = [](const QJsonValue &v, QChar sep) {
            if (!v.isArray())
                return v.toString();
            QStringList parts;
            for (const QJsonValue &p : v.toArray())
                parts.append(p.isObject() ? PostmanBody::text(p.toObject().value(QStringLiteral("value"))) : PostmanBody::text(p));
            return parts.join(sep);
        };
        QString out;
        if (const QString protocol = u.value(QStringLiteral("protocol")).toString(); !protocol.isEmpty())
            out = protocol + QStringLiteral("://");
        out += joined(u.value(QStringLiteral("host")), u'.');
        if (const QString port = PostmanBody::text(u.value(QStringLiteral("port"))); !port.isEmpty())
            out += u':' + port;
        if (const QString path = joined(u.value(QStringLiteral("path")), u'/'); !path.isEmpty())
            out += (path.startsWith(u'/') ? QString() : QStringLiteral("/")) + path;
        if (const QString q = queryText(query, disabled); !q.isEmpty())
            out += u'?' + q;
        if (const QString hash = u.value(QStringLiteral("hash")).toString(); !hash.isEmpty())
            out += u'#' + hash;
        return out;
    }

    void headers(const QJsonValue &value, const QString &field, Pairs *out, Pairs *disabled)
    {
        if (value.isUndefined() || value.isNull())
            return;
        if (value.isString()) { // v2.0 allowed "Name: value\nName: value"
            for (const QString &line : value.toString().split(u'\n', Qt::SkipEmptyParts)) {
                const qsizetype colon = line.indexOf(u':');
                if (colon > 0)
                    out->append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
            }
            return;
        }
        if (!value.isArray())
            return fail(field, RunsTr::tr("expected an array"));
        const QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i) {
            if (!array.at(i).isObject())
                return fail(QStringLiteral("%1[%2]").arg(field).arg(i), RunsTr::tr("expected an object"));
            const QJsonObject h = array.at(i).toObject();
            const QString key = PostmanBody::text(h.value(QStringLiteral("key")));
            if (key.isEmpty())
                continue;
            if (PostmanBody::isOff(h))
                disabled->append({key, PostmanBody::text(h.value(QStringLiteral("value")))});
            else
                out->append({key, PostmanBody::text(h.value(QStringLiteral("value")))});
        }
    }

    void body(const QJsonValue &value, const QString &field, const QString &where, RequestItem *out, QStringList *disabled)
    {
        if (value.isUndefined() || value.isNull())
            return;
        if (!value.isObject())
            return fail(field, RunsTr::tr("expected an object"));
        QStringList notes;
        PostmanBody::read(value.toObject(), out, disabled, &notes);
        for (const QString &what : std::as_const(notes))
            note(where, what);
    }

    ImportResult *m_result;
};

/// Brings back what PostmanExporter keeps in the `batchlab` variable.
void restoreSettings(const QString &json, ImportResult *result)
{
    RequestSet saved;
    FileError error;
    if (!RequestSetFile::parse(json.toUtf8(), &saved, &error)) {
        result->notes.append({RunsTr::tr("variable \"%1\"").arg(QLatin1String(PostmanImporter::kSettingsVariable)),
                              RunsTr::tr("Batchlab's settings could not be read and were left out: %1").arg(error.toString())});
        return;
    }
    RequestSet &set = result->set;
    set.description = saved.description;
    set.batch = saved.batch;
    set.target = saved.target;
    set.retry = saved.retry;
    set.breaker = saved.breaker;
    set.cache = saved.cache;
    set.plan = saved.plan;
    set.sandbox = saved.sandbox;
    set.environments = saved.environments;
    set.environment = saved.environment;
    for (const Variable &v : std::as_const(saved.variables)) {
        for (Variable &mine : set.variables) {
            if (mine.name == v.name)
                mine.secret = v.secret;
        }
    }
    if (saved.requests.size() != set.requests.size()) {
        result->notes.append({RunsTr::tr("variable \"%1\"").arg(QLatin1String(PostmanImporter::kSettingsVariable)),
                              RunsTr::tr("the requests changed since Batchlab wrote them: their ids, change sets, "
                                         "dependencies and checks were left out")});
        return;
    }
    for (qsizetype i = 0; i < saved.requests.size(); ++i) {
        RequestItem &item = set.requests[i];
        const RequestItem &from = saved.requests.at(i);
        item.enabled = from.enabled;
        item.id = from.id;
        item.group = from.group;
        item.dependsOn = from.dependsOn;
        item.expect = from.expect;
    }
}

QPair<int, int> position(const QByteArray &data, qsizetype offset)
{
    const QByteArray before = data.left(offset);
    const int line = int(before.count('\n')) + 1;
    const qsizetype lineStart = before.lastIndexOf('\n') + 1;
    return {line, int(QString::fromUtf8(before.mid(lineStart)).size()) + 1};
}

} // namespace

QString PostmanImporter::format() const
{
    return QStringLiteral("postman");
}

QString PostmanImporter::name() const
{
    return RunsTr::tr("Postman collection v2.0 / v2.1");
}

int PostmanImporter::recognizes(const QByteArray &data) const
{
    const QByteArray json = withoutBom(data);
    if (!json.contains("\"info\""))
        return 0;
    const QJsonObject root = QJsonDocument::fromJson(json).object();
    const QJsonObject info = root.value(QStringLiteral("info")).toObject();
    const QString schema = info.value(QStringLiteral("schema")).toString();
    if (schema.contains(QLatin1String("getpostman.com")) && schema.contains(QLatin1String("collection")))
        return 100;
    if (info.contains(QStringLiteral("_postman_id")))
        return 90;
    return info.contains(QStringLiteral("name")) && root.value(QStringLiteral("item")).isArray() ? 30 : 0;
}

ImportResult PostmanImporter::read(const QByteArray &data, const QString &fileName) const
{
    ImportResult result;
    result.error.file = fileName;
    const QByteArray json = withoutBom(data);
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        const auto [line, column] = position(json, parseError.offset);
        result.error.line = line;
        result.error.column = column;
        result.error.message = RunsTr::tr("not valid JSON: %1").arg(parseError.errorString());
        return result;
    }
    Reader reader(&result);
    const QJsonObject root = doc.object();
    if (!doc.isObject())
        reader.fail({}, RunsTr::tr("expected a JSON object"));
    else if (!root.value(QStringLiteral("info")).isObject())
        reader.fail(QStringLiteral("info"), RunsTr::tr("missing: this is not a Postman collection"));
    if (reader.failed())
        return result;
    const QJsonObject info = root.value(QStringLiteral("info")).toObject();
    const QString schema = info.value(QStringLiteral("schema")).toString();
    if (schema.contains(QLatin1String("/v1.")))
        reader.fail(QStringLiteral("info.schema"), RunsTr::tr("Postman collection format v1 is not supported; "
                                                              "export it from Postman as v2.1"));
    result.set.name = info.value(QStringLiteral("name")).toString();
    result.set.description = description(info.value(QStringLiteral("description")));
    const QString collection = RunsTr::tr("collection");
    reader.variables(root, collection, {}, true);
    reader.events(root, collection);
    const QJsonValue auth = root.value(QStringLiteral("auth"));
    if (!auth.isUndefined() && !auth.isNull() && !auth.isObject())
        reader.fail(QStringLiteral("auth"), RunsTr::tr("expected an object"));
    if (!reader.failed())
        reader.items(root.value(QStringLiteral("item")), QStringLiteral("item"), {}, auth.toObject());
    if (reader.failed()) {
        result.set = RequestSet();
        result.skipped.clear();
        result.notes.clear();
        return result;
    }
    if (!reader.settingsJson.isEmpty())
        restoreSettings(reader.settingsJson, &result);
    return result;
}

} // namespace batchlab

// SPDX-License-Identifier: BSD-3-Clause
#include "runs/io/curlimporter.h"
#include "runs/io/curloptions.h"
#include "runs/io/shellwords.h"
#include "runs/runstr.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QUrl>

namespace batchlab {

namespace {

using Header = QPair<QString, QString>;

/// One piece of request data as curl adds it to the body (or, with -G, the query).
struct DataPiece
{
    QString text;
    bool json = false;
};

/// The options of one request group: a curl command line up to a `--next`, for each URL.
struct Group
{
    int line = 0;
    QString method;
    bool head = false;
    bool get = false;
    QList<Header> headers;
    QStringList removed; ///< lower-case names of internal headers `-H "Name:"` took away
    QList<DataPiece> data;
    QList<QPair<QString, QString>> form; ///< (name, part text) of -F text fields
    QStringList urls;
    QStringList query; ///< --url-query pieces
    QString user;
    QString bearer;
    QString userAgent;
    QString referer;
    QString cookie;
    QString range;
    QString refusal; ///< why none of its requests can be made (an unreadable @file)
};

bool isUnreserved(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
        || c == '.' || c == '_' || c == '~';
}

/// What curl's --data-urlencode makes of content: every byte but the unreserved ones as %XX,
/// a space as `+` (curl 7.88 sends "a+b" for "a b", checked against the real one).
QString urlEncoded(const QByteArray &bytes)
{
    QString out;
    static const char hex[] = "0123456789ABCDEF";
    for (const char c : bytes) {
        if (isUnreserved(c)) {
            out += QLatin1Char(c);
        } else if (c == ' ') {
            out += u'+';
        } else {
            out += u'%';
            out += QLatin1Char(hex[(uchar(c) >> 4) & 0xf]);
            out += QLatin1Char(hex[uchar(c) & 0xf]);
        }
    }
    return out;
}

bool hasHeader(const QList<Header> &headers, const QString &name)
{
    for (const Header &header : headers) {
        if (header.first.compare(name, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

QString where(int line)
{
    return RunsTr::tr("line %1").arg(line);
}

/// Reads one command line's options into groups of requests.
class CommandReader
{
public:
    CommandReader(const QString &baseDir, ImportResult *result) : m_baseDir(baseDir), m_result(result) {}

    /// False with the result's error set when the command is malformed.
    bool read(const ShellCommand &command, qsizetype first)
    {
        const ShellWord &curl = command.words.at(first);
        m_group = Group{};
        m_group.line = curl.line;
        m_groups.clear();
        for (qsizetype i = first + 1; i < command.words.size(); ++i) {
            const ShellWord &word = command.words.at(i);
            noteVariables(word);
            const QString &text = word.text;
            if (text.startsWith(u"--") && text.size() > 2) {
                const CurlOption *option = CurlOptions::find(text.mid(2));
                if (!option) {
                    note(word.line, RunsTr::tr("unknown option %1 ignored").arg(text));
                    continue;
                }
                QString argument;
                if (option->argument) {
                    if (++i >= command.words.size())
                        return missing(word, text);
                    argument = command.words.at(i).text;
                    noteVariables(command.words.at(i));
                }
                apply(*option, argument, word);
            } else if (text.startsWith(u'-') && text.size() > 1) {
                for (qsizetype c = 1; c < text.size(); ++c) {
                    const CurlOption *option = CurlOptions::find(text.at(c));
                    if (!option) {
                        note(word.line, RunsTr::tr("unknown option -%1 ignored").arg(text.at(c)));
                        continue;
                    }
                    QString argument;
                    if (option->argument) {
                        if (c + 1 < text.size()) {
                            argument = text.mid(c + 1);
                        } else {
                            if (++i >= command.words.size())
                                return missing(word, QStringLiteral("-") + text.at(c));
                            argument = command.words.at(i).text;
                            noteVariables(command.words.at(i));
                        }
                        apply(*option, argument, word);
                        break;
                    }
                    apply(*option, argument, word);
                }
            } else {
                m_group.urls.append(text);
            }
        }
        m_groups.append(m_group);
        for (const Group &group : std::as_const(m_groups)) {
            if (group.urls.isEmpty()) {
                m_result->error.line = curl.line;
                m_result->error.column = curl.column;
                m_result->error.message = RunsTr::tr("curl command without a URL");
                return false;
            }
        }
        for (const Group &group : std::as_const(m_groups))
            makeRequests(group);
        return true;
    }

    /// Names given by `name=value` lines: their `$name` is no news.
    QStringList defined;

private:
    bool missing(const ShellWord &word, const QString &option)
    {
        m_result->error.line = word.line;
        m_result->error.column = word.column;
        m_result->error.message = RunsTr::tr("option %1 needs an argument").arg(option);
        return false;
    }

    void note(int line, const QString &what) { m_result->notes.append({where(line), what}); }

    void noteVariables(const ShellWord &word)
    {
        for (const QString &name : word.variables) {
            if (!defined.contains(name) && name != CurlImporter::baseVariable())
                note(word.line, RunsTr::tr("shell variable $%1 kept as {{%1}}").arg(name));
        }
        if (word.substitution)
            note(word.line, RunsTr::tr("command substitution kept as written, not run: %1").arg(word.text));
    }

    /// The bytes of `@name`'s file, or none with the group refused saying why.
    std::optional<QByteArray> file(const QString &name, int line)
    {
        if (name == u"-") {
            m_group.refusal = RunsTr::tr("@- reads standard input, which an import has not");
            return std::nullopt;
        }
        if (m_baseDir.isEmpty() && QFileInfo(name).isRelative()) {
            m_group.refusal = RunsTr::tr("@%1 names a file, but the commands come from no file").arg(name);
            return std::nullopt;
        }
        QFile f(QDir(m_baseDir).absoluteFilePath(name));
        if (!f.open(QIODevice::ReadOnly)) {
            m_group.refusal = RunsTr::tr("@%1 cannot be read: %2").arg(name, f.errorString());
            return std::nullopt;
        }
        Q_UNUSED(line);
        return f.readAll();
    }

    void data(CurlOption::Kind kind, const QString &argument, int line)
    {
        DataPiece piece;
        piece.json = kind == CurlOption::Json;
        const bool readsFile = kind != CurlOption::DataRaw && kind != CurlOption::DataUrlencode;
        if (readsFile && argument.startsWith(u'@')) {
            const auto bytes = file(argument.mid(1), line);
            if (!bytes)
                return;
            QByteArray content = *bytes;
            if (kind == CurlOption::Data) // -d @file drops line breaks; --data-binary keeps them
                content.replace('\r', QByteArray()).replace('\n', QByteArray());
            piece.text = QString::fromUtf8(content);
        } else if (kind == CurlOption::DataUrlencode) {
            // curl's rules: "name=content", "=content", "@file", "name@file", or "content".
            const qsizetype at = argument.indexOf(QRegularExpression(QStringLiteral("[=@]")));
            const QString name = at > 0 ? argument.left(at) : QString();
            if (at >= 0 && argument.at(at) == u'@') {
                const auto bytes = file(argument.mid(at + 1), line);
                if (!bytes)
                    return;
                piece.text = (name.isEmpty() ? QString() : QString(name + u'=')) + urlEncoded(*bytes);
            } else {
                const QString content = at >= 0 ? argument.mid(at + 1) : argument;
                piece.text = (name.isEmpty() ? QString() : QString(name + u'=')) + urlEncoded(content.toUtf8());
            }
        } else {
            piece.text = argument;
        }
        m_group.data.append(piece);
    }

    void form(const QString &argument, bool literal, int line)
    {
        const qsizetype eq = argument.indexOf(u'=');
        if (eq <= 0) {
            note(line, RunsTr::tr("-F %1 has no name=value: ignored").arg(argument));
            return;
        }
        const QString name = argument.left(eq);
        QString value = argument.mid(eq + 1);
        if (!literal && (value.startsWith(u'@') || value.startsWith(u'<'))) {
            note(line, RunsTr::tr("-F %1: a file part is not imported, only text fields").arg(name));
            return;
        }
        if (!literal && value.startsWith(u'"')) {
            const qsizetype close = value.indexOf(u'"', 1);
            value = close > 0 ? value.mid(1, close - 1) : value.mid(1);
        } else if (!literal) {
            value = value.section(u';', 0, 0);
        }
        m_group.form.append({name, value});
    }

    void header(const QString &argument, int line)
    {
        if (argument.startsWith(u'@')) {
            note(line, RunsTr::tr("-H %1: headers from a file are not imported").arg(argument));
            return;
        }
        const qsizetype colon = argument.indexOf(u':');
        if (colon < 0) {
            // "Name;" sends the header with no value; anything else curl ignores.
            if (argument.endsWith(u';') && argument.size() > 1)
                m_group.headers.append({argument.chopped(1).trimmed(), QString()});
            else
                note(line, RunsTr::tr("-H %1 is no header: ignored").arg(argument));
            return;
        }
        const QString name = argument.left(colon).trimmed();
        const QString value = argument.mid(colon + 1).trimmed();
        if (value.isEmpty()) {
            // "Name:" removes a header curl would add itself.
            m_group.removed.append(name.toLower());
            return;
        }
        m_group.headers.append({name, value});
    }

    void apply(const CurlOption &option, const QString &argument, const ShellWord &word)
    {
        const int line = word.line;
        switch (option.kind) {
        case CurlOption::Request: m_group.method = argument; break;
        case CurlOption::Header: header(argument, line); break;
        case CurlOption::Data:
        case CurlOption::DataRaw:
        case CurlOption::DataBinary:
        case CurlOption::DataUrlencode:
        case CurlOption::Json: data(option.kind, argument, line); break;
        case CurlOption::Get: m_group.get = true; break;
        case CurlOption::Head: m_group.head = true; break;
        case CurlOption::User:
            if (!argument.contains(u':'))
                note(line, RunsTr::tr("-u %1 without a password: curl would ask for one, none is sent").arg(argument));
            m_group.user = argument;
            break;
        case CurlOption::Bearer: m_group.bearer = argument; break;
        case CurlOption::UserAgent: m_group.userAgent = argument; break;
        case CurlOption::Referer: m_group.referer = argument.section(QStringLiteral(";auto"), 0, 0); break;
        case CurlOption::Cookie:
            if (argument.contains(u'='))
                m_group.cookie = m_group.cookie.isEmpty() ? argument : m_group.cookie + QStringLiteral("; ") + argument;
            else
                note(line, RunsTr::tr("-b %1 names a cookie file: not read, no cookies sent").arg(argument));
            break;
        case CurlOption::Form: form(argument, false, line); break;
        case CurlOption::FormString: form(argument, true, line); break;
        case CurlOption::Url: m_group.urls.append(argument); break;
        case CurlOption::UrlQuery: {
            const qsizetype eq = argument.indexOf(u'=');
            m_group.query.append(eq > 0 ? argument.left(eq + 1) + urlEncoded(argument.mid(eq + 1).toUtf8())
                                        : urlEncoded(argument.mid(eq + 1).toUtf8()));
            break;
        }
        case CurlOption::Range: m_group.range = argument; break;
        case CurlOption::Next:
            m_groups.append(m_group);
            m_group = Group{};
            m_group.line = line;
            break;
        case CurlOption::Ignored: break;
        case CurlOption::Noted:
            note(line, option.argument ? RunsTr::tr("%1 %2: %3").arg(word.text, argument, CurlOptions::why(option))
                                       : RunsTr::tr("%1: %2").arg(word.text, CurlOptions::why(option)));
            break;
        }
    }

    void makeRequests(const Group &group)
    {
        for (const QString &url : group.urls) {
            if (!group.refusal.isEmpty()) {
                m_result->skipped.append({where(group.line), RunsTr::tr("%1: %2").arg(url, group.refusal)});
                continue;
            }
            m_result->set.requests.append(request(group, url));
        }
    }

    static QString absolute(const QString &url)
    {
        const QString base = QStringLiteral("{{%1}}").arg(CurlImporter::baseVariable());
        if (url.startsWith(base))
            return url.mid(base.size()); // exported relative: relative again
        if (url.contains(QStringLiteral("://")) || url.startsWith(QStringLiteral("{{")))
            return url;
        return QStringLiteral("http://") + url; // curl's default scheme
    }

    RequestItem request(const Group &group, const QString &rawUrl) const
    {
        RequestItem item;
        item.url = absolute(rawUrl);
        item.headers = group.headers;
        QString body;
        bool json = false;
        for (qsizetype i = 0; i < group.data.size(); ++i) {
            const DataPiece &piece = group.data.at(i);
            if (i > 0 && !(piece.json && group.data.at(i - 1).json))
                body += u'&';
            body += piece.text;
            json = json || piece.json;
        }
        QStringList query = group.query;
        if (group.get && !group.data.isEmpty())
            query.append(body);
        if (!query.isEmpty()) {
            const qsizetype hash = item.url.indexOf(u'#');
            const QString fragment = hash >= 0 ? item.url.mid(hash) : QString();
            QString url = hash >= 0 ? item.url.left(hash) : item.url;
            url += (url.contains(u'?') ? u'&' : u'?') + query.join(u'&');
            item.url = url + fragment;
        }
        const auto implied = [&](const QString &name, const QString &value) {
            if (!value.isEmpty() && !hasHeader(item.headers, name) && !group.removed.contains(name.toLower()))
                item.headers.append({name, value});
        };
        QString method = group.head ? QStringLiteral("HEAD") : QStringLiteral("GET");
        if (!group.get && !group.data.isEmpty()) {
            item.body = body;
            method = QStringLiteral("POST");
            implied(QStringLiteral("Content-Type"),
                    json ? QStringLiteral("application/json") : QStringLiteral("application/x-www-form-urlencoded"));
            if (json)
                implied(QStringLiteral("Accept"), QStringLiteral("application/json"));
        } else if (!group.get && !group.form.isEmpty()) {
            const QString boundary = QStringLiteral("------------------------batchlab0curl0form");
            for (const auto &[name, value] : group.form) {
                item.body += QStringLiteral("--%1\r\nContent-Disposition: form-data; name=\"%2\"\r\n\r\n%3\r\n")
                                 .arg(boundary, name, value);
            }
            item.body += QStringLiteral("--%1--\r\n").arg(boundary);
            method = QStringLiteral("POST");
            implied(QStringLiteral("Content-Type"), QStringLiteral("multipart/form-data; boundary=") + boundary);
        }
        if (!group.user.isEmpty()) {
            const QString credentials = group.user.contains(u':') ? group.user : group.user + u':';
            implied(QStringLiteral("Authorization"),
                    QStringLiteral("Basic ") + QString::fromLatin1(credentials.toUtf8().toBase64()));
        }
        if (!group.bearer.isEmpty())
            implied(QStringLiteral("Authorization"), QStringLiteral("Bearer ") + group.bearer);
        implied(QStringLiteral("User-Agent"), group.userAgent);
        implied(QStringLiteral("Referer"), group.referer);
        implied(QStringLiteral("Cookie"), group.cookie);
        if (!group.range.isEmpty())
            implied(QStringLiteral("Range"), QStringLiteral("bytes=") + group.range);
        item.method = group.method.isEmpty() ? method : group.method;
        QString path = item.url;
        if (const qsizetype scheme = path.indexOf(QStringLiteral("://")); scheme >= 0) {
            const qsizetype slash = path.indexOf(u'/', scheme + 3);
            path = slash >= 0 ? path.mid(slash) : QString();
        }
        path = path.section(u'?', 0, 0).section(u'#', 0, 0);
        item.name = item.method + u' ' + (path.isEmpty() ? QStringLiteral("/") : path);
        return item;
    }

    QString m_baseDir;
    ImportResult *m_result;
    Group m_group;
    QList<Group> m_groups;
};

bool isCurl(const QString &word)
{
    const QString base = word.section(u'/', -1);
    return base == u"curl" || base == u"curl.exe";
}

/// `name=value` alone on its line (or after `export`): a shell variable's definition.
bool assignment(const ShellCommand &command, QString *name, QString *value)
{
    qsizetype first = 0;
    if (command.words.size() == 2 && command.words.at(0).text == u"export")
        first = 1;
    if (command.words.size() != first + 1)
        return false;
    static const QRegularExpression pattern(QStringLiteral("^([A-Za-z_][A-Za-z0-9_]*)=(.*)$"),
                                            QRegularExpression::DotMatchesEverythingOption);
    const QRegularExpressionMatch match = pattern.match(command.words.at(first).text);
    if (!match.hasMatch())
        return false;
    *name = match.captured(1);
    *value = match.captured(2);
    return true;
}

} // namespace

QString CurlImporter::format() const
{
    return QStringLiteral("curl");
}

QString CurlImporter::name() const
{
    return RunsTr::tr("cURL command lines");
}

QString CurlImporter::baseVariable()
{
    return QStringLiteral("BATCHLAB_BASE");
}

int CurlImporter::recognizes(const QByteArray &data) const
{
    // The first word of the first line that is neither blank, a comment nor a variable.
    static const QRegularExpression assignmentLine(QStringLiteral("^(export\\s+)?[A-Za-z_][A-Za-z0-9_]*="));
    for (const QByteArray &raw : data.left(64 * 1024).split('\n')) {
        QString line = QString::fromUtf8(raw).trimmed();
        if (line.startsWith(QStringLiteral("$ ")))
            line = line.mid(2).trimmed();
        if (line.isEmpty() || line.startsWith(u'#') || assignmentLine.match(line).hasMatch())
            continue;
        return isCurl(line.section(u' ', 0, 0)) ? 90 : 0;
    }
    return 0;
}

ImportResult CurlImporter::read(const QByteArray &data, const QString &fileName) const
{
    ImportResult result;
    result.error.file = fileName;
    const ShellSplit split = ShellWords::split(QString::fromUtf8(data));
    if (!split.error.isEmpty()) {
        result.error.line = split.line;
        result.error.column = split.column;
        result.error.message = split.error;
        return result;
    }
    result.set.name = fileName.isEmpty() ? RunsTr::tr("curl commands") : QFileInfo(fileName).completeBaseName();
    CommandReader reader(fileName.isEmpty() ? QString() : QFileInfo(fileName).absolutePath(), &result);
    for (const ShellCommand &command : split.commands) {
        QString name, value;
        if (assignment(command, &name, &value)) {
            if (name != baseVariable()) {
                result.set.variables.append({name, value, false});
                reader.defined.append(name);
            }
            continue;
        }
        const qsizetype first = command.words.at(0).text == u"$" && command.words.size() > 1 ? 1 : 0;
        const ShellWord &head = command.words.at(first);
        if (!isCurl(head.text)) {
            result.skipped.append({where(head.line), RunsTr::tr("not a curl command: %1").arg(head.text)});
            continue;
        }
        if (!reader.read(command, first)) {
            result.set = RequestSet{};
            result.skipped.clear();
            result.notes.clear();
            return result;
        }
    }
    return result;
}

} // namespace batchlab

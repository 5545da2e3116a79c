#include "batchkey.h"

namespace batchlab {

BatchKey BatchKey::of(const RequestSpec &spec, const BatchConfig &config)
{
    BatchKey key{spec.url.scheme(), spec.url.host(), spec.url.port(), {}};
    switch (config.batchKey) {
    case BatchKeyStrategy::ByOrigin: break;
    case BatchKeyStrategy::ByOriginAndMethod: key.extra = QString::fromLatin1(spec.method); break;
    case BatchKeyStrategy::ByPathPrefix: {
        const QString path = spec.url.path();
        const QList<QStringView> segments = QStringView(path).split(u'/', Qt::SkipEmptyParts);
        const qsizetype depth = qMin(qsizetype(config.pathPrefixSegments), segments.size());
        for (qsizetype i = 0; i < depth; ++i)
            key.extra += u'/' + segments.at(i);
        break;
    }
    case BatchKeyStrategy::Custom: key.extra = config.customKey(spec); break;
    }
    return key;
}

QUrl BatchKey::endpoint(const BatchConfig &config) const
{
    QUrl url;
    url.setScheme(scheme);
    url.setHost(host);
    url.setPort(port);
    const bool prefixed = config.batchKey == BatchKeyStrategy::ByPathPrefix;
    url.setPath((prefixed ? extra : QString()) + config.batchPath);
    return url;
}

QString BatchKey::name(const BatchConfig &config) const
{
    QString text = endpoint(config).toString();
    if (config.batchKey == BatchKeyStrategy::ByOriginAndMethod || config.batchKey == BatchKeyStrategy::Custom)
        text += QStringLiteral(" [%1]").arg(extra);
    return text;
}

} // namespace batchlab

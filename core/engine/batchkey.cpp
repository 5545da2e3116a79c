// SPDX-License-Identifier: BSD-3-Clause
#include "engine/batchkey.h"

namespace batchlab {

BatchKey BatchKey::of(const RequestSpec &spec, const BatchConfig &config)
{
    return {spec.url.scheme(), spec.url.host(), spec.url.port(), extraOf(spec, config)};
}

QString BatchKey::extraOf(const RequestSpec &spec, const BatchConfig &config)
{
    switch (config.batchKey) {
    case BatchKeyStrategy::ByOrigin:
        return {};
    case BatchKeyStrategy::ByOriginAndMethod:
        return QString::fromLatin1(spec.method);
    case BatchKeyStrategy::ByPathPrefix: {
        const QString path = spec.url.path();
        const QList<QStringView> segments = QStringView(path).split(u'/', Qt::SkipEmptyParts);
        const qsizetype depth = qMin(qsizetype(config.pathPrefixSegments), segments.size());
        QString prefix;
        for (qsizetype i = 0; i < depth; ++i)
            prefix += u'/' + segments.at(i);
        return prefix;
    }
    case BatchKeyStrategy::Custom:
        return config.customKey(spec);
    }
    return {};
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
    if (config.batchKey == BatchKeyStrategy::ByOriginAndMethod
        || config.batchKey == BatchKeyStrategy::Custom)
        text += QStringLiteral(" [%1]").arg(extra);
    return text;
}

} // namespace batchlab

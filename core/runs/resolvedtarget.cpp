// SPDX-License-Identifier: BSD-3-Clause
#include "runs/resolvedtarget.h"
#include "runs/runstr.h"

namespace batchlab {

ResolvedTarget ResolvedTarget::resolve(const std::optional<TargetSpec> &target, const QUrl &sandboxUrl)
{
    const ServerProfile *profile = target ? ServerProfile::find(target->profile) : &ServerProfile::defaultProfile();
    if (!profile)
        return {{}, {}, RunsTr::tr("unknown server profile \"%1\"").arg(target->profile)};
    if (!target || target->kind == TargetSpec::Kind::Sandbox)
        return {sandboxUrl, profile->sandboxPath,
                sandboxUrl.isValid() ? QString() : RunsTr::tr("the sandbox is not running"), profile};
    ResolvedTarget r{QUrl(target->baseUrl.trimmed(), QUrl::StrictMode), target->batchPath.trimmed(), {}, profile, false};
    if (target->baseUrl.trimmed().isEmpty())
        r.error = RunsTr::tr("enter the base URL of the API");
    else if (!r.base.isValid() || r.base.host().isEmpty())
        r.error = RunsTr::tr("\"%1\" is not a URL").arg(target->baseUrl);
    else if (r.base.scheme() != QLatin1String("http") && r.base.scheme() != QLatin1String("https"))
        r.error = RunsTr::tr("the base URL must start with http:// or https://");
    else if (!r.batchPath.startsWith(u'/'))
        r.error = RunsTr::tr("the batch path must start with /");
    return r;
}

void ResolvedTarget::applyTo(BatchConfig *config) const
{
    config->applyProfile(*profile, sandbox);
    config->batchPath = batchPath;
}

} // namespace batchlab

// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace batchlab {

/// Whether a header's value is a credential that the workbench hides until asked: the
/// Authorization and cookie headers by name, and any header whose name says it carries an API
/// key, a token or a secret (X-Api-Key, Ocp-Apim-Subscription-Key, X-Auth-Token,
/// X-Client-Secret…), in any case. The one rule for every place that shows header values,
/// so that they all hide the same ones.
bool isSensitiveHeader(QByteArrayView name);

/// `value` itself, or "•••• (hidden)" (UTF-8) when `name` is sensitive.
QByteArray redacted(QByteArrayView name, QByteArrayView value);

} // namespace batchlab

// SPDX-License-Identifier: BSD-3-Clause
#include "engine/batchmatch.h"
#include "engine/enginetr.h"

#include <QCoreApplication>

namespace batchlab {

namespace {

QString rpcText(const ItemResult &item)
{
    return EngineTr::tr("JSON-RPC error %1: %2").arg(*item.rpcCode).arg(item.rpcMessage);
}

} // namespace

BatchMatch BatchMatch::of(const std::vector<ItemResult> &items, size_t itemCount, quint64 batchId)
{
    BatchMatch match;
    match.answers.assign(itemCount, nullptr);
    match.errors.assign(itemCount, ApiError());
    std::vector<int> seen(itemCount, 0);
    for (const ItemResult &item : items) {
        if (item.index >= 0 && size_t(item.index) < itemCount) {
            ++seen[size_t(item.index)];
            match.answers[size_t(item.index)] = &item;
        } else {
            match.unknownIds.append(item.id);
        }
    }
    match.problems = int(match.unknownIds.size());
    const QString unknownNote = match.unknownIds.isEmpty()
        ? QString()
        : EngineTr::tr(" (the answer carried unknown ids: %1)")
              .arg(match.unknownIds.join(QStringLiteral(", ")));
    const auto protocol = [batchId](const QString &message) {
        return ApiError{ErrorKind::Protocol, ErrorKind::Protocol, message, 0, {}, 0, batchId};
    };
    for (size_t i = 0; i < itemCount; ++i) {
        const ItemResult *item = match.answers[i];
        if (seen[i] != 1) {
            ++match.problems;
            match.answers[i] = nullptr;
            match.errors[i] = protocol(
                seen[i] == 0
                    ? EngineTr::tr("the batch answer has no response for id \"%1\"").arg(i) + unknownNote
                    : EngineTr::tr("the batch answer has %1 responses for id \"%2\"").arg(seen[i]).arg(i));
        } else if (!item->problem.isEmpty()) {
            ++match.problems;
            match.answers[i] = nullptr;
            match.errors[i]
                = protocol(EngineTr::tr("the response for id \"%1\": %2").arg(i).arg(item->problem));
        } else if (item->rpcCode && (item->status < 100 || item->status > 599)) {
            match.errors[i]
                = {ErrorKind::Rpc, ErrorKind::Rpc, rpcText(*item), *item->rpcCode, item->body, 0,
                   batchId};
        } else if (item->status < 100 || item->status > 599) {
            ++match.problems;
            match.answers[i] = nullptr;
            match.errors[i] = protocol(EngineTr::tr("the response for id \"%1\" has no valid status").arg(i));
        } else if (item->status < 200 || item->status > 299) {
            const QString message = item->rpcCode
                ? EngineTr::tr("%1 (HTTP %2)").arg(rpcText(*item)).arg(item->status)
                : item->status == 424
                ? EngineTr::tr("answered with HTTP 424 Failed Dependency: a call it depends on failed")
                : EngineTr::tr("answered with HTTP %1").arg(item->status);
            match.errors[i]
                = {ErrorKind::Http, ErrorKind::Http, message, item->status, item->body, 0, batchId};
        }
    }
    return match;
}

} // namespace batchlab

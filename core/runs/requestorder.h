// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "runs/requestset.h"

#include <QHash>

#include <vector>

namespace batchlab {

/// The change sets (RequestItem::group) and dependencies (RequestItem::dependsOn) of a set's
/// requests, checked: ids unique and not empty, every dependency the id of an earlier request
/// (so a run has its request id when it sends the dependent, and a plain chain cannot loop),
/// listed once, and no change set that waits for itself. A change set is sent as one, when
/// its last member of the iteration was sent, so its members count as one: a request outside
/// it that depends on one member while another member depends on that request would hold the
/// change set forever. The file reader, the runner and the editor all ask this class.
class RequestOrder
{
public:
    struct Problem
    {
        int request = -1; ///< the row it is about
        QString field;    ///< "id", "group" or "dependsOn[2]"
        QString message;

        bool isProblem() const { return !message.isEmpty(); }
    };

    explicit RequestOrder(const QList<RequestItem> &requests);

    /// The first problem in row order (a change set waiting for itself comes last), or none.
    const Problem &problem() const { return m_problem; }
    /// The row of the request with this id, or -1.
    int rowOf(const QString &id) const { return m_rowOfId.value(id, -1); }
    /// For every row, whether the request there already waits, directly or through others,
    /// for the request at `row` or for its change set, outside that change set: `row` may
    /// not depend on it, since its change set (or itself) would then wait for itself.
    std::vector<bool> waitingFor(int row) const;

private:
    void findProblem(const QList<RequestItem> &requests);
    void findCycle(const QList<RequestItem> &requests);

    struct Edge
    {
        int to;      ///< node
        int request; ///< the row that depends
        int index;   ///< which of its dependencies
    };
    QHash<QString, int> m_rowOfId;
    std::vector<int> m_nodeOf;              ///< per row: its change set's node, or its own
    std::vector<std::vector<Edge>> m_edges; ///< per node: the nodes it waits for
    Problem m_problem;
};

} // namespace batchlab

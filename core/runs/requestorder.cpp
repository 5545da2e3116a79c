// SPDX-License-Identifier: BSD-3-Clause
#include "runs/requestorder.h"
#include "runs/runstr.h"

#include <QCoreApplication>

#include <algorithm>

namespace batchlab {

RequestOrder::RequestOrder(const QList<RequestItem> &requests)
{
    QHash<QString, int> nodeOfGroup;
    int nodes = 0;
    m_nodeOf.reserve(size_t(requests.size()));
    for (qsizetype row = 0; row < requests.size(); ++row) {
        const RequestItem &item = requests.at(row);
        if (!item.id.isEmpty() && !m_rowOfId.contains(item.id))
            m_rowOfId.insert(item.id, int(row));
        if (item.group.isEmpty()) {
            m_nodeOf.push_back(nodes++);
            continue;
        }
        const auto found = nodeOfGroup.constFind(item.group);
        if (found != nodeOfGroup.cend()) {
            m_nodeOf.push_back(*found);
        } else {
            nodeOfGroup.insert(item.group, nodes);
            m_nodeOf.push_back(nodes++);
        }
    }
    m_edges.resize(size_t(nodes));
    for (qsizetype row = 0; row < requests.size(); ++row) {
        const QStringList &needs = requests.at(row).dependsOn;
        for (qsizetype k = 0; k < needs.size(); ++k) {
            const int needed = rowOf(needs.at(k));
            // Only what may be there: a dependency on a later request is a problem of its own,
            // and one within a change set goes inside its batch.
            if (needed < 0 || needed >= row || m_nodeOf[size_t(needed)] == m_nodeOf[size_t(row)])
                continue;
            m_edges[size_t(m_nodeOf[size_t(row)])].push_back({m_nodeOf[size_t(needed)], int(row), int(k)});
        }
    }
    findProblem(requests);
}

void RequestOrder::findProblem(const QList<RequestItem> &requests)
{
    const auto fail = [this](qsizetype row, const QString &field, const QString &message) {
        m_problem = {int(row), field, message};
    };
    for (qsizetype row = 0; row < requests.size(); ++row) {
        const RequestItem &item = requests.at(row);
        if (!item.id.isEmpty() && rowOf(item.id) != row) {
            fail(row, QStringLiteral("id"), RunsTr::tr("the id \"%1\" is already taken by an earlier request").arg(item.id));
            return;
        }
        if (!item.group.isEmpty() && item.group.trimmed().isEmpty()) {
            fail(row, QStringLiteral("group"), RunsTr::tr("a change set's label must not be blank"));
            return;
        }
        for (qsizetype k = 0; k < item.dependsOn.size(); ++k) {
            const QString &needed = item.dependsOn.at(k);
            const QString field = QStringLiteral("dependsOn[%1]").arg(k);
            const int neededRow = rowOf(needed);
            QString message;
            if (needed.isEmpty())
                message = RunsTr::tr("must not be empty");
            else if (item.dependsOn.indexOf(needed) < k)
                message = RunsTr::tr("\"%1\" is listed twice").arg(needed);
            else if (needed == item.id)
                message = RunsTr::tr("a request cannot depend on itself");
            else if (neededRow < 0)
                message = RunsTr::tr("no request has the id \"%1\"").arg(needed);
            else if (neededRow > row)
                message = RunsTr::tr("\"%1\" comes after this request; a request can only depend on an "
                                     "earlier one, so that dependencies never go round in a circle")
                              .arg(needed);
            if (!message.isEmpty()) {
                fail(row, field, message);
                return;
            }
        }
    }
    findCycle(requests);
}

void RequestOrder::findCycle(const QList<RequestItem> &requests)
{
    // Dependencies only point to earlier requests, so a cycle needs a change set: a
    // depth-first search over the nodes (change sets count as one) finds its back edge.
    enum : quint8 { White, Grey, Black };
    std::vector<quint8> colour(m_edges.size(), White);
    std::vector<std::pair<int, size_t>> stack; // node, next edge
    for (size_t start = 0; start < m_edges.size(); ++start) {
        if (colour[start] != White)
            continue;
        stack.push_back({int(start), 0});
        colour[start] = Grey;
        while (!stack.empty()) {
            auto &[node, next] = stack.back();
            const std::vector<Edge> &out = m_edges[size_t(node)];
            if (next == out.size()) {
                colour[size_t(node)] = Black;
                stack.pop_back();
                continue;
            }
            const Edge edge = out[next++];
            if (colour[size_t(edge.to)] == White) {
                colour[size_t(edge.to)] = Grey;
                stack.push_back({edge.to, 0});
            } else if (colour[size_t(edge.to)] == Grey) {
                // The cycle is the path on the stack from edge.to, closed by this edge: name
                // its latest request, the one most likely added last.
                Edge named = edge;
                const auto from = std::find_if(stack.cbegin(), stack.cend(),
                                               [&edge](const auto &frame) { return frame.first == edge.to; });
                for (auto frame = from; frame != stack.cend(); ++frame) {
                    const Edge &taken = m_edges[size_t(frame->first)][frame->second - 1];
                    if (taken.request > named.request)
                        named = taken;
                }
                const RequestItem &item = requests.at(named.request);
                const QString needed = item.dependsOn.at(named.index);
                m_problem.request = named.request;
                m_problem.field = QStringLiteral("dependsOn[%1]").arg(named.index);
                m_problem.message = item.group.isEmpty()
                    ? RunsTr::tr("\"%1\" already waits, through a change set, for this request: that "
                                 "change set would wait for itself and never be sent")
                          .arg(needed)
                    : RunsTr::tr("\"%1\" already waits, directly or through others, for change set "
                                 "\"%2\", which this request belongs to: the change set would wait "
                                 "for itself and never be sent")
                          .arg(needed, item.group);
                return;
            }
        }
    }
}

std::vector<bool> RequestOrder::waitingFor(int row) const
{
    std::vector<bool> waiting(m_nodeOf.size(), false);
    if (row < 0 || size_t(row) >= m_nodeOf.size())
        return waiting;
    // Who reaches row's node: a search backwards along the edges.
    std::vector<std::vector<int>> waitedBy(m_edges.size());
    for (size_t node = 0; node < m_edges.size(); ++node) {
        for (const Edge &edge : m_edges[node])
            waitedBy[size_t(edge.to)].push_back(int(node));
    }
    const int home = m_nodeOf[size_t(row)];
    std::vector<bool> reaches(m_edges.size(), false);
    std::vector<int> todo{home};
    while (!todo.empty()) {
        const int node = todo.back();
        todo.pop_back();
        for (const int before : waitedBy[size_t(node)]) {
            if (!reaches[size_t(before)]) {
                reaches[size_t(before)] = true;
                todo.push_back(before);
            }
        }
    }
    for (size_t r = 0; r < m_nodeOf.size(); ++r)
        waiting[r] = m_nodeOf[r] != home && reaches[size_t(m_nodeOf[r])];
    return waiting;
}

} // namespace batchlab

// SPDX-License-Identifier: BSD-3-Clause
#include "transport/oneshotbody.h"

#include <cstring>

namespace batchlab {

OneShotBody::OneShotBody(QByteArray data, QObject *parent)
    : QIODevice(parent)
    , m_data(std::move(data))
{
    open(QIODevice::ReadOnly);
}

qint64 OneShotBody::bytesAvailable() const
{
    return m_data.size() - m_read + QIODevice::bytesAvailable();
}

bool OneShotBody::atEnd() const
{
    return m_read >= m_data.size() && QIODevice::bytesAvailable() == 0;
}

qint64 OneShotBody::readData(char *data, qint64 maxSize)
{
    const qint64 n = qMin(maxSize, qint64(m_data.size()) - m_read);
    if (n <= 0)
        return -1; // the end: nothing more will ever come
    std::memcpy(data, m_data.constData() + m_read, size_t(n));
    m_read += n;
    return n;
}

} // namespace batchlab

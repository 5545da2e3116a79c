// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include "runs/requestsetfile.h"

#include <QJsonObject>

#include <initializer_list>
#include <optional>
#include <span>

namespace batchlab {

/// Reads typed fields out of the JSON of a request-set file, remembering the first problem
/// and the field it was in (RequestSetFile turns the field into a line and column). Absent
/// fields give the fallback; a present field of the wrong type or out of range is an error.
class FieldReader
{
public:
    explicit FieldReader(FileError *error) : m_error(error) {}

    bool ok() const { return !m_error->isError(); }
    void fail(const QString &field, const QString &message);
    QString string(const QJsonObject &o, const char *key, const QString &where, bool required,
                   const QString &fallback = {});
    bool boolean(const QJsonObject &o, const char *key, const QString &where, bool fallback);
    /// A whole number from `min` to `max`.
    int integer(const QJsonObject &o, const char *key, const QString &where, int fallback, int min,
                int max = INT_MAX);
    /// Any number from `min` to `max`.
    double real(const QJsonObject &o, const char *key, const QString &where, double fallback,
                double min, double max);
    /// The index of the name the field holds among `names`.
    int choice(const QJsonObject &o, const char *key, const QString &where,
               std::span<const char *const> names, int fallback);
    int choice(const QJsonObject &o, const char *key, const QString &where,
               std::initializer_list<const char *> names, int fallback)
    {
        return choice(o, key, where, std::span<const char *const>(names.begin(), names.size()), fallback);
    }
    /// The object at `key` of `o`, or nothing (and an error when it is not an object).
    std::optional<QJsonObject> object(const QJsonObject &o, const char *key);

private:
    FileError *m_error;
};

} // namespace batchlab

// SPDX-License-Identifier: BSD-3-Clause
#pragma once

#include <QString>

namespace batchlab {

/// One of curl's command-line options as CurlImporter reads it.
struct CurlOption
{
    enum Kind : quint8 {
        Request, Header, Data, DataRaw, DataBinary, DataUrlencode, Json, Get, Head, User, Bearer,
        UserAgent, Referer, Cookie, Form, FormString, Url, UrlQuery, Range, Next,
        Ignored, ///< only changes what curl prints or how it connects: dropped silently
        Noted,  ///< changes what happens, and cannot be carried over: dropped with a note
    };
    const char *longName;
    char shortName; ///< 0 for none
    bool argument;  ///< takes the next word (or the rest of a short option's word)
    Kind kind;
    const char *why = nullptr; ///< for Noted: what is lost
};

/// The options curl has (curl 8, docs/cmdline-opts), so that an option's argument is never
/// taken for a URL, even of an option Batchlab has no use for.
class CurlOptions
{
public:
    static const CurlOption *find(const QString &longName);
    static const CurlOption *find(QChar shortName);
    static QString why(const CurlOption &option);
};

} // namespace batchlab

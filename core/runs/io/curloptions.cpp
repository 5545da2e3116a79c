// SPDX-License-Identifier: BSD-3-Clause
#include "runs/io/curloptions.h"
#include "runs/runstr.h"

#include <iterator>

namespace batchlab {

namespace {

using K = CurlOption;

const char kRedirects[] = QT_TRANSLATE_NOOP("batchlab::Runs", "curl follows redirects, Batchlab shows the 3xx answer");
const char kInsecure[] = QT_TRANSLATE_NOOP("batchlab::Runs", "certificate checks stay on in Batchlab (not applied)");
const char kCompressed[] = QT_TRANSLATE_NOOP("batchlab::Runs", "curl asks for a compressed answer (Accept-Encoding) and unpacks it; not carried over");
const char kProxy[] = QT_TRANSLATE_NOOP("batchlab::Runs", "proxies are not part of a request set");
const char kClientCert[] = QT_TRANSLATE_NOOP("batchlab::Runs", "client certificates are not part of a request set");
const char kAuth[] = QT_TRANSLATE_NOOP("batchlab::Runs", "this authentication scheme is not carried over; add the header it makes");
const char kFile[] = QT_TRANSLATE_NOOP("batchlab::Runs", "not read: the request goes without it");
const char kConnect[] = QT_TRANSLATE_NOOP("batchlab::Runs", "where curl connects is not part of a request set");
const char kOther[] = QT_TRANSLATE_NOOP("batchlab::Runs", "not carried over");

const CurlOption kOptions[] = {
    {"request", 'X', true, K::Request},
    {"header", 'H', true, K::Header},
    {"data", 'd', true, K::Data},
    {"data-ascii", 0, true, K::Data},
    {"data-raw", 0, true, K::DataRaw},
    {"data-binary", 0, true, K::DataBinary},
    {"data-urlencode", 0, true, K::DataUrlencode},
    {"json", 0, true, K::Json},
    {"get", 'G', false, K::Get},
    {"head", 'I', false, K::Head},
    {"user", 'u', true, K::User},
    {"oauth2-bearer", 0, true, K::Bearer},
    {"user-agent", 'A', true, K::UserAgent},
    {"referer", 'e', true, K::Referer},
    {"cookie", 'b', true, K::Cookie},
    {"form", 'F', true, K::Form},
    {"form-string", 0, true, K::FormString},
    {"url", 0, true, K::Url},
    {"url-query", 0, true, K::UrlQuery},
    {"range", 'r', true, K::Range},
    {"next", ':', false, K::Next},
    // What curl prints, how it retries or paces itself: nothing about the request.
    {"silent", 's', false, K::Ignored},
    {"show-error", 'S', false, K::Ignored},
    {"verbose", 'v', false, K::Ignored},
    {"include", 'i', false, K::Ignored},
    {"progress-bar", '#', false, K::Ignored},
    {"no-progress-meter", 0, false, K::Ignored},
    {"fail", 'f', false, K::Ignored},
    {"fail-with-body", 0, false, K::Ignored},
    {"fail-early", 0, false, K::Ignored},
    {"globoff", 'g', false, K::Ignored},
    {"no-buffer", 'N', false, K::Ignored},
    {"disable", 'q', false, K::Ignored},
    {"http1.0", '0', false, K::Ignored},
    {"http1.1", 0, false, K::Ignored},
    {"http2", 0, false, K::Ignored},
    {"http2-prior-knowledge", 0, false, K::Ignored},
    {"http3", 0, false, K::Ignored},
    {"ipv4", '4', false, K::Ignored},
    {"ipv6", '6', false, K::Ignored},
    {"tlsv1", '1', false, K::Ignored},
    {"tlsv1.2", 0, false, K::Ignored},
    {"tlsv1.3", 0, false, K::Ignored},
    {"ssl-no-revoke", 0, false, K::Ignored},
    {"raw", 0, false, K::Ignored},
    {"path-as-is", 0, false, K::Ignored},
    {"remote-name", 'O', false, K::Ignored},
    {"remote-header-name", 'J', false, K::Ignored},
    {"create-dirs", 0, false, K::Ignored},
    {"parallel", 'Z', false, K::Ignored},
    {"tcp-nodelay", 0, false, K::Ignored},
    {"retry-all-errors", 0, false, K::Ignored},
    {"retry-connrefused", 0, false, K::Ignored},
    {"post301", 0, false, K::Ignored},
    {"post302", 0, false, K::Ignored},
    {"post303", 0, false, K::Ignored},
    {"styled-output", 0, false, K::Ignored},
    {"trace-time", 0, false, K::Ignored},
    {"output", 'o', true, K::Ignored},
    {"output-dir", 0, true, K::Ignored},
    {"write-out", 'w', true, K::Ignored},
    {"max-time", 'm', true, K::Ignored},
    {"connect-timeout", 0, true, K::Ignored},
    {"retry", 0, true, K::Ignored},
    {"retry-delay", 0, true, K::Ignored},
    {"retry-max-time", 0, true, K::Ignored},
    {"dump-header", 'D', true, K::Ignored},
    {"trace", 0, true, K::Ignored},
    {"trace-ascii", 0, true, K::Ignored},
    {"stderr", 0, true, K::Ignored},
    {"limit-rate", 0, true, K::Ignored},
    {"max-filesize", 0, true, K::Ignored},
    {"max-redirs", 0, true, K::Ignored},
    {"speed-limit", 'Y', true, K::Ignored},
    {"speed-time", 'y', true, K::Ignored},
    {"interface", 0, true, K::Ignored},
    {"dns-servers", 0, true, K::Ignored},
    {"cacert", 0, true, K::Ignored},
    {"capath", 0, true, K::Ignored},
    {"ciphers", 0, true, K::Ignored},
    {"keepalive-time", 0, true, K::Ignored},
    {"expect100-timeout", 0, true, K::Ignored},
    {"parallel-max", 0, true, K::Ignored},
    {"cookie-jar", 'c', true, K::Ignored},
    // What changes the exchange and has no place in a request set: a note each.
    {"location", 'L', false, K::Noted, kRedirects},
    {"location-trusted", 0, false, K::Noted, kRedirects},
    {"insecure", 'k', false, K::Noted, kInsecure},
    {"compressed", 0, false, K::Noted, kCompressed},
    {"netrc", 'n', false, K::Noted, kAuth},
    {"netrc-optional", 0, false, K::Noted, kAuth},
    {"digest", 0, false, K::Noted, kAuth},
    {"ntlm", 0, false, K::Noted, kAuth},
    {"negotiate", 0, false, K::Noted, kAuth},
    {"anyauth", 0, false, K::Noted, kAuth},
    {"aws-sigv4", 0, true, K::Noted, kAuth},
    {"proxytunnel", 'p', false, K::Noted, kProxy},
    {"proxy", 'x', true, K::Noted, kProxy},
    {"proxy-user", 'U', true, K::Noted, kProxy},
    {"proxy-header", 0, true, K::Noted, kProxy},
    {"noproxy", 0, true, K::Noted, kProxy},
    {"preproxy", 0, true, K::Noted, kProxy},
    {"socks5", 0, true, K::Noted, kProxy},
    {"socks5-hostname", 0, true, K::Noted, kProxy},
    {"cert", 'E', true, K::Noted, kClientCert},
    {"key", 0, true, K::Noted, kClientCert},
    {"pass", 0, true, K::Noted, kClientCert},
    {"cert-type", 0, true, K::Noted, kClientCert},
    {"key-type", 0, true, K::Noted, kClientCert},
    {"upload-file", 'T', true, K::Noted, kFile},
    {"config", 'K', true, K::Noted, kFile},
    {"resolve", 0, true, K::Noted, kConnect},
    {"connect-to", 0, true, K::Noted, kConnect},
    {"unix-socket", 0, true, K::Noted, kConnect},
    {"abstract-unix-socket", 0, true, K::Noted, kConnect},
    {"request-target", 0, true, K::Noted, kOther},
    {"time-cond", 'z', true, K::Noted, kOther},
    {"variable", 0, true, K::Noted, kOther},
    {"telnet-option", 't', true, K::Noted, kOther},
    {"quote", 'Q', true, K::Noted, kOther},
    {"mail-from", 0, true, K::Noted, kOther},
    {"mail-rcpt", 0, true, K::Noted, kOther},
    {"ftp-port", 'P', true, K::Noted, kOther},
    {"etag-save", 0, true, K::Noted, kOther},
    {"etag-compare", 0, true, K::Noted, kOther},
    {"doh-url", 0, true, K::Noted, kConnect},
    {"pinnedpubkey", 0, true, K::Noted, kClientCert},
};

} // namespace

const CurlOption *CurlOptions::find(const QString &longName)
{
    for (const CurlOption &option : kOptions) {
        if (longName == QLatin1String(option.longName))
            return &option;
    }
    return nullptr;
}

const CurlOption *CurlOptions::find(QChar shortName)
{
    for (const CurlOption &option : kOptions) {
        if (option.shortName != 0 && shortName == QLatin1Char(option.shortName))
            return &option;
    }
    return nullptr;
}

QString CurlOptions::why(const CurlOption &option)
{
    return option.why ? RunsTr::tr(option.why) : QString();
}

} // namespace batchlab

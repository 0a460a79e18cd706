#ifndef CCURL_H
#define CCURL_H

/*
 * Typed wrappers around libcurl's variadic entry points.
 *
 * curl_easy_setopt, curl_easy_getinfo and curl_multi_setopt take a variadic argument whose
 * type depends on the option. Swift cannot call C variadic functions, so each wrapper below
 * fixes the argument type; the Swift side picks the wrapper that matches the option.
 */

#include <curl/curl.h>
#include <stddef.h>

/// A callback with the signature of CURLOPT_WRITEFUNCTION and CURLOPT_HEADERFUNCTION.
typedef size_t (*ccurl_data_callback)(char *buffer, size_t size, size_t count, void *userdata);

CURLcode ccurl_easy_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode ccurl_easy_setopt_off(CURL *handle, CURLoption option, curl_off_t value);
CURLcode ccurl_easy_setopt_string(CURL *handle, CURLoption option, const char *value);
CURLcode ccurl_easy_setopt_pointer(CURL *handle, CURLoption option, void *value);
CURLcode ccurl_easy_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value);
CURLcode ccurl_easy_setopt_data_callback(CURL *handle, CURLoption option, ccurl_data_callback callback);
/// Sets a blob option (CA bundle, client certificate or key as PEM data); libcurl copies the bytes.
CURLcode ccurl_easy_setopt_blob(CURL *handle, CURLoption option, const void *data, size_t length);

CURLcode ccurl_easy_getinfo_long(CURL *handle, CURLINFO info, long *value);
CURLcode ccurl_easy_getinfo_off(CURL *handle, CURLINFO info, curl_off_t *value);

CURLMcode ccurl_multi_setopt_long(CURLM *multi, CURLMoption option, long value);

/// The easy handle a CURLMsg is about.
CURL *ccurl_message_handle(const CURLMsg *message);
/// Non-zero when the message says a transfer is done.
int ccurl_message_is_done(const CURLMsg *message);
/// The result code of a finished transfer.
CURLcode ccurl_message_result(const CURLMsg *message);

/// The value a write callback returns to pause the transfer.
size_t ccurl_write_pause(void);


#endif

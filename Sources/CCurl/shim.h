// libcurl as the system provides it (Debian: libcurl4-openssl-dev for the headers, libcurl4 at run time), for
// CurlTransport. The binary does not link libcurl: `ccurl_load` opens it with dlopen on the first request, so the
// commands that never make one (`spec`, `--version`) do not pay for loading libcurl and the 30 libraries it needs
// (about 4 ms, more than half of `spec`'s start). The function pointers live in a `ccurl_library` that Swift owns.
//
// curl_easy_setopt, curl_easy_getinfo and curl_multi_setopt are variadic, which Swift cannot call: the typed
// wrappers below call them with a variadic prototype, as C callers do.
#ifndef CCURL_SHIM_H
#define CCURL_SHIM_H

#include <curl/curl.h>
#include <dlfcn.h>

typedef struct ccurl_library {
    CURLcode (*global_init)(long flags);
    CURL *(*easy_init)(void);
    void *easy_setopt;
    void *easy_getinfo;
    void (*easy_cleanup)(CURL *handle);
    const char *(*easy_strerror)(CURLcode code);
    struct curl_slist *(*slist_append)(struct curl_slist *list, const char *string);
    void (*slist_free_all)(struct curl_slist *list);
    CURLM *(*multi_init)(void);
    void *multi_setopt;
    CURLMcode (*multi_add_handle)(CURLM *multi, CURL *handle);
    CURLMcode (*multi_remove_handle)(CURLM *multi, CURL *handle);
    CURLMcode (*multi_perform)(CURLM *multi, int *running);
    CURLMcode (*multi_poll)(CURLM *multi, struct curl_waitfd *extra, unsigned int count, int timeout, int *ready);
    CURLMcode (*multi_wakeup)(CURLM *multi);
    CURLMsg *(*multi_info_read)(CURLM *multi, int *remaining);
} ccurl_library;

/// Opens libcurl (`path` as dlopen takes it), resolves every function in `library` and runs curl_global_init.
/// Returns NULL, or what went wrong (dlerror's text, or the name of a missing function).
static inline const char *ccurl_load(ccurl_library *library, const char *path) {
    void *handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!handle) return dlerror();
#define CCURL_RESOLVE(field, name) \
    if (!(*(void **)&library->field = dlsym(handle, name))) return "libcurl lacks " name;
    CCURL_RESOLVE(global_init, "curl_global_init")
    CCURL_RESOLVE(easy_init, "curl_easy_init")
    CCURL_RESOLVE(easy_setopt, "curl_easy_setopt")
    CCURL_RESOLVE(easy_getinfo, "curl_easy_getinfo")
    CCURL_RESOLVE(easy_cleanup, "curl_easy_cleanup")
    CCURL_RESOLVE(easy_strerror, "curl_easy_strerror")
    CCURL_RESOLVE(slist_append, "curl_slist_append")
    CCURL_RESOLVE(slist_free_all, "curl_slist_free_all")
    CCURL_RESOLVE(multi_init, "curl_multi_init")
    CCURL_RESOLVE(multi_setopt, "curl_multi_setopt")
    CCURL_RESOLVE(multi_add_handle, "curl_multi_add_handle")
    CCURL_RESOLVE(multi_remove_handle, "curl_multi_remove_handle")
    CCURL_RESOLVE(multi_perform, "curl_multi_perform")
    CCURL_RESOLVE(multi_poll, "curl_multi_poll")
    CCURL_RESOLVE(multi_wakeup, "curl_multi_wakeup")
    CCURL_RESOLVE(multi_info_read, "curl_multi_info_read")
#undef CCURL_RESOLVE
    if (library->global_init(CURL_GLOBAL_ALL) != CURLE_OK) return "curl_global_init failed";
    return NULL;
}

typedef CURLcode (*ccurl_setopt_function)(CURL *, CURLoption, ...);
typedef CURLcode (*ccurl_getinfo_function)(CURL *, CURLINFO, ...);
typedef CURLMcode (*ccurl_multi_setopt_function)(CURLM *, CURLMoption, ...);

static inline CURLcode ccurl_setopt_long(const ccurl_library *library, CURL *handle, CURLoption option, long value) {
    return ((ccurl_setopt_function)library->easy_setopt)(handle, option, value);
}

static inline CURLcode ccurl_setopt_string(
    const ccurl_library *library, CURL *handle, CURLoption option, const char *value) {
    return ((ccurl_setopt_function)library->easy_setopt)(handle, option, value);
}

static inline CURLcode ccurl_setopt_pointer(
    const ccurl_library *library, CURL *handle, CURLoption option, const void *value) {
    return ((ccurl_setopt_function)library->easy_setopt)(handle, option, value);
}

static inline CURLcode ccurl_setopt_off(
    const ccurl_library *library, CURL *handle, CURLoption option, curl_off_t value) {
    return ((ccurl_setopt_function)library->easy_setopt)(handle, option, value);
}

/// CURLOPT_WRITEFUNCTION and CURLOPT_HEADERFUNCTION share this signature.
static inline CURLcode ccurl_setopt_write_function(
    const ccurl_library *library, CURL *handle, CURLoption option, curl_write_callback callback) {
    return ((ccurl_setopt_function)library->easy_setopt)(handle, option, callback);
}

static inline CURLcode ccurl_getinfo_long(const ccurl_library *library, CURL *handle, CURLINFO info, long *value) {
    return ((ccurl_getinfo_function)library->easy_getinfo)(handle, info, value);
}

static inline CURLMcode ccurl_multi_setopt_long(
    const ccurl_library *library, CURLM *multi, CURLMoption option, long value) {
    return ((ccurl_multi_setopt_function)library->multi_setopt)(multi, option, value);
}

#endif

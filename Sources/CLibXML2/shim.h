#ifndef PERFAUDIT_CLIBXML2_SHIM_H
#define PERFAUDIT_CLIBXML2_SHIM_H
/*
 * This libxml2 is built with ICU, so <libxml/encoding.h> would pull in the system ICU headers,
 * whose types clash with Foundation's bundled ICU in any module that sees both. Only the
 * ICU-specific fields of xmlCharEncodingHandler depend on it, which perfaudit never touches
 * (it uses handlers through pointers only), so the ICU part of the headers is left out.
 */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlsave.h>
#include <libxml/SAX2.h>
#include <libxml/encoding.h>

/* A generic (variadic) error handler that prints nothing; Swift cannot define variadic C functions. */
static inline void perfaudit_xml_silent_generic_error(void *ctx, const char *msg, ...) {
    (void)ctx;
    (void)msg;
}

/* Silences libxml2's generic error channel for the calling thread (it prints to stderr by default). */
static inline void perfaudit_xml_silence_thread(void) {
    xmlSetGenericErrorFunc(NULL, perfaudit_xml_silent_generic_error);
}

/* Also makes the silent handler the default for threads created later. */
static inline void perfaudit_xml_silence_new_threads(void) {
    xmlThrDefSetGenericErrorFunc(NULL, perfaudit_xml_silent_generic_error);
}
#endif

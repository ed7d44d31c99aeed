#ifndef PERFAUDIT_CLIBXML2_SHIM_H
#define PERFAUDIT_CLIBXML2_SHIM_H
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlsave.h>
#include <libxml/SAX2.h>
#include <libxml/encoding.h>
#endif

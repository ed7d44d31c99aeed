#ifndef PERFAUDIT_CXLSXWRITER_SHIM_H
#define PERFAUDIT_CXLSXWRITER_SHIM_H
/* libxlsxwriter (Debian libxlsxwriter-dev), imported only by PerfauditXLSX. */
#include <xlsxwriter.h>
#endif

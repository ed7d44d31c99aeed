/*
 * xmlfloor — the floor for perfaudit's XML batch: libxml2 merely parsing every file into a tree
 * and freeing it, on N threads. No validation, no scoring, no output.
 *
 *   cc -O2 xmlfloor.c $(pkg-config --cflags --libs libxml-2.0) -lpthread -o xmlfloor
 *   xmlfloor DIR [--jobs N] [--validate SCHEMA.xsd]
 *
 * Walks DIR recursively for *.xml, then N threads take files from a shared counter, read each
 * into a reused buffer and call xmlReadMemory(..., XML_PARSE_NONET) and xmlFreeDoc.
 * xmlInitParser() is called once before the threads start.
 *
 * With --validate, each thread instead runs what perfaudit's loader cannot do without: a SAX2
 * push parse (one reused parser context per thread, empty callbacks, no tree) with the schema's
 * streaming validator plugged in (xmlSchemaSAXPlug; the schema compiled once and shared, one
 * validation context per thread). That is the cost of the mandatory XSD check alone.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <libxml/parser.h>
#include <libxml/xmlschemas.h>

static char **files;
static size_t nfiles, capfiles;
static atomic_size_t next_file;
static atomic_size_t failures;
static xmlSchemaPtr schema; /* set by --validate */

static void add_file(const char *path) {
    if (nfiles == capfiles) {
        capfiles = capfiles ? capfiles * 2 : 1024;
        files = realloc(files, capfiles * sizeof *files);
        if (!files) { perror("realloc"); exit(1); }
    }
    files[nfiles++] = strdup(path);
}

static int ends_with(const char *s, const char *suffix) {
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcasecmp(s + a - b, suffix) == 0;
}

static void walk(const char *dir) {
    DIR *d = opendir(dir);
    if (!d) { fprintf(stderr, "xmlfloor: %s: %s\n", dir, strerror(errno)); exit(1); }
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        struct stat st;
        if (stat(path, &st) != 0) continue;
        if (S_ISDIR(st.st_mode)) walk(path);
        else if (S_ISREG(st.st_mode) && ends_with(e->d_name, ".xml")) add_file(path);
    }
    closedir(d);
}

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void no_start(void *c, const xmlChar *l, const xmlChar *p, const xmlChar *u, int nn, const xmlChar **ns,
                     int na, int nd, const xmlChar **a) {
    (void)c; (void)l; (void)p; (void)u; (void)nn; (void)ns; (void)na; (void)nd; (void)a;
}
static void no_end(void *c, const xmlChar *l, const xmlChar *p, const xmlChar *u) { (void)c; (void)l; (void)p; (void)u; }
static void no_text(void *c, const xmlChar *s, int n) { (void)c; (void)s; (void)n; }

/* Per-thread SAX2 parser and validation context for --validate. */
static __thread xmlParserCtxtPtr parser;
static __thread xmlSchemaValidCtxtPtr validator;

/* A SAX2 push parse of one document with the streaming validator plugged in; 1 if valid. */
static int validate(const char *buf, size_t len) {
    if (!parser) {
        xmlSAXHandler sax;
        memset(&sax, 0, sizeof sax);
        sax.initialized = XML_SAX2_MAGIC;
        sax.startElementNs = no_start;
        sax.endElementNs = no_end;
        sax.characters = no_text;
        parser = xmlCreatePushParserCtxt(&sax, NULL, NULL, 0, NULL);
        validator = xmlSchemaNewValidCtxt(schema);
        if (!parser || !validator) { fprintf(stderr, "xmlfloor: out of memory\n"); exit(1); }
    }
    size_t head = len < 4 ? len : 4;
    xmlCtxtResetPush(parser, buf, (int)head, NULL, NULL);
    xmlCtxtUseOptions(parser, XML_PARSE_NONET);
    xmlSchemaSAXPlugPtr plug = xmlSchemaSAXPlug(validator, &parser->sax, &parser->userData);
    int status = xmlParseChunk(parser, buf + head, (int)(len - head), 1);
    int valid = status == 0 && parser->wellFormed && xmlSchemaIsValid(validator) == 1;
    xmlSchemaSAXUnplug(plug);
    return valid;
}

static void *worker(void *arg) {
    (void)arg;
    size_t cap = 1 << 16;
    char *buf = malloc(cap);
    for (;;) {
        size_t i = atomic_fetch_add(&next_file, 1);
        if (i >= nfiles) break;
        int fd = open(files[i], O_RDONLY | O_CLOEXEC);
        if (fd < 0) { atomic_fetch_add(&failures, 1); continue; }
        size_t len = 0;
        for (;;) {
            if (len == cap) { cap *= 2; buf = realloc(buf, cap); }
            ssize_t n = read(fd, buf + len, cap - len);
            if (n < 0) { if (errno == EINTR) continue; break; }
            if (n == 0) break;
            len += (size_t)n;
        }
        close(fd);
        if (schema) {
            if (!validate(buf, len)) atomic_fetch_add(&failures, 1);
            continue;
        }
        xmlDocPtr doc = xmlReadMemory(buf, (int)len, files[i], NULL, XML_PARSE_NONET);
        if (!doc) { atomic_fetch_add(&failures, 1); continue; }
        xmlFreeDoc(doc);
    }
    free(buf);
    if (parser) xmlFreeParserCtxt(parser);
    if (validator) xmlSchemaFreeValidCtxt(validator);
    return NULL;
}

static void quiet(void *ctx, const char *msg, ...) { (void)ctx; (void)msg; }

int main(int argc, char **argv) {
    const char *dir = NULL, *xsd = NULL;
    const char *usage = "usage: xmlfloor DIR [--jobs N] [--validate SCHEMA.xsd]\n";
    int jobs = 1;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--jobs") == 0 && i + 1 < argc) jobs = atoi(argv[++i]);
        else if (strcmp(argv[i], "--validate") == 0 && i + 1 < argc) xsd = argv[++i];
        else if (!dir) dir = argv[i];
        else { fprintf(stderr, "%s", usage); return 1; }
    }
    if (!dir || jobs < 1) { fprintf(stderr, "%s", usage); return 1; }
    xmlInitParser();
    xmlSetGenericErrorFunc(NULL, quiet);
    if (xsd) {
        xmlSchemaParserCtxtPtr context = xmlSchemaNewParserCtxt(xsd);
        schema = context ? xmlSchemaParse(context) : NULL;
        if (context) xmlSchemaFreeParserCtxt(context);
        if (!schema) { fprintf(stderr, "xmlfloor: %s does not compile\n", xsd); return 1; }
    }
    walk(dir);
    qsort(files, nfiles, sizeof *files, cmp);
    pthread_t *threads = calloc((size_t)jobs, sizeof *threads);
    for (int t = 0; t < jobs; t++) pthread_create(&threads[t], NULL, worker, NULL);
    for (int t = 0; t < jobs; t++) pthread_join(threads[t], NULL);
    fprintf(stderr, "xmlfloor: %zu files %s, %zu failed, %d threads\n", nfiles - atomic_load(&failures),
            schema ? "parsed and valid" : "parsed", atomic_load(&failures), jobs);
    xmlCleanupParser();
    return atomic_load(&failures) ? 2 : 0;
}

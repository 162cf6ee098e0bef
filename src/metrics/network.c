/*
 * metrics/network — cooperation networks through igraph (see network.h).
 */
#include "metrics/network.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <igraph/igraph.h>

/* Debian's igraph is built without thread-local state (IGRAPH_THREAD_SAFE
 * is 0): its error handlers and clean-up stack are process-wide, and so is
 * ARPACK's state under the eigenvector centrality. The server answers
 * requests on several threads, so one network at a time is computed; this
 * lock is the only mutable state bloc keeps outside a request, and it
 * guards a library that cannot be used otherwise. */
static pthread_mutex_t igraph_lock = PTHREAD_MUTEX_INITIALIZER;

static int compute(size_t n, const double *w, net_result *out, bloc_error *err);

int net_compute(size_t n, const double *w, net_result *out, bloc_error *err)
{
    pthread_mutex_lock(&igraph_lock);
    int rc = compute(n, w, out, err);
    pthread_mutex_unlock(&igraph_lock);
    return rc;
}

static int compute(size_t n, const double *w, net_result *out, bloc_error *err)
{
    igraph_t g;
    igraph_vector_int_t edges;
    igraph_vector_t weights, centrality, strength;
    int rc = BLOC_OK, have_graph = 0;
    memset(out, 0, sizeof *out);
    out->n = n;
    out->hub = -1;
    if (!(out->nodes = calloc(n + 1, sizeof *out->nodes)))
        return bloc_fail(err, BLOC_ENOMEM, "out of memory");
    /* igraph reports errors through a process-wide handler that aborts by
     * default: make it return the error code to us instead */
    igraph_set_error_handler(igraph_error_handler_ignore);
    igraph_set_warning_handler(igraph_warning_handler_ignore);
    if (igraph_vector_int_init(&edges, 0) || igraph_vector_init(&weights, 0) ||
        igraph_vector_init(&centrality, 0) || igraph_vector_init(&strength, 0))
        return bloc_fail(err, BLOC_ENOMEM, "out of memory");
    double pairs = n > 1 ? (double)n * (double)(n - 1) / 2 : 0, wsum = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            if (w[i * n + j] > 0) {
                if (igraph_vector_int_push_back(&edges, (igraph_integer_t)i) ||
                    igraph_vector_int_push_back(&edges, (igraph_integer_t)j) ||
                    igraph_vector_push_back(&weights, w[i * n + j])) {
                    rc = bloc_fail(err, BLOC_ENOMEM, "out of memory");
                    goto done;
                }
                out->nodes[i].degree++;
                out->nodes[j].degree++;
                out->edges++;
                wsum += w[i * n + j];
            }
    out->density = pairs > 0 ? (double)out->edges / pairs : 0;
    out->weighted_density = pairs > 0 ? wsum / pairs : 0;
    if (out->edges == 0)
        goto done; /* no cooperation: every state isolated, no hub */
    if (igraph_create(&g, &edges, (igraph_integer_t)n, IGRAPH_UNDIRECTED) != IGRAPH_SUCCESS) {
        rc = bloc_fail(err, BLOC_ENOMEM, "cannot build the network");
        goto done;
    }
    have_graph = 1;
    igraph_real_t value;
    if (igraph_strength(&g, &strength, igraph_vss_all(), IGRAPH_ALL, IGRAPH_NO_LOOPS, &weights) !=
            IGRAPH_SUCCESS ||
        igraph_eigenvector_centrality(&g, &centrality, &value, IGRAPH_UNDIRECTED, 1, &weights,
                                      NULL) != IGRAPH_SUCCESS) {
        rc = bloc_fail(err, BLOC_EINPUT, "igraph could not compute the centralities");
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        out->nodes[i].strength = VECTOR(strength)[i];
        out->nodes[i].centrality = out->nodes[i].degree ? VECTOR(centrality)[i] : 0;
        const net_node *h = out->hub >= 0 ? &out->nodes[out->hub] : NULL;
        if (out->nodes[i].degree &&
            (!h || out->nodes[i].centrality > h->centrality + 1e-12 ||
             (out->nodes[i].centrality > h->centrality - 1e-12 &&
              out->nodes[i].strength > h->strength)))
            out->hub = (int)i;
    }
done:
    if (have_graph)
        igraph_destroy(&g);
    igraph_vector_int_destroy(&edges);
    igraph_vector_destroy(&weights);
    igraph_vector_destroy(&centrality);
    igraph_vector_destroy(&strength);
    return rc;
}

void net_result_free(net_result *r)
{
    free(r->nodes);
    r->nodes = NULL;
}

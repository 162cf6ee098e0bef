/*
 * metrics/network — the cooperation network of a group of states: nodes
 * are states, an undirected edge carries the net cooperative events between
 * two of them (cooperative minus conflictual, both directions, floored at
 * zero). Computes each state's degree, strength (weighted degree) and
 * eigenvector centrality with igraph, the graph's density and weighted
 * density, and the hub (the most central state). Pure computation on a
 * weight matrix; no store access.
 */
#ifndef BLOC_METRICS_NETWORK_H
#define BLOC_METRICS_NETWORK_H

#include <stddef.h>

#include "core/error.h"

typedef struct net_node {
    int degree;          /* states it has a positive edge with */
    double strength;     /* sum of its edge weights */
    double centrality;   /* eigenvector centrality, scaled to max 1; 0 when isolated */
} net_node;

typedef struct net_result {
    size_t n;
    net_node *nodes;     /* owned; net_result_free */
    long edges;          /* pairs with a positive weight */
    double density;      /* edges / pairs */
    double weighted_density; /* sum of weights / pairs */
    int hub;             /* index of the most central state; -1 without edges */
} net_result;

/* w: n x n weights (row i, column j), symmetric, diagonal ignored, >= 0. */
int net_compute(size_t n, const double *w, net_result *out, bloc_error *err);
void net_result_free(net_result *r);

#endif

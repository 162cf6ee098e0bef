/*
 * metrics/agreement — contingency-table measures (see agreement.h).
 */
#include "metrics/agreement.h"

#include <math.h>

void agree_compute(const agree_table *t, agree_measures *m)
{
    long n = 0, same = 0, dist = 0;
    long row[3] = {0, 0, 0}, colm[3] = {0, 0, 0};
    for (int x = 0; x < 3; x++)
        for (int y = 0; y < 3; y++) {
            long c = t->n[x][y];
            n += c;
            row[x] += c;
            colm[y] += c;
            if (x == y)
                same += c;
            dist += c * (x > y ? x - y : y - x);
        }
    m->n = n;
    m->kappa_ok = 0;
    m->kappa = NAN;
    if (n == 0) {
        m->agree = m->s = NAN;
        return;
    }
    double dn = (double)n;
    m->agree = (double)same / dn;
    m->s = 1.0 - (double)dist / dn; /* 1 - 2*sum|x-y| / (n * d_max), d_max = 2 */
    double pe = 0;
    for (int k = 0; k < 3; k++)
        pe += ((double)row[k] / dn) * ((double)colm[k] / dn);
    /* pe == 1 only when both states cast one and the same vote every time;
     * compare with a tolerance since pe is a sum of products of ratios */
    if (1.0 - pe > 1e-12) {
        m->kappa = (m->agree - pe) / (1.0 - pe);
        m->kappa_ok = 1;
    }
}

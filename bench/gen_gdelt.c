/*
 * bench/gen_gdelt — write N synthetic events in the GDELT 2.0 export layout
 * (61 tab-separated columns) to standard output, for benchmarks only: never
 * for tests of correctness. Deterministic (seeded xorshift). Distributions
 * follow what GDELT exports look like: most events verbal cooperation
 * (roots 01-05), a few countries dominating the actor codes, a third of the
 * actors without a country, event dates a few days before DATEADDED, a
 * source URL on every row. About 5% of rows have a CRINK state (RUS, CHN,
 * IRN, PRK) as an actor, so `--countries crink` keeps about 5%.
 *
 * usage: gen_gdelt N [CAMEO.goldsteinscale.txt] > file.CSV
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t state = 0x9E3779B97F4A7C15ull;

static uint64_t next(void)
{
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
}

static double uniform(void)
{
    return (double)(next() >> 11) / 9007199254740992.0;
}

typedef struct weighted {
    const char *code, *fips, *city;
    double w;
} weighted;

/* Actor countries: shares of actors with a country (CRINK about 2.5%). */
static const weighted countries[] = {
    {"USA", "US", "Washington", 30}, {"GBR", "UK", "London", 6},  {"IND", "IN", "New Delhi", 5},
    {"ISR", "IS", "Jerusalem", 4},   {"UKR", "UP", "Kyiv", 4},    {"FRA", "FR", "Paris", 3},
    {"DEU", "GM", "Berlin", 3},      {"AUS", "AS", "Canberra", 3}, {"CAN", "CA", "Ottawa", 3},
    {"PAK", "PK", "Islamabad", 2},   {"NGA", "NI", "Abuja", 2},   {"JPN", "JA", "Tokyo", 2},
    {"TUR", "TU", "Ankara", 2},      {"SYR", "SY", "Damascus", 2}, {"AFG", "AF", "Kabul", 2},
    {"ZAF", "SF", "Pretoria", 2},    {"PHL", "RP", "Manila", 2},  {"EGY", "EG", "Cairo", 2},
    {"KOR", "KS", "Seoul", 2},       {"BRA", "BR", "Brasilia", 2}, {"MEX", "MX", "Mexico City", 1.5},
    {"SAU", "SA", "Riyadh", 1.5},    {"IRQ", "IZ", "Baghdad", 1.5}, {"ITA", "IT", "Rome", 1.5},
    {"ESP", "SP", "Madrid", 1},      {"KEN", "KE", "Nairobi", 1}, {"IDN", "ID", "Jakarta", 1},
    {"POL", "PL", "Warsaw", 1},      {"GEO", "GG", "Tbilisi", 0.5}, {"VNM", "VM", "Hanoi", 0.5},
    {"RUS", "RS", "Moscow", 1.55},   {"CHN", "CH", "Beijing", 1.3}, {"IRN", "IR", "Tehran", 0.4},
    {"PRK", "KN", "Pyongyang", 0.15}};
static const char *const types[] = {"GOV", "MIL", "BUS", "MED", "CVL", "EDU", "JUD", "LEG",
                                    "COP", "REB", "OPP", "NGO"};
static const char *const words[] = {"minister", "talks", "border", "trade", "deal",
                                    "summit", "visit", "sanctions", "troops", "aid",
                                    "election", "protest", "court", "energy", "security"};

typedef struct code {
    char code[6];
    double goldstein, w;
} code;

static const weighted *pick_country(double total)
{
    double x = uniform() * total;
    size_t n = sizeof countries / sizeof countries[0];
    for (size_t i = 0; i < n; i++)
        if ((x -= countries[i].w) < 0)
            return &countries[i];
    return &countries[n - 1];
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: gen_gdelt N [CAMEO.goldsteinscale.txt]\n");
        return 2;
    }
    long long n = atoll(argv[1]);
    const char *table = argc > 2 ? argv[2] : "data/cameo/CAMEO.goldsteinscale.txt";
    FILE *f = fopen(table, "r");
    if (!f) {
        perror(table);
        return 1;
    }
    code codes[400];
    size_t ncodes = 0;
    char line[256];
    double wsum = 0;
    while (fgets(line, sizeof line, f) && ncodes < 400) {
        code c;
        if (sscanf(line, "%5s %lf", c.code, &c.goldstein) != 2 || strlen(c.code) < 3)
            continue;
        int root = (c.code[0] - '0') * 10 + (c.code[1] - '0');
        /* GDELT: roots 01-05 carry most events; the rest fall off */
        c.w = root <= 5 ? 10.0 : root <= 8 ? 3.0 : root <= 13 ? 2.0 : 1.0;
        if (strcmp(c.code, "042") == 0 || strcmp(c.code, "043") == 0 ||
            strcmp(c.code, "036") == 0 || strcmp(c.code, "010") == 0 ||
            strcmp(c.code, "051") == 0 || strcmp(c.code, "190") == 0)
            c.w *= 8;
        wsum += c.w;
        codes[ncodes++] = c;
    }
    fclose(f);
    double ctotal = 0;
    for (size_t i = 0; i < sizeof countries / sizeof countries[0]; i++)
        ctotal += countries[i].w;
    static char buf[1 << 16];
    setvbuf(stdout, buf, _IOFBF, sizeof buf);
    long long id = 1000000000;
    for (long long r = 0; r < n; r++) {
        /* DATEADDED walks through 2024, 15-minute steps, ~100k events a day */
        long long minute = r / 1100 * 15;
        int day = (int)(minute / 1440) % 365, month = 1, dom;
        static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
        dom = day;
        while (dom >= mdays[month - 1]) {
            dom -= mdays[month - 1];
            month++;
        }
        dom++;
        int back = uniform() < 0.8 ? 0 : (int)(uniform() * 6); /* event date: same day or earlier */
        int eday = dom - back > 0 ? dom - back : 1;
        int hh = (int)(minute % 1440) / 60, mm = (int)(minute % 60);
        const weighted *a[2] = {NULL, NULL};
        char acode[2][32] = {"", ""}, aname[2][64] = {"", ""}, atype[2][32] = {"", ""};
        for (int k = 0; k < 2; k++) {
            if (uniform() < 0.66) {
                a[k] = pick_country(ctotal);
                const char *t = uniform() < 0.5 ? types[next() % 12] : "";
                snprintf(acode[k], sizeof acode[k], "%s%s", a[k]->code, t);
                snprintf(atype[k], sizeof atype[k], "%s", t);
                snprintf(aname[k], sizeof aname[k], "%s", a[k]->city);
                for (char *p = aname[k]; *p; p++)
                    if (*p >= 'a' && *p <= 'z')
                        *p -= 32;
            } else if (uniform() < 0.5) {
                snprintf(acode[k], sizeof acode[k], "%s", types[next() % 12]);
                memcpy(atype[k], acode[k], sizeof atype[k]);
                snprintf(aname[k], sizeof aname[k], "%s", words[next() % 15]);
            }
        }
        double x = uniform() * wsum;
        size_t ci = 0;
        while (ci + 1 < ncodes && (x -= codes[ci].w) >= 0)
            ci++;
        const code *c = &codes[ci];
        int root = (c->code[0] - '0') * 10 + (c->code[1] - '0');
        int quad = root <= 5 ? 1 : root <= 8 ? 2 : root <= 13 ? 3 : 4;
        int mentions = 1 + (int)(-10 * __builtin_log(uniform() + 1e-12)) % 60;
        int sources = 1 + mentions / 4, articles = mentions;
        double tone = (uniform() - 0.55) * 14;
        const weighted *g = a[0] ? a[0] : a[1] ? a[1] : &countries[next() % 30];
        double lat = (uniform() - 0.5) * 120, lon = (uniform() - 0.5) * 340;
        printf("%lld\t2024%02d%02d\t2024%02d\t2024\t%.4f\t", id++, month, eday, month,
               2024 + (day + 0.5) / 365.0);
        for (int k = 0; k < 2; k++)
            printf("%s\t%s\t%s\t\t\t\t\t%s\t\t\t", acode[k], aname[k], a[k] ? a[k]->code : "",
                   atype[k]);
        printf("%d\t%s\t%.3s\t%.2s\t%d\t%.1f\t%d\t%d\t%d\t%.15g\t", uniform() < 0.6, c->code,
               c->code, c->code, quad, c->goldstein, mentions, sources, articles, tone);
        for (int k = 0; k < 3; k++) {
            const weighted *p = k < 2 ? a[k] : g;
            if (!p) {
                printf("0\t\t\t\t\t\t\t\t");
                continue;
            }
            printf("4\t%s, %s\t%s\t%s%02d\t%d\t%.4f\t%.4f\t-%d\t", p->city, p->code, p->fips,
                   p->fips, (int)(next() % 40), (int)(next() % 90000), lat, lon,
                   (int)(next() % 3000000));
        }
        printf("2024%02d%02d%02d%02d00\thttps://www.example-news%d.com/world/2024/%02d/%02d/"
               "%s-%s-%s-%lld.html\n",
               month, dom, hh, mm, (int)(next() % 500), month, dom, words[next() % 15],
               words[next() % 15], words[next() % 15], id);
    }
    return fflush(stdout) == 0 ? 0 : 1;
}

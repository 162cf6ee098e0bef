/*
 * tests/fuzz/sipri_fuzz — libFuzzer target for the SIPRI reader (every
 * layout): the first byte picks what is written before the input — the
 * preamble and header of the per-delivery register, of the classic
 * register, of the recipient or the supplier TIV table, or nothing (the
 * input is the whole file, preamble included) — and the file is loaded as
 * `bloc ingest sipri --quarantine` does, into one store kept for the run
 * (later inputs meet earlier releases: conflicts, comparisons). Checked: a
 * load either fails with a message and stores nothing, or stores exactly
 * the rows it counted as inserted, and for the per-delivery register
 * accounts for every row (stored, the same again, or quarantined).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api/session.h"
#include "ingest/sipri.h"
#include "registry/registry.h"
#include "store/store.h"
#include "fuzz_store.h"

#ifndef BLOC_DATADIR
#define BLOC_DATADIR "data"
#endif

static char path[96];

static void remove_file(void)
{
    unlink(path);
}

static const char *const heads[] = {
    "Transfers of major conventional arms from All countries to All countries. Deals with deliveries"
    " or orders made for year range '1990' to '2023' \n"
    "Source: SIPRI Arms Transfers Database (c) SIPRI.\nData generated: 13 Apr 2024 3:44:54 PM\n"
    "SIPRI AT Database ID,Supplier,Recipient,Designation,Description,Armament category,Order date,"
    "Order date is estimate,Numbers delivered,Numbers delivered is estimate,Delivery year,"
    "Delivery year is estimate,Status,SIPRI estimate,TIV deal unit,TIV delivery values,Local production\n",
    "Transfers of major conventional arms from All countries  to All countries . Deals with deliveries"
    " or orders made for year range '1950' to '2024' \n"
    "Source: SIPRI Arms Transfers Database (c) SIPRI.\nData generated: 13 Oct 2024 2:20:11 PM\n"
    "Recipient,Supplier,Year of order, ,Number ordered, ,Weapon designation,Weapon description,"
    "Number delivered, ,Year(s) of delivery,status,Comments,SIPRI TIV per unit,"
    "SIPRI TIV for total order,SIPRI TIV of delivered weapons\n",
    "Volume of transfers of major arms\nSource: SIPRI Arms Transfers Database (c) SIPRI.\n"
    "Data generated: 13 Apr 2024 3:53:58 PM\n\n"
    "Recipient,2020,2021,2022,2020-2022,Percentage,Sum total years,Percentage of total\n",
    "Volume of transfers of major arms\nSource: SIPRI Arms Transfers Database (c) SIPRI.\n"
    "Data generated: 13 Apr 2024 3:54:15 PM\n\n"
    "Exports by,2020,2021,2022,2020-2022,Percentage,Sum total years,Percentage of total\n",
    ""};

static void counts(store *s, long long *n)
{
    long long files;
    bloc_error err;
    if (store_arms_counts(s, &n[0], &n[1], &files, &err) != BLOC_OK)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static store *s;
    static registry *reg;
    bloc_error err;
    if (!s) {
        snprintf(path, sizeof path, "/tmp/bloc-sipri-fuzz-%ld.csv", (long)getpid());
        fuzz_store_open("sipri_fuzz", &s, &reg);
        atexit(remove_file);
    }
    if (!size)
        return 0;
    size_t which = data[0] % (sizeof heads / sizeof heads[0]);
    FILE *f = fopen(path, "wb");
    if (!f)
        abort();
    fputs(heads[which], f);
    fwrite(data + 1, 1, size - 1, f);
    fclose(f);
    sipri_ingest_opts o = {.path = path, .datadir = BLOC_DATADIR, .quarantine = tmpfile(),
                           .scope = data[0] & 0x80 ? "recipients:CHN,RUS" : NULL};
    if (!o.quarantine)
        abort();
    sipri_ingest_result res;
    long long before[2], after[2];
    counts(s, before);
    int rc = sipri_ingest(s, reg, &o, &res, &err);
    counts(s, after);
    if (rc != BLOC_OK && (!err.msg[0] || after[0] != before[0] || after[1] != before[1]))
        abort(); /* a failed load says why and stores nothing */
    if (rc == BLOC_OK && after[0] + after[1] - before[0] - before[1] != res.inserted)
        abort(); /* exactly the new rows stored */
    if (rc == BLOC_OK && strcmp(res.layout, STORE_ARMS_DELIVERIES) == 0 &&
        res.inserted + res.duplicates + res.rejected != res.rows)
        abort(); /* every register row accounted for */
    fclose(o.quarantine);
    return 0;
}

/*
 * cli/cmd_ingest — `bloc ingest unga|gdelt|events|atop|sipri`: parses, calls the load
 * (ingest/load), prints one row per file, then runs the watch rules on
 * what was loaded.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "ingest/load.h"

static const char *const help =
    "usage: bloc ingest unga|gdelt|events|atop|sipri ...\n\n"
    "  unga    UN General Assembly roll-call votes\n"
    "  gdelt   GDELT 1.0 / 2.0 event exports\n"
    "  events  events in bloc's own CSV or JSON Lines format\n"
    "  atop    formal alliances: the ATOP dyad-year table\n"
    "  sipri   arms transfers: SIPRI's registers and TIV tables\n\n"
    "Run bloc ingest SOURCE --help for each one's options.\n";

static const cli_command unga_command = {
    "ingest unga", &ingest_unga_call,
    "usage: bloc ingest unga --votes FILE [--rollcalls FILE] [--issues FILE]\n"
    "                        [--quarantine FILE] [--quiet]\n",
    "Load UN General Assembly roll-call votes (.csv or .csv.gz). Two layouts:\n"
    "  * Voeten/Strezhnev/Bailey as in the R package unvotes: --rollcalls\n"
    "    (rcid, session, importantvote, date, unres, amend, para, short, descr),\n"
    "    --votes (rcid, country, country_code, vote) and optional --issues\n"
    "    (rcid, short_name, issue). Roll calls load before votes.\n"
    "  * the UN Digital Library voting export (undl_id, ms_code, ms_name,\n"
    "    ms_vote, date, session, resolution, ...): --votes only.\n"
    "See docs/formats.md for every column. Re-ingesting changes nothing.\n\n"
    "The whole ingest is one transaction. A bad file (header, truncated gzip)\n"
    "or, without --quarantine, any bad row (unknown vote value or country,\n"
    "bad number or date, wrong field count, invalid UTF-8) stops it with\n"
    "file:line and the reason, and the store stays as it was.\n"};

static const cli_command gdelt_command = {
    "ingest gdelt", &ingest_gdelt_call,
    "usage: bloc ingest gdelt (--countries LIST | --all) [options] FILE...\n",
    "Load GDELT event exports: 1.0 historical (57 tab-separated columns), 1.0\n"
    "daily (58, with SOURCEURL) and 2.0 (61), detected per file from its first\n"
    "row. FILE may be plain, compressed (gzip, bzip2, xz) or a .zip such as\n"
    "GDELT's YYYYMMDD.export.CSV.zip, read as a stream; '-' is standard input.\n"
    "Columns and rules: docs/formats.md; the events table: docs/data-model.md.\n\n"
    "Each event is stored once per (source, GLOBALEVENTID): re-ingesting a file\n"
    "or an overlapping one changes nothing. Work is committed in batches with a\n"
    "checkpoint, so an interrupted ingest resumes where it stopped when run\n"
    "again (named files only). Bad rows (column count, numbers, dates, codes,\n"
    "invalid UTF-8) go to --quarantine with file:line and the reason; without\n"
    "it the first bad row stops the file and what this run stored from it is\n"
    "removed again.\n"};

static const cli_command events_command = {
    "ingest events", &ingest_events_call, "usage: bloc ingest events [options] FILE...\n",
    "Load events in bloc's own format: CSV with a header row, or JSON Lines\n"
    "(one object a line; files named .jsonl, .ndjson or .json, optionally\n"
    ".gz). Fields (docs/formats.md): id, date (YYYY-MM-DD) and event_code\n"
    "(CAMEO, 2-4 digits) are required; source, date_added, actor1_country,\n"
    "actor1_code, actor1_name, actor1_type, the same for actor2, goldstein,\n"
    "quad_class, mentions, sources, articles, tone, geo_country, geo_adm1, lat,\n"
    "lon, url and domain are optional. Countries may be codes, names or\n"
    "aliases. A missing goldstein, quad_class or domain is derived from the\n"
    "CAMEO code as for GDELT. An event is stored once per (source, id).\n\n"
    "Each file is one transaction. A bad record stops the file (nothing of it\n"
    "is stored) unless --quarantine is given.\n"};

static const cli_command atop_command = {
    "ingest atop", &ingest_atop_call, "usage: bloc ingest atop FILE [--quarantine FILE] [--quiet]\n",
    "Load formal alliances from the Alliance Treaty Obligations and Provisions\n"
    "project's dyad-year table (ATOP 5.1: ccode1, ccode2, year, atop_defense,\n"
    "atop_offense, atop_neutral, atop_nonagg, atop_consul; .csv or .csv.gz).\n"
    "Correlates of War numbers go through the registry (dated: 365 is the\n"
    "Soviet Union to 1991, Russia after; data/registry/cow_codes.csv adds West\n"
    "Germany 260 and North Yemen 678). Each pair is stored once, though the file\n"
    "lists both orders, with who owes each obligation (mutual or one way: a row\n"
    "says what ccode1 owes ccode2, and the orders differ for some pairs).\n"
    "States the registry does not have (before 1946) are counted and left out.\n"
    "One transaction; re-loading changes nothing. See docs/formats.md.\n"};

static const cli_command sipri_command = {
    "ingest sipri", &ingest_sipri_call,
    "usage: bloc ingest sipri FILE... [--recipients LIST | --among LIST] [--quarantine FILE]\n",
    "Load SIPRI Arms Transfers Database exports as SIPRI's site writes them: the\n"
    "per-delivery register (a row per deal and delivery year), the classic trade\n"
    "register (a row per deal; its delivered TIV is spread evenly over the years\n"
    "of delivery and marked an estimate) and the TIV tables by recipient and by\n"
    "supplier. The layout is told by the header; the release is SIPRI's \"Data\n"
    "generated\" line above it. Files that are not UTF-8 are read as Windows-1252\n"
    "(Latin-1). Names go through the registry; non-state actors (SIPRI's '*'\n"
    "and '**' names, unknown suppliers) keep codes of their own (X-HEZBOLLAH,\n"
    "X-UN: data/registry/sipri_actors.csv). Every release is stored; figures use\n"
    "the newest. A register is taken as SIPRI's whole database unless\n"
    "--recipients or --among says which deliveries it holds completely: a figure\n"
    "is computed only where the files cover it. Each file is one transaction;\n"
    "re-loading changes nothing. See docs/formats.md.\n"};

/* After a load of events (one row per file read): the watch rules. */
static int watch_after(cli_ctx *ctx, bloc_session *S, result *res, int code)
{
    store *s;
    const registry *r;
    bloc_error err;
    int fired = 0;
    if (result_nrows(res) == 0 || bloc_session_store(S, &s, &r, &err) != BLOC_OK)
        return code;
    int wrc = cli_watch_run(ctx, s, r, NULL, ctx->errout, &fired);
    return code ? code : wrc;
}

int cmd_ingest(cli_ctx *ctx, int argc, char **argv)
{
    static const cli_command *const commands[] = {&unga_command, &gdelt_command, &events_command,
                                                  &atop_command, &sipri_command};
    if (argc < 2 || strcmp(argv[1], "--help") == 0) {
        fputs(help, argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        const cli_command *cmd = commands[i];
        if (strcmp(argv[1], cmd->name + strlen("ingest ")) != 0)
            continue;
        void *req = bloc_call_request(cmd->call);
        int code = 1;
        if (req && cli_parse(ctx, cmd, req, argc - 1, argv + 1, &code) == 0)
            code = cli_run_then(ctx, cmd, req,
                                cmd->call == &ingest_unga_call || cmd->call == &ingest_atop_call ||
                                        cmd->call == &ingest_sipri_call
                                    ? NULL
                                    : watch_after);
        free(req);
        return code;
    }
    return cli_usage(ctx, "ingest", "unknown source '%s' (available: unga, gdelt, events, atop, sipri)", argv[1]);
}

/*
 * cli/cmd_code — `bloc code`: parses, calls coder_call, prints.
 */
#include "cli/cli.h"
#include "coder/code.h"

static const cli_command command = {
    "code", &coder_call,
    "usage: bloc code [FILE... | -] [--jsonl] [--date YYYY-MM-DD] [--dict DIR]...\n"
    "                 [--paragraphs] [--keywords FILE]... [--explain] [--store]\n"
    "                 [--no-hedged] [-j N]\n"
    "                 [--format table|csv|json|jsonl]\n"
    "       bloc code --eval GOLD.jsonl [--dict DIR]... [--min-f1 X] [--max-sign-errors X]\n"
    "                 [--by-quad]\n",
    "Code English news text into events (who did what to whom): sentences are\n"
    "split and tokenized, actors and verbs found with PETRARCH-format dictionaries\n"
    "(--dict DIR, repeatable; later ones override; default: the Phoenix\n"
    "dictionaries in data/coder/phoenix with bloc's additions in data/coder/bloc;\n"
    "--eval: those each record names), the\n"
    "actor before a verb is the source\n"
    "and the one after it the target (swapped in the passive), compounds give one\n"
    "event per pair, negated verbs and discard phrases code nothing. Input: plain\n"
    "text (a file is one document, dated --date, default today) or JSON Lines\n"
    "documents {\"id\",\"date\",\"url\",\"text\"} (--jsonl or a .jsonl name). With\n"
    "--paragraphs each blank-line separated paragraph of plain text is a document\n"
    "(id FILE:LINE of its first line).\n\n"
    "Each event gives its document, sentence, date, the byte offsets of source,\n"
    "verb and target, its domain, Goldstein score and quad class (from the CAMEO\n"
    "tables in data/cameo), and what its sentence says besides:\n"
    "  date            the day, week, month or year a date phrase names (\"on\n"
    "                  Monday\", \"last year\", \"in March\", \"three weeks ago\",\n"
    "                  \"June 19, 2024\"), resolved against the document's date\n"
    "                  (doc_date); the first of a week, month or year, with\n"
    "                  date_precision saying which; the document's date if none\n"
    "  quantities      \"~2500000 ammunition rounds; 83 %\" (~ = approximate)\n"
    "  keywords        weapons, exercises and technology named (data/coder/\n"
    "                  keywords.txt; --keywords FILE adds or overrides entries);\n"
    "                  a generic code (consult, cooperate) about weapons takes\n"
    "                  the keyword's domain\n"
    "  issues          the issues of the Phoenix issue dictionary (*Issue*.txt in\n"
    "                  the --dict folders): \"SANCTIONS (SANCTIONS); WMD (WMD)\"\n"
    "  hedge           \"could\", \"may\", \"if\" ...: the verb is modal or\n"
    "                  conditional; \"alleged\": the act an accusation names\n"
    "                  (--no-hedged leaves such events out)\n"
    "With --explain the dictionary entries that matched. --store also puts the\n"
    "events in the store (source coder, id DOC:SENTENCE:N, idempotent; actor\n"
    "countries from the codes' first three letters; Goldstein and quad class from\n"
    "the CAMEO tables; offsets, matched entries, quantities, keywords and the date\n"
    "phrase in the event's detail JSON). -j N codes N documents at a time\n"
    "(default: the number of cores); the output is the same as with -j 1.\n\n"
    "--eval scores the coder on gold records {\"id\",\"date\",\"text\",\"dictionaries\",\n"
    "\"expected\": [{\"source\",\"target\",\"code\"}]}, each coded with the dictionaries\n"
    "it names (data/coder/phoenix, data/coder/validate; --dict overrides them all;\n"
    "records with \"scored\": false are left out): per record right or wrong (the\n"
    "multiset of triples), then precision, recall and F1 for full codes, root codes\n"
    "(first two digits) and at country level (the first three letters of each\n"
    "actor, and the root), and the sign-error rate: of the coded events whose\n"
    "country pair a gold event has (either order), the share on the other side of\n"
    "cooperation (quad classes 1-2) and conflict (3-4) from all of them. --by-quad\n"
    "gives the confusion table of quad classes instead. --min-f1 X exits 1 when F1\n"
    "falls below X, --max-sign-errors X when the sign-error rate rises above X.\n"};

int cmd_code(cli_ctx *ctx, int argc, char **argv)
{
    return cli_call(ctx, &command, argc, argv);
}

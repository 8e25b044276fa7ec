"""The figures README.md and docs/*.md print, rendered from bench/results/*.json.

One function per marked block (`<!-- bench:NAME -->`); `BLOCKS` maps the block's name to it. Every
number here comes from a results file, so the docs say exactly what the last run measured; the
prose around a block is hand-written and holds no measurement.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from bench import RESULTS
from bench.blind_sets import SETS, UNREAD

Result = dict[str, Any]
_RANKINGS = ("keyword", "semantic", "hybrid")


def result(name: str) -> Result:
    return json.loads((RESULTS / f"{name}.json").read_text())


def _ms(value: float) -> str:
    return f"{value:.1f} ms"


def _s(value: float) -> str:
    return f"{value:.1f} s"


def _when(measured: Result) -> str:
    """Date and machine load of a run: the 2 cores are shared, and load explains slow numbers."""
    date = measured["measured_at"][:10]
    # Older results kept the load average in their own summary; newer ones in "machine".
    recorded = (
        measured["machine"].get("load_average_1m_at_start"),
        measured.get("summary", {}).get("load_average_at_start"),
        measured.get("load_average_1m"),
    )
    load = next((value for value in recorded if value is not None), None)
    return (
        f"{date}, load not recorded"
        if load is None
        else f"{date}, load average {load:.1f} at the start"
    )


def summary() -> str:
    """README's one table: a line per benchmark, details in docs/."""
    demo, first, relevance = result("search_demo"), result("first_search"), result("relevance")
    sqlite, postgres = result("catalog_100k"), result("catalog_100k_postgres")
    parse, prices, heldout = result("nlu_parse"), result("price_rules"), result("nlu_heldout")
    parse_baseline = result("nlu_parse_baseline")
    payments, messenger = result("payments"), result("messenger_webhook")
    conversation = result("conversations")
    first_answer = result("first_answer")
    ranking = relevance["results"]
    hooks = payments["sqlite"]["webhooks"]
    share = hooks["duplicates_sent"] / (hooks["deliveries"] - hooks["duplicates_sent"])
    pay, lite, pg = payments["summary"], sqlite["summary"], postgres["summary"]
    rows = [
        (
            f"search, demo catalog ({demo['catalog']['products']} products)",
            f"p50 {_ms(demo['summary']['search_ms_p50'])}, "
            f"p95 {_ms(demo['summary']['search_ms_p95'])}",
            demo,
        ),
        (
            "first search of a fresh process (demo catalog)",
            f"{first['summary']['first_search_ms_median']:,} ms (snapshot build and encoder load), "
            f"then {_ms(first['summary']['warm_search_ms_median'])}; `python -m actions.server` "
            "pays the first while it starts",
            first,
        ),
        (
            f"{sqlite['catalog']['products']:,} products "
            f"({sqlite['catalog']['variant_rows']:,} variants), SQLite",
            f"load with embeddings {_s(lite['load_seconds'])} "
            f"({lite['load_rows_per_second']:,} rows/s), "
            f"unchanged reload {_s(lite['reload_unchanged_seconds'])}, "
            f"index build {_s(lite['index_build_seconds'])}; "
            f"search p95 {_ms(lite['search_without_filters']['p95_ms'])} without filters, "
            f"{_ms(lite['search_with_filters']['p95_ms'])} with filters; "
            f"RSS {lite['rss_mb_after_searches']:,.0f} MB "
            f"({lite['max_rss_mb']:,.0f} MB peak during the load)",
            sqlite,
        ),
        (
            f"{postgres['catalog']['products']:,} products, PostgreSQL",
            f"load {_s(pg['load_seconds'])}, search p95 "
            f"{pg['search_without_filters']['p95_ms']:.1f} / "
            f"{_ms(pg['search_with_filters']['p95_ms'])} without / with filters",
            postgres,
        ),
        (
            f"relevance, {relevance['queries']['all']} labelled queries EN+FR (NDCG@10)",
            f"keyword {ranking['keyword']['all']['ndcg_at_10']:.3f}, "
            f"semantic {ranking['semantic']['all']['ndcg_at_10']:.3f}, "
            f"hybrid {ranking['hybrid']['all']['ndcg_at_10']:.3f} (French only: "
            + " / ".join(f"{ranking[r]['fr']['ndcg_at_10']:.3f}" for r in _RANKINGS)
            + ")"
            + _blind_hybrid(relevance),
            relevance,
        ),
        (
            f"NLU `/model/parse` (`{_model(parse)}`); the model of 2026-11-25 "
            f"(`{_model(parse_baseline)}`) measured beside it",
            f"p50 {_ms(parse['summary']['parse_p50_ms'])}, "
            f"p95 {_ms(parse['summary']['parse_p95_ms'])}; "
            f"p50 {_ms(parse_baseline['summary']['parse_p50_ms'])}, "
            f"p95 {_ms(parse_baseline['summary']['parse_p95_ms'])}",
            parse,
        ),
        (
            f"NLU on held-out sets (`{_model(heldout)}`), intent accuracy / entity F1, en and fr",
            "; ".join(
                f"`{name}` {_intent_entity(scores['en'])} and {_intent_entity(scores['fr'])}"
                for name, scores in heldout["sets"].items()
            )
            + " ([details](docs/conversations.md#measured-this-2-core-machine))",
            heldout,
        ),
        (
            "price rules, per held-out message, in process",
            f"p50 {prices['summary']['per_message_us_p50']:.1f} µs, "
            f"p95 {prices['summary']['per_message_us_p95']:.1f} µs",
            prices,
        ),
        (
            "checkout action (with the Stripe sandbox)",
            f"p50 {_ms(pay['sqlite_checkout_ms_p50'])}, p95 {_ms(pay['sqlite_checkout_ms_p95'])} "
            f"on SQLite; {pay['postgres_checkout_ms_p50']:.1f} / "
            f"{_ms(pay['postgres_checkout_ms_p95'])} on PostgreSQL",
            payments,
        ),
        (
            f"Stripe webhooks, {share:.0%} duplicates",
            f"{pay['sqlite_webhook_events_per_s']:.1f} events/s (SQLite), "
            f"{pay['postgres_webhook_events_per_s']:.1f} (PostgreSQL); "
            + _duplicates_caught(payments),
            payments,
        ),
        (
            "injected failures (Stripe 500s and timeouts, webhook 500s and replays)",
            f"SQLite: {pay['sqlite_lost_orders']} lost, {pay['sqlite_doubled_orders']} doubled "
            f"orders; PostgreSQL: {pay['postgres_lost_orders']} lost, "
            f"{pay['postgres_doubled_orders']} doubled",
            payments,
        ),
        (
            f"blind conversations ({conversation['summary']['conversations']}, EN + FR), "
            "turns right",
            f"English {_turns(conversation, 'en')}, French {_turns(conversation, 'fr')}",
            conversation,
        ),
        *(_later_set_row(number) for number in SETS),
        (
            "a fresh clone's `make run`: its first answer, and the next run's",
            f"{first_answer['summary']['fresh_clone_first_answer_seconds']:.0f} s; "
            f"{first_answer['summary']['second_run_first_answer_seconds']:.0f} s",
            first_answer,
        ),
        (
            "Messenger webhook",
            f"answered in {_ms(messenger['summary']['ack_ms_p50'])} p50 / "
            f"{_ms(messenger['summary']['ack_ms_p95'])} p95; "
            f"{messenger['summary']['single_event_posts_per_s_end_to_end']:.0f} "
            "single-event posts/s end to end",
            messenger,
        ),
    ]
    lines = ["| what | result | measured |", "|---|---|---|"]
    lines += [f"| {what} | {figure} | {_when(run)} |" for what, figure, run in rows]
    return "\n".join(lines)


def _model(parse: Result) -> str:
    return parse["model"].removesuffix(".tar.gz")


def _duplicates_caught(payments: Result) -> str:
    caught = all(
        payments[db]["webhooks"]["duplicates_detected"]
        == payments[db]["webhooks"]["duplicates_sent"]
        for db in ("sqlite", "postgres")
    )
    return "every duplicate caught" if caught else "**duplicates missed**"


def catalog_100k() -> str:
    return _catalog_table("catalog_100k", "SQLite")


def catalog_100k_postgres() -> str:
    return _catalog_table("catalog_100k_postgres", "PostgreSQL")


def _catalog_table(name: str, database: str) -> str:
    run = result(name)
    feed, numbers = run["catalog"], run["summary"]
    phases = numbers["load_phases_seconds"]
    texts = feed["distinct_embedded_texts"]
    texts_per_second = texts / phases["embed"]
    plain, filtered = numbers["search_without_filters"], numbers["search_with_filters"]
    rows = [
        (
            "feed",
            f"{feed['products']:,} products, {feed['variant_rows']:,} variant rows "
            f"(seed {feed['seed']}), {feed['rejected']} rejected",
        ),
        (
            "load, embeddings included",
            f"{_s(numbers['load_seconds'])} wall ({_s(numbers['load_cpu_seconds'])} CPU): "
            f"{numbers['load_rows_per_second']:,} rows/s, "
            f"{numbers['load_products_per_second']:,} products/s",
        ),
        (
            "of which read + check / write / embed",
            " / ".join(_s(phases[phase]) for phase in ("read", "write", "embed")),
        ),
        (
            "distinct texts embedded",
            f"{texts:,} ({texts_per_second:,.0f} texts/s; at that rate {feed['products']:,} "
            f"distinct titles would take about {feed['products'] / texts_per_second:.0f} s)",
        ),
        (
            "reload, unchanged",
            f"{_s(numbers['reload_unchanged_seconds'])}, "
            f"{numbers['reload_unchanged']:,} products unchanged",
        ),
        ("snapshot build (BM25 + columns + vectors + PCA)", _s(numbers["index_build_seconds"])),
        (f"search without filters p50 / p95 / p99 ({plain['searches']})", _search_row(plain)),
        (f"search with filters p50 / p95 / p99 ({filtered['searches']})", _search_row(filtered)),
        (
            "memory",
            f"RSS {numbers['rss_mb_before_index']:,.0f} MB before the snapshot, "
            f"{numbers['rss_mb_after_searches']:,.0f} MB after the searches, "
            f"peak {numbers['max_rss_mb']:,.0f} MB (during the load)",
        ),
    ]
    lines = [
        f"`bench/results/{name}.json` ({_when(run)}):",
        "",
        f"| measure | {database} |",
        "|---|---|",
    ]
    lines += [f"| {measure} | {figure} |" for measure, figure in rows]
    return "\n".join(lines)


def _search_row(searches: Result) -> str:
    return (
        f"{searches['p50_ms']:.1f} / {searches['p95_ms']:.1f} / {_ms(searches['p99_ms'])} wall; "
        f"p95 CPU {_ms(searches['cpu_p95_ms'])}"
    )


def search_demo() -> str:
    run = result("search_demo")
    numbers = run["summary"]
    return (
        f"The demo catalog (`bench/results/search_demo.json`, {run['catalog']['products']} "
        f"products, {_when(run)}): loaded with its embeddings in {_s(numbers['load_seconds'])}; "
        f"hybrid search p50 {_ms(numbers['search_ms_p50'])}, p95 {_ms(numbers['search_ms_p95'])}, "
        f"p99 {_ms(numbers['search_ms_p99'])} over {numbers['searches']} searches."
    )


def first_search() -> str:
    run = result("first_search")
    numbers = run["summary"]
    return (
        f"First search of a fresh process (`bench/results/first_search.json`, {_when(run)}), "
        f"median of {numbers['processes']} processes: "
        f"{numbers['first_search_ms_median']:,} ms, "
        f"then {_ms(numbers['warm_search_ms_median'])} once the snapshot and the encoder are "
        "loaded."
    )


_SETS = {
    "labelled": "labelled queries (tuning set), demo catalog",
    "own": "development queries, demo catalog",
    "own_second": "development queries, second feed of our own",
    "blind": "blind queries (second author), demo catalog",
    "blind_second": "blind queries (second author), another merchant's Google feed",
    "blind_2": "blind queries (third author), demo catalog; first run in relevance_first_run.json",
    "blind_3": "blind queries (fourth author), demo catalog",
}


def _relevance_row(name: str, encoder: str, run: Result) -> list[str]:
    rows = []
    for ranking in _RANKINGS:
        scores = run["results"][ranking]
        floor = scores["floor"]
        rows.append(
            f"| {name} | {encoder} | {ranking} | {scores['all']['precision_at_5']:.3f} | "
            f"{scores['all']['ndcg_at_10']:.3f} | "
            + " | ".join(
                f"{scores[lang]['ndcg_at_10']:.3f}" if scores.get(lang) else "–"
                for lang in ("en", "fr")
            )
            + f" | {len(floor['labelled_answered_no_match'])} | "
            f"{len(floor['no_match_answered_with_matches'])}/{floor['no_match_queries']} |"
        )
    return rows


def _blind_hybrid(run: Result) -> str:
    def ndcg(of: Result, name: str) -> float | None:
        blind = of.get("sets", {}).get(name, {}).get("usem3")
        return blind["results"]["hybrid"]["all"]["ndcg_at_10"] if blind else None

    first = result("relevance_first_run") if (RESULTS / "relevance_first_run.json").exists() else {}
    said = ""
    for name, label in (
        ("blind", "blind set"),
        ("blind_2", "third author's blind set"),
        ("blind_3", "fourth author's blind set"),
    ):
        now, before = ndcg(run, name), ndcg(first, name)
        if now is not None:
            said += f"; {label}, hybrid: {now:.3f}"
            if before is not None and name == "blind_2":
                said += f" (first run, unread: {before:.3f})"
    return said


def relevance() -> str:
    run = result("relevance")
    lines = [
        f"`bench/results/relevance.json` ({_when(run)}). Sets: "
        + "; ".join(
            f"**{name}**: {_SETS.get(name, name)} ({runs['usem3']['queries']['labelled']} "
            f"labelled, {runs['usem3']['queries']['fr']} of them French, "
            f"{runs['usem3']['queries']['no_match']} with no match)"
            for name, runs in run["sets"].items()
        )
        + ".",
        "",
        "| set | encoder | ranking | precision@5 | NDCG@10 | NDCG@10 (English) | "
        'NDCG@10 (French) | labelled answered "no match" | no-match answered with matches |',
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name, runs in run["sets"].items():
        for encoder, measured in runs.items():
            lines.extend(_relevance_row(name, encoder, measured))
    return "\n".join(lines)


def nlu_parse() -> str:
    run, baseline = result("nlu_parse"), result("nlu_parse_baseline")
    numbers, before = run["summary"], baseline["summary"]
    return (
        f"- `/model/parse` on a running Rasa server (`bench/results/nlu_parse.json`, model "
        f"`{_model(run)}`, {_when(run)}): p50 {_ms(numbers['parse_p50_ms'])}, "
        f"p95 {_ms(numbers['parse_p95_ms'])} over {numbers['requests']} requests.\n"
        f"- The same measure of the model of 2026-11-25 (`bench/results/nlu_parse_baseline.json`, "
        f"model `{_model(baseline)}`, {baseline['baseline']}, {_when(baseline)}): "
        f"p50 {_ms(before['parse_p50_ms'])}, p95 {_ms(before['parse_p95_ms'])}. Latency on this "
        "shared machine drifts from day to day, so a model is compared with the one measured "
        "beside it, not with an old day's figure."
    )


def nlu_heldout() -> str:
    run = result("nlu_heldout")
    lines = [
        f"Model `{_model(run)}` on the held-out sets (`bench/results/nlu_heldout.json`, "
        f"{_when(run)}); entity F1 is the micro average over product, colour, size and price:",
        "",
        "| set | intent accuracy en / fr | entity F1 en / fr |",
        "|---|---|---|",
    ]
    for name, scores in run["sets"].items():
        en, fr = scores["en"], scores["fr"]
        entities = (
            f"{en['entity_f1']:.3f} / {fr['entity_f1']:.3f}"
            if "entity_f1" in en
            else "none annotated"
        )
        lines.append(
            f"| `{name}` | {en['intent_accuracy']:.3f} / {fr['intent_accuracy']:.3f} | {entities} |"
        )
    return "\n".join(lines)


def departments() -> str:
    """Flight requests and meal messages read right, on the blind sets (bench/blind/departments)."""
    flights, meals = result("flight_requests"), result("meal_orders")["summary"]

    def rates(summary: dict[str, Any]) -> str:
        return (
            f"{summary['fully_right']:.1%} ({summary['fully_right_en']:.1%} en, "
            f"{summary['fully_right_fr']:.1%} fr)"
        )

    lines = [
        f"Blind sets, scored by `python -m bench flight_requests` and `meal_orders` "
        f"({_when(flights)}). Each flight set was written by another blind author after the one "
        "before it was read and mended; its first run, before anyone read it, is the blind "
        "figure:",
        "",
        "| set | items | first run, blind | now |",
        "|---|---|---|---|",
    ]
    for number, (name, summary) in enumerate(flights["summary"].items(), start=1):
        first_run = (
            rates(result(f"flight_requests_blind{number}_first_run")["summary"])
            if (RESULTS / f"flight_requests_blind{number}_first_run.json").exists()
            else "not kept"
        )
        label = name.replace("_", " ")
        lines.append(
            f"| flight requests, {label} | {summary['items']} | {first_run} | {rates(summary)} |"
        )
    by_language = meals["by_language"]
    lines.append(
        f"| meal messages | {meals['all']['items']} | {meals['all']['rate']:.1%} "
        f"({by_language['en']['rate']:.1%} en, {by_language['fr']['rate']:.1%} fr) | same |"
    )
    return "\n".join(lines)


def _intent_entity(scores: dict[str, Any]) -> str:
    """ "0.961 / 0.987": intent accuracy / entity F1 (intent alone where no entity is marked)."""
    if "entity_f1" not in scores:
        return f"{scores['intent_accuracy']:.3f}"
    return f"{scores['intent_accuracy']:.3f} / {scores['entity_f1']:.3f}"


def price_rules() -> str:
    run = result("price_rules")
    numbers = run["summary"]
    return (
        f"- The price rules alone, in process (`bench/results/price_rules.json`, {_when(run)}): "
        f"p50 {numbers['per_message_us_p50']:.1f} µs, p95 {numbers['per_message_us_p95']:.1f} µs "
        f"per message ({numbers['messages']} held-out messages, {numbers['calls']:,} calls)."
    )


def messenger_webhook() -> str:
    run = result("messenger_webhook")
    numbers, setup = run["summary"], run["setup"]
    return (
        f"`bench/results/messenger_webhook.json` ({_when(run)}; {setup['senders']} senders, "
        f"{setup['single_posts']} single-event posts, {setup['batch_posts']} batches of "
        f"{setup['batch_size']}): webhook answered in {_ms(numbers['ack_ms_p50'])} median, "
        f"{_ms(numbers['ack_ms_p95'])} p95 ({_ms(numbers['ack_ms_max'])} max); "
        f"{numbers['single_event_posts_per_s_end_to_end']:.0f} single-event webhooks or "
        f"{numbers['batched_events_per_s_end_to_end']:.0f} batched events per second handled "
        "end to end."
    )


def payments() -> str:
    run = result("payments")
    databases = ("sqlite", "postgres")
    checkout = [run[db]["checkout_action"] for db in databases]
    hooks = [run[db]["webhooks"] for db in databases]
    faults = [run[db]["faults"] for db in databases]
    rows = [
        (
            "`action_checkout` through the real action server (HTTP), sandbox behind it: "
            f"p50 / p95 ({checkout[0]['checkouts']} checkouts)",
            [f"{c['checkout_ms_p50']:.1f} / {_ms(c['checkout_ms_p95'])}" for c in checkout],
        ),
        (
            "signed `checkout.session.completed` webhooks, concurrent senders, "
            f"{hooks[0]['orders_paid']} orders + {hooks[0]['duplicates_sent']} duplicates",
            [
                f"{h['events_per_second']:.1f} events/s, {h['duplicates_detected']}/"
                f"{h['duplicates_sent']} duplicates detected, {h['orders_paid']} paid, "
                f"{h['events_recorded']} events recorded"
                for h in hooks
            ],
        ),
        (
            f"faults run: {faults[0]['shoppers']} shoppers; Stripe and webhook faults injected, "
            "every event replayed once more; sweep",
            [_faults(f) for f in faults],
        ),
    ]
    lines = [
        f"`bench/results/payments.json` ({_when(run)}), all processes on loopback:",
        "",
        "| | SQLite | PostgreSQL |",
        "|---|---|---|",
    ]
    lines += [f"| {what} | {' | '.join(figures)} |" for what, figures in rows]
    return "\n".join(lines)


def _faults(faults: Result) -> str:
    stripe, webhook = faults["stripe_faults_injected"], faults["webhook_faults_injected"]
    return (
        f"**{faults['lost_orders']} lost, {faults['doubled_orders']} doubled** "
        f"({faults['paid_at_stripe']} paid at Stripe, {faults['orders']} orders; "
        f"Stripe 500-before {stripe['error_before']}, 500-after {stripe['error_after']}, "
        f"timeouts {stripe['timeout_after']}; webhook 500s "
        f"{webhook['error_before'] + webhook['error_after']}, "
        f"replays {faults['webhook_replays']})"
    )


def _held(counts: Result) -> str:
    return f"{counts['held']} / {counts['total']}" if counts["total"] else "–"


def _turns(run: Result, language: str) -> str:
    counts = run["languages"][language]
    return f"{counts['right']} / {counts['turns']}"


def conversations() -> str:
    run = result("conversations")
    numbers, languages = run["summary"], run["languages"]
    turns = sum(counts["turns"] for counts in languages.values())
    lines = [
        f"`bench/results/conversations.json` (model `{_model(run)}`, {_when(run)}): "
        f"{numbers['conversations']} conversations, {turns} turns, played in "
        f"{_s(numbers['playing_seconds'])}; the stack took {_s(numbers['stack_start_seconds'])} "
        "to start.",
        "",
        "| | English | French |",
        "|---|---|---|",
        f"| **turns right** | **{_turns(run, 'en')}** | **{_turns(run, 'fr')}** |",
        "| conversations right throughout | "
        + " | ".join(
            f"{languages[code]['conversations_all_right']} / {languages[code]['conversations']}"
            for code in ("en", "fr")
        )
        + " |",
    ]
    lines += [
        f"| `{kind}` | {_held(counts['en'])} | {_held(counts['fr'])} |"
        for kind, counts in run["expectations"].items()
    ]
    blocks = [["", *_later_set(number)] for number in SETS]
    return "\n".join([*lines, *(line for block in blocks for line in block)])


def _ordinal(number: int) -> str:
    """2 → "second", 21 → "twenty-first": the sets are named this way in the docs."""
    tens, unit = divmod(number, 10)
    if number < 20:
        return _ORDINALS[number]
    return f"{_TENS[tens]}-{_ORDINALS[unit]}" if unit else f"{_TENS[tens][:-1]}ieth"


_ORDINALS = (
    "zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth"
).split()
_TENS = {2: "twenty", 3: "thirty", 4: "forty"}


def _later_set_row(number: int) -> tuple[str, str, Result]:
    """README's line for a later author's set: its first run beside the latest."""
    name = f"conversations_{number}"
    first, now = result(f"{name}_first_run"), result(name)
    # A set whose failures were read was blind at its first run only.
    who, runs = (
        ("another author, failures unread", "first run")
        if number in UNREAD
        else ("another author", "first run (blind)")
    )
    return (
        f"{_ordinal(number)} blind set ({now['summary']['conversations']} conversations, {who}), "
        f"turns right: {runs} → latest",
        f"English {_turns(first, 'en')} → {_turns(now, 'en')}, "
        f"French {_turns(first, 'fr')} → {_turns(now, 'fr')}",
        now,
    )


def _later_set(number: int) -> list[str]:
    """A later author's set: its first run, blind, beside the latest."""
    name = f"conversations_{number}"
    first, now = result(f"{name}_first_run"), result(name)
    numbers = now["summary"]
    turns = sum(counts["turns"] for counts in now["languages"].values())
    lines = [
        f"The {_ordinal(number)} set, `{now['set']}` ({numbers['conversations']} conversations, "
        f"{turns} turns, another author): its first run (`{name}_first_run.json`, model "
        f"`{_model(first)}`, {_when(first)}), played before any of its failures was read, and "
        f"the latest (`{name}.json`, model `{_model(now)}`, {_when(now)}):",
        "",
        "| | English | French |",
        "|---|---|---|",
        f"| turns right, first run (blind) | {_turns(first, 'en')} | {_turns(first, 'fr')} |",
        f"| **turns right, latest** | **{_turns(now, 'en')}** | **{_turns(now, 'fr')}** |",
    ]
    lines += [
        f"| `{kind}`, latest | {_held(counts['en'])} | {_held(counts['fr'])} |"
        for kind, counts in now["expectations"].items()
    ]
    return lines


def _three(figures: Result) -> str:
    return " / ".join(f"{figures[key]:,.0f}" for key in ("p50_ms", "p95_ms", "p99_ms"))


def load() -> str:
    run = result("load")
    setup = run["setup"]
    lines = [
        f"`bench/results/load.json` (model `{_model(run)}`, {_when(run)}; "
        f"{setup['seconds_per_level']:g} s per bot, channel and level; one Rasa process each):",
        "",
        "| concurrent conversations | shop's channel | msg/s moodbot / shop "
        "| p50 / p95 / p99 ms moodbot | p50 / p95 / p99 ms shop | p95 ratio | throughput ratio "
        "| CPU s per message moodbot / shop | errors moodbot / shop "
        "| purchases paid, lost, doubled | load average at the level's start |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    channels = (
        ("REST", "shop", "", "end_state"),
        ("Messenger", "shop_messenger", "messenger_", "end_state_messenger"),
    )
    for level in run["levels"]:
        mood = level["moodbot"]
        for channel, key, prefix, audit in channels:
            if key not in level:
                continue
            shop, state = level[key], level[audit]
            lines.append(
                f"| {level['concurrency']} | {channel} "
                f"| {mood['msg_per_s']:.1f} / {shop['msg_per_s']:.1f} "
                f"| {_three(mood)} | {_three(shop)} "
                f"| {level[prefix + 'p95_ratio_to_moodbot']:.2f} "
                f"| {level[prefix + 'throughput_ratio_to_moodbot']:.2f} "
                f"| {mood['cpu_s_per_msg']:.3f} / {shop['cpu_s_per_msg']:.3f} "
                f"| {mood['errors']} / {shop['errors']} "
                f"| {state['paid_at_sandbox']}, "
                f"**{state['lost']} lost, {state['doubled']} doubled** "
                f"| {level['load_average_1m_at_start']:.1f} |"
            )
    return "\n".join(lines)


_CPU_GROUPS = (("Rasa", ("rasa",)), ("actions", ("actions",)), ("PostgreSQL", ("postgres",)))


def _cpu_split(shop: Result) -> str:
    """CPU s per message: Rasa / actions / PostgreSQL / the rest (web app, Stripe sandbox,
    HAProxy, Redis, RabbitMQ)."""
    groups, messages = shop["cpu_s_by_group"], shop["messages"]
    named = {group for _, members in _CPU_GROUPS for group in members}
    parts = [sum(groups.get(group, 0.0) for group in members) for _, members in _CPU_GROUPS]
    parts.append(sum(seconds for group, seconds in groups.items() if group not in named))
    return " / ".join(f"{part / messages:.3f}" for part in parts)


def load_replicas() -> str:
    run = result("load_replicas")
    setup = run["setup"]
    lines = [
        f"`bench/results/load_replicas.json` (model `{_model(run)}`, {_when(run)}; "
        f"{setup['seconds_per_level']:g} s per bot, replica count and level; REST; the moodbot "
        f"one Rasa process; {setup['action_server_workers']} action server worker(s)):",
        "",
        "| concurrent conversations | Rasa replicas | msg/s moodbot / shop | throughput ratio "
        "| p95 ms moodbot / shop | CPU s per message moodbot / shop "
        "| shop CPU s per message: Rasa / actions / PostgreSQL / rest | both cores busy "
        "| cores used by other work "
        "| requests per replica | errors moodbot / shop | purchases paid, lost, doubled "
        "| load average at the start |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for level in run["levels"]:
        mood = level["moodbot"]
        for replicas in level["runs"]:
            shop, state = replicas["shop"], replicas["end_state"]
            spread = " / ".join(f"{count:,}" for count in replicas["requests_by_replica"].values())
            lines.append(
                f"| {level['concurrency']} | {replicas['replicas']} "
                f"| {mood['msg_per_s']:.1f} / {shop['msg_per_s']:.1f} "
                f"| {replicas['throughput_ratio_to_moodbot']:.2f} "
                f"| {mood['p95_ms']:,.0f} / {shop['p95_ms']:,.0f} "
                f"| {mood['cpu_s_per_msg']:.3f} / {shop['cpu_s_per_msg']:.3f} "
                f"| {_cpu_split(shop)} | {replicas['machine_cpu_busy']:.0%} "
                f"| {replicas['other_work_cores']:.2f} | {spread} "
                f"| {mood['errors']} / {shop['errors']} "
                f"| {state['paid_at_sandbox']}, "
                f"**{state['lost']} lost, {state['doubled']} doubled** "
                f"| {replicas['load_average_1m_at_start']:.1f} |"
            )
    scaled = [level for level in run["levels"] if level["scaling"]]
    if scaled:
        first = scaled[0]["scaling"]
        lines += [
            "",
            f"From {first['from_replicas']} to {first['to_replicas']} replicas:",
            "",
            "| concurrent conversations | throughput × | p95 × | CPU s per message × |",
            "|---|---|---|---|",
        ]
        lines += [
            f"| {level['concurrency']} | {level['scaling']['msg_per_s_factor']:.2f} "
            f"| {level['scaling']['p95_factor']:.2f} "
            f"| {level['scaling']['cpu_s_per_msg_factor']:.2f} |"
            for level in scaled
        ]
    return "\n".join(lines + _ceiling(run) + _before_schema_fix(run))


def _ceiling(run: Result) -> list[str]:
    """What the whole machine could give at the busiest level, were no other work on it: its
    cores divided by the CPU per message."""
    level, cores = run["levels"][-1], run["machine"]["cpus"]
    most = level["runs"][-1]
    ceiling = cores / most["shop"]["cpu_s_per_msg"]
    mood = level["moodbot"]
    return [
        "",
        f"At {level['concurrency']} conversations and {most['replicas']} replicas, the "
        f"{cores} cores alone would carry at most {ceiling:.1f} shop messages per second "
        f"({cores} / {most['shop']['cpu_s_per_msg']:.3f} CPU s per message), "
        f"{ceiling / mood['msg_per_s']:.2f}× the moodbot's {mood['msg_per_s']:.1f} from one "
        "process.",
    ]


def _before_schema_fix(after: Result) -> list[str]:
    """The same benchmark before assistant.rasa_action_schema, level by level at the most
    replicas."""
    before = result("load_replicas_before_schema_fix")
    lines = [
        "",
        f"Before Rasa's action-response schema was checked once per process "
        "(`assistant/rasa_action_schema.py`; "
        f"`bench/results/load_replicas_before_schema_fix.json`, {_when(before)}), "
        f"at {max(before['setup']['replicas'])} replicas (msg/s depends on the other work on "
        "the machine during each run, CPU per message less so):",
        "",
        "| concurrent conversations | msg/s before / after | CPU s per message before / after "
        "| Rasa's CPU s per message before / after |",
        "|---|---|---|---|",
    ]
    for old, new in zip(before["levels"], after["levels"], strict=True):
        old_run, new_run = old["runs"][-1]["shop"], new["runs"][-1]["shop"]
        rasa = [run["cpu_s_by_group"]["rasa"] / run["messages"] for run in (old_run, new_run)]
        lines.append(
            f"| {old['concurrency']} | {old_run['msg_per_s']:.1f} / {new_run['msg_per_s']:.1f} "
            f"| {old_run['cpu_s_per_msg']:.3f} / {new_run['cpu_s_per_msg']:.3f} "
            f"| {rasa[0]:.3f} / {rasa[1]:.3f} |"
        )
    return lines


def _node(name: str) -> str:
    """ "run_DIETClassifier6" -> "DIETClassifier"; a custom component by its class name."""
    bare = name.removeprefix("run_").rstrip("0123456789")
    return bare.rsplit(".", 1)[-1]


def _slot_events(tracker: Result) -> int:
    return sum(kind["events"] for kind in tracker["by_kind"] if kind["kind"].startswith("slot "))


def _turn_rows(first: Result, last: Result, fresh: Result) -> list[str]:
    def row(what: str, key: str, unit: str = "ms") -> str:
        return f"| {what} | " + " | ".join(f"{w[key]:,.1f} {unit}" for w in (first, last, fresh))

    return [
        row("turn over REST, mean", "latency_ms") + " |",
        row("turn over REST, median", "latency_ms_median") + " |",
        row("NLU alone (`/model/parse` over HTTP)", "parse_ms") + " |",
        row("action server, request in to answer out", "action_handler_ms") + " |",
        row("… of which the catalog search (its SQL included)", "search_ms") + " |",
        row("… of which SQL (every statement)", "sql_ms") + " |",
        row("Rasa beyond the NLU: tracker store, policies, action calls", "rasa_beyond_nlu_ms")
        + " |",
        row("CPU of the Rasa server", "rasa_cpu_ms") + " |",
        row("CPU of the action server", "actions_cpu_ms") + " |",
        row("Rasa's request to the action server, per call", "action_request_kb_per_call", "KB")
        + " |",
    ]


def _tracker_rows(trackers: Result) -> list[str]:
    rows = []
    for label, tracker in trackers.items():
        policies = " / ".join(f"{ms:.1f}" for ms in _policy_nodes(tracker).values())
        payload = (
            f"{tracker['action_payload_ms']:.1f} ({tracker['action_payload_bytes'] / 1024:,.0f} KB)"
        )
        turns = label.removeprefix("turn_")
        if "window_events" not in tracker:  # a run from before the window
            rows.append(
                f"| {turns} | {tracker['events']:,} | {tracker['rebuild_from_rows_ms']:.1f} "
                f"| {tracker['predict_ms']:.1f} ({policies}) | {payload} |"
            )
            continue
        same = "yes" if tracker["same_prediction_as_whole"] else "**no**"
        rows.append(
            f"| {turns} | {tracker['events']:,} / {tracker['window_events']:,} "
            f"| {tracker['whole_rebuild_ms']:.1f} / {tracker['rebuild_from_rows_ms']:.1f} "
            f"| {tracker['whole_predict_ms']:.1f} / {tracker['predict_ms']:.1f} ({policies}) "
            f"| {same} | {payload} |"
        )
    return rows


def _policy_nodes(tracker: Result) -> dict[str, float]:
    """The policies' graph nodes a run timed, by policy name ('run_RulePolicy1' -> 'Rule')."""
    return {
        name.removeprefix("run_").rstrip("0123456789").removesuffix("Policy"): ms
        for name, ms in tracker["policy_nodes_ms"].items()
        if name.startswith("run_") and "Policy" in name
    }


def _tracker_header(trackers: Result) -> list[str]:
    first = next(iter(trackers.values()))
    policies = " / ".join(_policy_nodes(first))
    if "window_events" not in first:
        return [
            "| turns | events | rebuilt from its stored rows, ms | one prediction, ms "
            f"({policies}) | the action call's JSON, ms (size) |",
            "|---|---|---|---|---|",
        ]
    return [
        "| turns | events: whole conversation / window | whole conversation rebuilt from its "
        f"rows / the window retrieved, ms | one prediction, ms: whole / window ({policies}, "
        "window) | the window predicts what the whole does | the action call's "
        "JSON (window), ms (size) |",
        "|---|---|---|---|---|---|",
    ]


def _before_after_change(
    change: str, before: tuple[Result, str], after: tuple[Result, str]
) -> list[str]:
    """The same loop before and after one `change`: a whole turn, Rasa's CPU, one prediction,
    the action call's size and the model's load, at the conversation's start and after 200
    turns."""
    (old, old_file), (new, new_file) = before, after

    def row(what: str, key: str, unit: str = "ms") -> str:
        cells = [
            f"{run['windows'][index][key]:,.1f} {unit}" for index in (0, -1) for run in (old, new)
        ]
        return f"| {what} | " + " | ".join(cells) + " |"

    def predicted(run: Result, turns: str) -> str:
        return f"{run['in_process']['trackers'][turns]['predict_ms']:.1f} ms"

    return [
        f"Before and after {change} (`bench/results/{old_file}`, model `{_model(old)}`, "
        f"{_when(old)}; `{new_file}`, model `{_model(new)}`, {_when(new)}):",
        "",
        "| per turn | turns 1-10, before | turns 1-10, after | turns 191-200, before "
        "| turns 191-200, after |",
        "|---|---|---|---|---|",
        row("turn over REST, mean", "latency_ms"),
        row("CPU of the Rasa server", "rasa_cpu_ms"),
        row("Rasa beyond the NLU", "rasa_beyond_nlu_ms"),
        row("Rasa's request to the action server, per call", "action_request_kb_per_call", "KB"),
        f"| one prediction, in process (turn 5 / turn 200) | {predicted(old, 'turn_5')} "
        f"| {predicted(new, 'turn_5')} | {predicted(old, 'turn_200')} "
        f"| {predicted(new, 'turn_200')} |",
        "",
        f"Loading the model in process: {old['in_process']['model_load_seconds']:.1f} s "
        f"before, {new['in_process']['model_load_seconds']:.1f} s after.",
    ]


def _before_after_window(before: Result, after: Result, after_file: str) -> list[str]:
    """The whole servers' figures at the conversation's start and after 200 turns, before and
    after the tracker store's window: what grew, and by how much, within each run."""

    def row(what: str, key: str, unit: str) -> str:
        cells = []
        for run in (before, after):
            first, last = run["windows"][0][key], run["windows"][-1][key]
            cells += [f"{first:,.1f} {unit}", f"{last:,.1f} {unit}", f"{last / first:.2f}×"]
        return f"| {what} | " + " | ".join(cells) + " |"

    return [
        "Before and after the tracker store's window "
        f"(`bench/results/turn_profile_before_window.json`, model `{_model(before)}`, "
        f"{_when(before)}; `{after_file}`, model `{_model(after)}`, {_when(after)}):",
        "",
        "| per turn | before: turns 1-10 | before: turns 191-200 | before: growth "
        "| after: turns 1-10 | after: turns 191-200 | after: growth |",
        "|---|---|---|---|---|---|---|",
        row("turn over REST, mean", "latency_ms", "ms"),
        row("CPU of the Rasa server", "rasa_cpu_ms", "ms"),
        row("CPU of the action server", "actions_cpu_ms", "ms"),
        row("Rasa's request to the action server, per call", "action_request_kb_per_call", "KB"),
    ]


def _before_after(before: Result, after: Result, after_file: str) -> list[str]:
    def pair(what: str, old: float, new: float, unit: str = "") -> str:
        return f"| {what} | {old:,.1f}{unit} | {new:,.1f}{unit} |"

    old, new = before["tracker_at_200_turns"], after["tracker_at_200_turns"]
    old_last, new_last = before["windows"][-1], after["windows"][-1]
    return [
        # Two runs at different times: only the whole servers' CPU and the sizes are set side
        # by side; the in-process timings of one tracker move with the machine's load.
        f"Before and after actions stopped re-setting unchanged slots "
        f"(`bench/results/turn_profile_before_fix.json`, {_when(before)}; "
        f"`{after_file}`, {_when(after)}):",
        "",
        "| after 200 turns | before | after |",
        "|---|---|---|",
        f"| tracker events (of them slot events) | {old['events']:,} ({_slot_events(old):,}) "
        f"| {new['events']:,} ({_slot_events(new):,}) |",
        pair("tracker, KB of JSON", old["bytes"] / 1024, new["bytes"] / 1024),
        pair(
            "CPU of the Rasa server per turn, turns 191-200",
            old_last["rasa_cpu_ms"],
            new_last["rasa_cpu_ms"],
            " ms",
        ),
        pair(
            "CPU of the action server per turn, turns 191-200",
            old_last["actions_cpu_ms"],
            new_last["actions_cpu_ms"],
            " ms",
        ),
        pair(
            "turn over REST, mean, turns 191-200",
            old_last["latency_ms"],
            new_last["latency_ms"],
            " ms",
        ),
        pair(
            "Rasa's request to the action server, KB per call, turns 191-200",
            old_last["action_request_kb_per_call"],
            new_last["action_request_kb_per_call"],
        ),
    ]


def turn_profile() -> str:
    run = result("turn_profile")
    first, last = run["windows"][0], run["windows"][-1]
    nlu = run["in_process"]["nlu"]
    lines = [
        f"`bench/results/turn_profile.json` (model `{_model(run)}`, {_when(run)}); means per "
        "turn over one pass of the loop:",
        "",
        f"| part of a turn | {first['window']} | {last['window']} "
        f"| {run['fresh_conversation']['window']} |",
        "|---|---|---|---|",
        *_turn_rows(first, last, run["fresh_conversation"]),
        "",
        f"The NLU in process, median per message over {nlu['parses']} parses of the loop's "
        f"messages: {_ms(nlu['parse_ms_median'])} in all.",
        "",
        "| component | ms per message |",
        "|---|---|",
        *(
            f"| {_node(name)} | {ms:.2f} |"
            for name, ms in nlu["nodes_ms"].items()
            if name.startswith("run_") and name != "run_RegexMessageHandler"
        ),
        "",
        "Rasa's work on the tracker, in process, by conversation length (the fastest of "
        f"{run['setup']['tracker_repeats']} repeats):",
        "",
        *_tracker_header(run["in_process"]["trackers"]),
        *_tracker_rows(run["in_process"]["trackers"]),
    ]
    domain = run["in_process"].get("action_call_domain")
    if domain:
        lines += [
            "",
            f"Every action call also carries the domain: {domain['bytes'] / 1024:,.0f} KB of "
            f"JSON, {_ms(domain['ms'])} to build and write in process.",
        ]
    # The earlier changes against the last run before the next one, which changes the same
    # figures again: each section compares its own two runs.
    # Each later change against the run before it, newest first.
    run_file = "turn_profile.json"
    for change, before_file in (
        (
            "the tracker store's window shrank to "
            f"{run['in_process'].get('window_turns', 0)} user messages",
            "turn_profile_before_short_window.json",
        ),
        ("the dialogue ran on the rule policy alone", "turn_profile_before_policies.json"),
    ):
        if (RESULTS / before_file).exists():
            before = result(before_file.removesuffix(".json"))
            lines += ["", *_before_after_change(change, (before, before_file), (run, run_file))]
            run, run_file = before, before_file
    unwindowed = (
        result("turn_profile_before_window")
        if (RESULTS / "turn_profile_before_window.json").exists()
        else None
    )
    after, after_file = (
        (unwindowed, "turn_profile_before_window.json")
        if unwindowed is not None
        else (run, run_file)
    )
    if (RESULTS / "turn_profile_before_fix.json").exists():
        lines += ["", *_before_after(result("turn_profile_before_fix"), after, after_file)]
    if (RESULTS / "turn_profile_before_store.json").exists():
        lines += [
            "",
            *_before_after_store(result("turn_profile_before_store"), after, after_file),
        ]
    if unwindowed is not None:
        lines += ["", *_before_after_window(unwindowed, run, run_file)]
    return "\n".join(lines)


def _before_after_store(before: Result, after: Result, after_file: str) -> list[str]:
    """The whole servers' figures around our tracker store (this benchmark has no broker)."""
    rows = []
    for index in (0, -1):
        old, new = before["windows"][index], after["windows"][index]
        rows += [
            f"| turn over REST, mean, {new['window']} | {_ms(old['latency_ms'])} "
            f"| {_ms(new['latency_ms'])} |",
            f"| CPU of the Rasa server per turn, {new['window']} | {_ms(old['rasa_cpu_ms'])} "
            f"| {_ms(new['rasa_cpu_ms'])} |",
            # The NLU does not touch the tracker store: what it moves by is the machine's load.
            f"| NLU alone (`/model/parse` over HTTP), {new['window']} | {_ms(old['parse_ms'])} "
            f"| {_ms(new['parse_ms'])} |",
        ]
    return [
        "Before and after our SQL tracker store (`assistant/rasa_tracker_store.py`; "
        f"`bench/results/turn_profile_before_store.json`, {_when(before)}; "
        f"`{after_file}`, {_when(after)}):",
        "",
        "| | before | after |",
        "|---|---|---|",
        *rows,
    ]


def tracker_store() -> str:
    run = result("tracker_store")
    first, last = run["runs"][0]["windows"]
    lines = [
        f"`bench/results/tracker_store.json` ({_when(run)}; one conversation of "
        f"{run['setup']['turns']} turns, {run['runs'][0]['events']:,} events and "
        f"{run['runs'][0]['tracker_kb']:,.0f} KB of JSON at the end; in process, the median "
        "turn of each window):",
        "",
        "| database | event broker | store | retrieve, ms: "
        f"{first} / {last} | save, ms: {first} / {last} | events published |",
        "|---|---|---|---|---|---|",
    ]
    for entry in run["runs"]:
        windows = entry["windows"]
        published = "—" if entry["published"] is None else f"{entry['published']:,}"
        lines.append(
            f"| {entry['database']} | {'yes' if entry['broker'] else 'no'} | {entry['store']} "
            f"| {windows[first]['retrieve_ms']:.1f} / {windows[last]['retrieve_ms']:.1f} "
            f"| {windows[first]['save_ms']:.1f} / {windows[last]['save_ms']:.1f} "
            f"| {published} |"
        )
    return "\n".join(lines)


def first_answer() -> str:
    run = result("first_answer")
    fresh, second = run["runs"]
    phases = fresh["phases_seconds"]
    lines = [
        f"`bench/results/first_answer.json` (commit `{run['commit']}`, {_when(run)}):",
        "",
        "| `make run` | first answer | of which |",
        "|---|---|---|",
        f"| fresh clone: nothing built, pip and model caches empty | "
        f"{fresh['first_answer_seconds']:.0f} s | venvs built and demo data loaded after "
        f"{phases['demo_catalog_loaded']:.0f} s; training and start-up the rest |",
        f"| the run after it | {second['first_answer_seconds']:.0f} s | start-up |",
    ]
    return "\n".join(lines)


BLOCKS: dict[str, Callable[[], str]] = {
    "summary": summary,
    "catalog_100k": catalog_100k,
    "catalog_100k_postgres": catalog_100k_postgres,
    "search_demo": search_demo,
    "first_search": first_search,
    "relevance": relevance,
    "nlu_parse": nlu_parse,
    "nlu_heldout": nlu_heldout,
    "price_rules": price_rules,
    "messenger_webhook": messenger_webhook,
    "payments": payments,
    "conversations": conversations,
    "load": load,
    "load_replicas": load_replicas,
    "departments": departments,
    "turn_profile": turn_profile,
    "tracker_store": tracker_store,
    "first_answer": first_answer,
}

"""Spreadsheet formulas and pivot-table words typed as a question, read as the words they stand for (issue #16).

A user who thinks in spreadsheets writes "COUNTIFS of the rows where status is not "ok", one cell per provider",
"=SUM(cost) / COUNTUNIQUE(user_id)", "AVERAGEIFS(latency_ms, model, "gpt-4o")" or "Pivot: rows = workload, values =
95th percentile of latency_ms, filter = 1 Nov 2026 up to but not including 15 Nov 2026". As sql_words.py does for SQL,
each is written here as the words a sentence would use, so the later readers (the measures, the grouping, the window,
the names) see "number of calls where status is not ok by provider", "spend per distinct user", "average latency for
gpt-4o", "p95 latency by workload, 1 Nov 2026 up to but not including 15 Nov 2026":

- a function of a column, as a formula ("SUM(cost)", "COUNTUNIQUE(user_id)", "COUNTA(UNIQUE(session_id))",
  "PERCENTILE(latency_ms, 0.95)") or in words ("AVERAGEIFS of prompt tokens and of completion tokens", "the unique
  count of user ids", "sum of cost"): the figure it computes ("average input tokens and average output tokens",
  "the number of unique users", "spend"); the criteria of COUNTIFS, SUMIFS and AVERAGEIFS (status, a name, a bound
  on a number) as the calls they keep ("number of failed calls for openai");
- a sum over a count of ids ("=SUM(cost) / COUNTUNIQUE(user_id)"): the spend per distinct user (or session, or call);
- a pivot's rows and columns ("rows = model, columns = workload"): a grouping by both; its values: the figure; its
  filter: what the filter says; "just the non-empty cells" says nothing more (a grouping has no empty cells);
- "one cell per provider", "a row for each workload": a grouping; "two cells please:" says nothing more; "once for
  September and once for October": both months;
- "now minus 7 x 24 hours to now", "NOW()-7": the last 168 hours, the last 7 days (a spreadsheet's NOW()-N is days);
- the rows of the sheet are the calls ("the rows where ...", "the sales-agent rows").

Nothing here is computed: the formulas are only words. Text with no spreadsheet word is returned as is.
"""

from __future__ import annotations

import re

# The columns of the events a sheet names (as a header or in words), each with the word its figures are read by.
_COLUMNS: tuple[tuple[str, str], ...] = (
    (r"cost(?:_usd)?|spend|usd", "cost"),
    (r"latency(?:_ms)?|duration(?:_ms)?|response[ _]times?", "latency"),
    (r"ttft(?:_ms)?|time[ _]to[ _]first[ _]token", "ttft"),
    (r"(?:prompt|input)[ _]tokens?", "input tokens"),
    (r"(?:completion|output)[ _]tokens?", "output tokens"),
    (r"(?:total[ _])?tokens", "tokens"),
    (r"quality(?:[ _]scores?)?", "quality score"),
    (r"user(?:[ _]ids?|s)?", "user"),
    (r"(?:session|conversation)(?:[ _]ids?|s)?", "session"),
    (r"models?", "model"),
    (r"providers?|vendors?", "provider"),
    (r"workloads?", "workload"),
    (r"task[ _]types?", "task type"),
    (r"error[ _]types?", "error type"),
    (r"status(?:es)?", "status"),
    (r"(?:the\s+)?(?:rows|records|events|calls|requests|lines|entries)", "calls"),
)
_COLUMN = "|".join(f"(?:{p})" for p, _ in _COLUMNS)
_PLURAL = {
    "user": "users",
    "session": "sessions",
    "model": "models",
    "provider": "providers",
    "workload": "workloads",
    "task type": "task types",
    "error type": "error types",
}
_NAMES = ("model", "provider", "workload", "task type", "error type")


def _column(raw: str) -> str | None:
    """The word a column header or phrase is read by ("latency_ms" -> "latency"), or None for no column of ours."""
    raw = re.sub(r"^(?:\w+\[)|\]$|^['\"]|['\"]$", "", raw.strip().lower()).strip()
    for pattern, word in _COLUMNS:
        if re.fullmatch(pattern, raw):
            return word
    return None


def _figure(function: str, column: str | None) -> str | None:
    """The words of `function` (sum, average, count, unique, median, max, min, pNN) of `column`, or None."""
    if function == "count":
        return "number of calls"
    if column is None:
        return None
    if function == "unique":
        return f"number of unique {_PLURAL[column]}" if column in _PLURAL else None
    if column in _PLURAL or column in ("status", "calls"):
        return "number of calls" if column == "calls" and function == "sum" else None
    if function == "sum":
        return {"cost": "spend", "tokens": "total tokens"}.get(column, f"total {column}")
    if function == "average":
        return "cost per call" if column == "cost" else f"average {column}"
    if column == "cost":
        column = "cost per call"
    return f"{function} {column}"


# The sheet's functions, by the figure each computes; the ones with criteria take them after the column they sum.
_FUNCTIONS: dict[str, str] = {
    "sum": "sum",
    "sumif": "sum",
    "sumifs": "sum",
    "average": "average",
    "averageif": "average",
    "averageifs": "average",
    "avg": "average",
    "avgif": "average",
    "avgifs": "average",
    "mean": "average",
    "count": "count",
    "counta": "count",
    "countif": "count",
    "countifs": "count",
    "countrows": "count",
    "countunique": "unique",
    "countuniqueifs": "unique",
    "median": "median",
    "max": "max",
    "min": "min",
}
_FUNCTION = re.compile(
    r"(?<![\w.])=?\s*(?P<f>counta?\s*\(\s*unique|percentile(?:\.inc|\.exc)?|"
    + "|".join(sorted(_FUNCTIONS, key=len, reverse=True))
    + r")\s*\(",
    re.IGNORECASE,
)
_OPS = {">": "over", ">=": "at least", "<": "under", "<=": "at most"}


def _args(text: str, start: int) -> tuple[list[str], int] | None:
    """The top-level arguments of the call whose "(" ends at `start`, and where its ")" ends; None if unclosed."""
    depth, quote, args, begun = 0, "", [], start
    for i in range(start, len(text)):
        c = text[i]
        if quote:
            quote = "" if c == quote else quote
        elif c in "\"'\u201c\u201d":
            quote = "\u201d" if c == "\u201c" else c
        elif c == "(":
            depth += 1
        elif c == ")":
            if depth == 0:
                args.append(text[begun:i])
                return [a.strip() for a in args], i + 1
            depth -= 1
        elif c == "," and depth == 0:
            args.append(text[begun:i])
            begun = i + 1
    return None


def _criterion(column: str | None, raw: str) -> str | None:
    """The calls one criterion keeps, in words ("status", "<>ok" -> "failed"), or None when it is not read."""
    value = re.sub(r"[\"'\u201c\u201d]|\s*&\s*", "", raw).strip()
    m = re.fullmatch(r"(?P<op><>|!=|>=|<=|>|<|=)?\s*(?P<v>[\w.,$ -]+?)", value)
    if column is None or m is None:
        return None
    op, v = m["op"] or "=", m["v"].strip().lower()
    if column == "status":
        ok = v in ("ok", "success", "succeeded", "200")
        return "failed" if (op in ("<>", "!=")) == ok else "successful"
    if column in _NAMES:
        if op in ("=", "<>", "!="):
            return f"for {v}" if op == "=" else f"excluding {v}"
        return None
    if op not in _OPS or not re.fullmatch(r"\$?\d[\d,]*(?:\.\d+)?", v):
        return None
    if column == "cost":
        return f"costing {_OPS[op]} ${v.lstrip('$')}"
    if column in ("latency", "ttft"):
        return f"with {column} {_OPS[op]} {v} ms"
    if column in ("input tokens", "output tokens", "tokens"):
        return f"with {_OPS[op].replace('over', 'more than').replace('under', 'fewer than')} {v} {column}"
    return None


def _call(name: str, args: list[str]) -> str | None:
    """One sheet function with its arguments, in words; None when a part of it is not read."""
    name = re.sub(r"\s+", "", name.lower())
    if name.startswith("count") and name.endswith("unique"):  # COUNTA(UNIQUE(x)): its inner call holds the column
        return _figure("unique", _column(args[0])) if len(args) == 1 else None
    if name.startswith("percentile"):
        if len(args) != 2 or not re.fullmatch(r"0?\.\d+", args[1]):
            return None
        level = args[1].split(".")[1][:2].ljust(2, "0")
        return _figure(f"p{level}", _column(args[0]))
    function = _FUNCTIONS[name]
    if name.endswith("ifs"):  # SUMIFS(sum_range, range1, criteria1, ...); COUNTIFS(range1, criteria1, ...)
        counted, pairs = (None, args) if name.startswith("count") else (args[0] if args else None, args[1:])
    elif name.endswith("if"):  # SUMIF(range, criteria, [sum_range]); COUNTIF(range, criteria)
        counted, pairs = (args[2] if len(args) > 2 else args[0] if args else None), args[:2]
    else:
        counted, pairs = (args[0] if len(args) == 1 else None), []
    if len(pairs) % 2 or (counted is None and function != "count"):
        return None
    if function == "count" and counted is not None and counted not in ("*", "1", "") and _column(counted) is None:
        return None  # "count(distinct session_id)": SQL, read where SQL is
    figure = _figure(function, _column(counted) if counted is not None else None)
    kept = [_criterion(_column(pairs[i]), pairs[i + 1]) for i in range(0, len(pairs), 2)]
    if figure is None or None in kept:
        return None
    return _with_criteria(figure, [k for k in kept if k])


def _with_criteria(figure: str, kept: list[str]) -> str:
    """ "number of calls" with ["failed", "for openai"] -> "number of failed calls for openai"."""
    status = [k for k in kept if k in ("failed", "successful")]
    rest = [k for k in kept if k not in status]
    if status:
        calls = f"{status[0]} calls"
        figure = (
            figure.replace("calls", calls) if figure.endswith("calls") else f"{figure} of {calls}"
        )  # "spend of failed calls"
    return " ".join([figure, *rest])


def _formulas(text: str) -> str:
    """`text` with each sheet function call written as words; a call not read stays as typed."""
    out, at = [], 0
    for m in _FUNCTION.finditer(text):
        if m.start() < at:
            continue
        found = _args(text, m.end())
        if found is None:
            continue
        args, end = found
        if m["f"].lower().replace(" ", "").endswith("unique"):  # "COUNTA(UNIQUE(x))": the outer ")" closes it too
            end = end + 1 if text[end : end + 1] == ")" else end
        words = _call(m["f"], args)
        if words is None:
            continue
        out.append(text[at : m.start()] + (" " if m.start() > 0 else "") + words)
        at = end
    return "".join(out) + text[at:] if out else text


# --- functions said in words ---------------------------------------------------------------------------------------

_SAID_FUNCTIONS: dict[str, str] = {
    **{k: v for k, v in _FUNCTIONS.items() if k.endswith(("if", "ifs")) or k in ("countunique", "counta")},
    "count unique": "unique",
    "unique count": "unique",
    "distinct count": "unique",
    "count distinct": "unique",
    "sum": "sum",
    "total": "sum",
    "average": "average",
    "mean": "average",
    "median": "median",
    "max": "max",
    "maximum": "max",
    "min": "min",
    "minimum": "min",
    "count": "count",
}
_SAID_FUNCTION = r"(?P<f>" + "|".join(sorted(_SAID_FUNCTIONS, key=len, reverse=True)) + r"|p\d{2})"
# "AVERAGEIFS of prompt tokens and of completion tokens", "the unique count of user ids", "sum of cost", "p95 of
# latency_ms": the figure of each column listed
_SAID = re.compile(
    rf"(?<![\w-])(?:the\s+)?{_SAID_FUNCTION}\s+of\s+(?:the\s+)?(?P<cols>(?:{_COLUMN})"
    rf"(?:\s*(?:,|and|&)\s*(?:of\s+)?(?:the\s+)?(?:{_COLUMN}))*)(?![\w-])",
    re.IGNORECASE,
)
_SAID_COLUMN = re.compile(rf"(?:{_COLUMN})(?![\w-])", re.IGNORECASE)


def _said(m: re.Match[str]) -> str:
    said = m["f"].lower()
    function = _SAID_FUNCTIONS.get(said, said)  # "p95" stays a level
    sheet_only = said not in ("sum", "total", "average", "mean", "median", "max", "maximum", "min", "minimum", "count")
    figures = []
    for col in _SAID_COLUMN.finditer(m["cols"]):
        figure = _figure(function, _column(col.group(0)))
        if figure is None or (function == "count" and _column(col.group(0)) != "calls"):
            return m.group(0)
        figures.append(figure)
    if not sheet_only and function in ("sum", "average", "count") and len(figures) == 1 and "calls" in figures[0]:
        return m.group(0)  # "the count of calls", "the total of the calls": already words
    return " and ".join(figures)


# --- pivots, cells and other sheet words ---------------------------------------------------------------------------

_DIM = r"(?P<dim>models?|providers?|vendors?|workloads?|task[ _]types?|users?(?:[ _]ids?)?|sessions?(?:[ _]ids?)?|" + (
    r"error[ _]types?|status(?:es)?|days?|dates?|weeks?|months?|hours?)"
)
_GRAINS = {"day": "day", "date": "day", "week": "week", "month": "month", "hour": "hour"}
_PIVOT_SAID = re.compile(r"\bpivot(?:\s+table\b|\s*:)|\b(?:rows|columns|values)\s*(?:=|:)", re.IGNORECASE)
_PIVOT_WORD = re.compile(r"\bpivot(?:\s+table\b|\s*:)\s*(?::|-|\u2013)?\s*", re.IGNORECASE)
_PIVOT_AXIS = re.compile(rf"\b(?P<axis>rows?|columns?|cols?)\s*(?:=|:|are|is|by)\s*{_DIM}\b", re.IGNORECASE)
_PIVOT_PART = re.compile(
    r"\b(?:(?:values?|data|filters?)\s*(?:=|:)|filter(?:ed)?\s+(?:to|on|by|for))\s*", re.IGNORECASE
)
_NON_EMPTY = re.compile(
    r"[.,;]?\s*(?:(?:just|only|show)\s+(?:the\s+)?non-?(?:empty|blank|zero)\s+(?:cells|rows|values)|"
    r"(?:skip|hide|drop|no)\s+(?:the\s+)?(?:empty|blank)\s+(?:cells|rows)|hide\s+blanks)\b\.?",
    re.IGNORECASE,
)
# "one cell per provider", "a row for each workload", "one column by model": a grouping
_ONE_PER = re.compile(
    rf"\b(?:one|a|1)\s+(?:cell|row|column|col|line|tab|sheet)\s+(?:per|for\s+each|for\s+every|by|each)\s+{_DIM}\b",
    re.IGNORECASE,
)
# "two cells please:", "in 3 cells", "a cell each": how the figures are laid out, nothing more
_CELLS = re.compile(
    r"\b(?:in\s+)?(?:two|three|four|2|3|4)\s+cells\b(?:,?\s+please)?\s*:?|\b(?:a|one)\s+cell\s+each\b",
    re.IGNORECASE,
)
_ONCE = re.compile(r"\bonce\s+(for|in|over)\b", re.IGNORECASE)
# "from now minus 7 x 24 hours to now", "now - 168h", "NOW()-7": the last so many hours or days
_NOW_MINUS = re.compile(
    r"\b(?P<from>from\s+|between\s+)?now(?P<call>\s*\(\s*\))?\s*(?:-|minus|\u2212)\s*(?P<n>\d+(?:\.\d+)?)"
    r"(?:\s*(?:x|\*|\u00d7|times)\s*(?P<k>\d+(?:\.\d+)?))?(?:\s*(?P<unit>hours?|hrs?|h|days?|d|minutes?|mins?))?\b"
    r"(?:\s+(?:to|until|till|through|and)\s+now(?:\s*\(\s*\))?)?",
    re.IGNORECASE,
)
_SHEET = re.compile(r"\b(?:cells?|(?:spread)?sheets?|excel|pivot|formulas?|countifs?|sumifs?)\b", re.IGNORECASE)
_ROWS = re.compile(r"\brows\b(?!\s*(?:=|:))", re.IGNORECASE)
_RATIO = re.compile(
    r"(?P<sum>spend|total tokens|total input tokens|total output tokens)\s*(?:/|÷|divided\s+by)\s*(?:the\s+)?"
    r"(?:number of unique (?P<ids>users|sessions)|(?P<calls>number of calls))",
    re.IGNORECASE,
)


def _now_minus(m: re.Match[str]) -> str:
    n = float(m["n"]) * float(m["k"] or 1)
    unit = (m["unit"] or ("h" if m["k"] in ("24", "24.0") else "d")).lower()  # (a sheet's NOW()-7 is 7 days)
    word = "days" if unit.startswith("d") else "minutes" if unit.startswith("m") else "hours"
    return f"{'over ' if m['from'] else ''}the last {n:g} {word}"


def _axis(dim: str) -> str:
    dim = re.sub(r"[ _]ids?$", "", dim.lower()).rstrip("s") if not dim.lower().startswith("status") else "status"
    return dim.replace("_", " ")


def _pivot(text: str) -> str:
    """A pivot's rows and columns as one grouping ("rows = model, columns = workload" -> "by model and workload"),
    its values and filter as what they say."""
    axes = list(_PIVOT_AXIS.finditer(text))
    if axes:
        dims = [_axis(a["dim"]) for a in axes]
        names = " and ".join(d for d in dims if d not in _GRAINS)
        said = " ".join([f"by {names}" if names else "", *(f"per {_GRAINS[d]}" for d in dims if d in _GRAINS)])
        first = axes[0].start()
        text = _PIVOT_AXIS.sub(lambda a: said.strip() if a.start() == first else "", text)
        text = re.sub(r"(?:\s*,)+\s*(?=,|$)|(?<=:)(?:\s*,)+", "", re.sub(r",(?:\s*,)+", ",", text))
        text = re.sub(r"\bpivot(?:\s+table)?\b", "", text, flags=re.IGNORECASE)  # ("pivot for november: ...")
    return _PIVOT_PART.sub("", _PIVOT_WORD.sub("", text))


def compute_sheet_as_words(text: str) -> str:
    """`text` with each spreadsheet formula, pivot and sheet word written as the words a sentence would use; text
    with none is returned as is; idempotent."""
    out = _formulas(text)
    out = _SAID.sub(_said, out)
    out = _RATIO.sub(
        lambda m: (
            f"{m['sum']} per {'call' if m['calls'] else m['ids'][:-1]}"
            if m["calls"]
            else f"{m['sum']} per distinct {m['ids'][:-1]}"
        ),
        out,
    )
    if _PIVOT_SAID.search(out):
        out = _pivot(_NON_EMPTY.sub("", out))
    out = re.sub(r"(?:^|(?<=\s))=\s*(?=(?:spend|cost|number|average|total|median|max|min|p\d\d)\b)", "", out)
    out = _ONE_PER.sub(lambda m: f"by {_axis(m['dim'])}", out)
    out = _CELLS.sub("", out)
    out = _ONCE.sub(r"\1", out)
    out = _NOW_MINUS.sub(_now_minus, out)
    if out != text or _SHEET.search(out):  # (the sheet's rows are its calls only where a sheet is said)
        out = _ROWS.sub("calls", out)
    return " ".join(out.split()) if out != text else text

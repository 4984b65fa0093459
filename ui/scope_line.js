(picked, sources, documents, asOf, dateFrom, dateTo, question, questionDates, years) => {
  const PERIOD_YEAR = __PERIOD_YEAR__;
  // As ui/render.py's escape_markdown (MARKDOWN_SPECIAL; a test keeps the two patterns equal).
  const escaped = (text) =>
    String(text)
      .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/([\\`*_{}\[\]()#+\-.!|~>:@])/g, "\\$1");
  const isDay = (text) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
    const day = new Date(text + "T00:00:00Z");
    return !isNaN(day) && day.toISOString().slice(0, 10) === text;
  };
  const articles = (n) => `${n} article${n === 1 ? "" : "s"}`;
  const days = [["As of", asOf], ["From", dateFrom], ["To", dateTo]].map(
    ([label, text]) => [label, (text || "").trim()]
  );
  for (const [label, text] of days) {
    if (text && !isDay(text)) {
      return `**${label} '${escaped(text)}' is not a day:** write it as YYYY-MM-DD ` +
        "(2022-06-24), or leave it empty (Articles and filters).";
    }
  }
  const [of, low, high] = days.map(([, text]) => text);
  if (low && high && low > high) {
    return `**From ${low} is after To ${high}:** no article can be both (Articles and filters).`;
  }
  const total = Math.round(documents || 0);
  picked = picked || [];
  sources = sources || [];
  // A year the question names as a period narrows its search on the server (rag/questions/hints.py's
  // PERIOD_YEAR, put in here by ui/chat.py), when some article is dated then.
  const known = String(years || "").split(",");
  const named = questionDates && !low && !high
    ? [...new Set([...String(question || "").matchAll(new RegExp(PERIOD_YEAR, "gi"))]
        .map((m) => m[1]).filter((year) => known.includes(year)))]
    : [];
  const period = named.length
    ? ` **The question names ${named.join(" and ")}:** only articles dated then, and undated ` +
      "ones, are searched (untick the box below to search every year)."
    : "";
  if (!picked.length && !sources.length && !of && !low && !high) {
    return `Searching all ${articles(total)}.${period}`;
  }
  const parts = [];
  if (picked.length) parts.push(`${picked.length} of ${articles(total)}`);
  if (sources.length) parts.push("articles from " + sources.map(escaped).join(", "));
  if (low || high) parts.push(`articles dated ${low || "the start"} to ${high || "now"}`);
  if (of) parts.push(`articles published by ${of}`);
  return "**Searching only " + parts.join(" and ") + "** (Articles and filters)." + period;
}

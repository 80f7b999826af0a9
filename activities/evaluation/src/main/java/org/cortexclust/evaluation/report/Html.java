package org.cortexclust.evaluation.report;

/** Shared page chrome (CSS) for the experiment and sweep reports: one self-contained file, no scripts. */
public final class Html {
  private Html() {}

  public static final String CSS = """
      :root{--ink:#1d2430;--muted:#5d6776;--line:#e3e7ed;--bg:#f6f7f9;--card:#fff;--accent:#0b5cad;
        --good:#1b7f4b;--warn:#a35b00;--bad:#b3261e}
      *{box-sizing:border-box}
      body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.5 system-ui,-apple-system,"Segoe UI",
        Roboto,"Helvetica Neue",Arial,"Noto Sans",sans-serif}
      main{max-width:1200px;margin:0 auto;padding:28px 28px 60px}
      header.top{background:#14233a;color:#fff;padding:26px 0 22px}
      header.top .in{max-width:1200px;margin:0 auto;padding:0 28px}
      header.top h1{margin:0;font-size:26px;font-weight:650;letter-spacing:-.01em}
      header.top p{margin:6px 0 0;color:#c8d3e3;font-size:14px}
      header.top code{color:#fff;background:rgba(255,255,255,.12);padding:1px 6px;border-radius:4px}
      h2{font-size:20px;margin:34px 0 12px;padding-bottom:6px;border-bottom:2px solid var(--line)}
      h3{font-size:16px;margin:0 0 6px}
      .cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(340px,1fr));gap:16px}
      .card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:16px 18px;
        box-shadow:0 1px 2px rgba(20,35,58,.05)}
      .card .q{color:var(--muted);font-size:13.5px;font-weight:600;margin-bottom:4px}
      .card .a{font-size:22px;font-weight:650;margin:2px 0 6px}
      .card p{margin:4px 0;font-size:14px}
      .card.wide{grid-column:1/-1} table.mini{font-size:12.5px;margin:6px 0} table.mini td,table.mini th{padding:3px 6px}
      .yes{color:var(--good)} .weak{color:var(--warn)} .no{color:var(--muted)} .bad{color:var(--bad)}
      table{border-collapse:collapse;width:100%;background:var(--card);font-size:13.5px;
        border:1px solid var(--line);border-radius:8px;overflow:hidden}
      th,td{padding:5px 8px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
      th{background:#eef1f5;font-weight:600;font-size:12.5px;line-height:1.3}
      td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
      td.num{white-space:nowrap}
      .scroll{overflow-x:auto}
      tr:nth-child(even) td{background:#fafbfc}
      tr.primary td{background:#eaf2fb}
      .figs{display:grid;grid-template-columns:repeat(auto-fill,minmax(560px,1fr));gap:18px}
      figure{margin:0;background:var(--card);border:1px solid var(--line);border-radius:10px;padding:12px 12px 10px;
        overflow-x:auto}
      figure.wide{grid-column:1/-1}
      figcaption{font-size:13px;color:var(--muted);margin-top:6px}
      figcaption b{color:var(--ink)}
      .multi{display:flex;flex-wrap:wrap;gap:6px}
      svg.chart{display:block;max-width:100%;height:auto;font-size:11.5px;fill:#333}
      svg.chart .t{font-size:14px;font-weight:600;fill:#1d2430}
      svg.chart .l{font-size:12.5px;fill:#333}
      svg.chart .n{font-size:10.5px;fill:#6b7380}
      svg.chart .c{font-size:11px}
      svg.chart .ax{fill:#4a5260}
      svg.chart .g{stroke:#e6e9ee;stroke-width:1}
      .note{color:var(--muted);font-size:13px}
      .kv{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;font-size:13.5px}
      .kv div:nth-child(odd){color:var(--muted)}
      td code{white-space:nowrap}
      code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px}
      details summary{cursor:pointer;color:var(--accent);margin:8px 0}
      .chips{display:flex;flex-wrap:wrap;gap:4px 14px;font-size:12px;margin:6px 4px}
      .chips i{display:inline-block;width:10px;height:10px;border-radius:50%;margin-right:5px;vertical-align:-1px}
      footer{margin-top:40px;color:var(--muted);font-size:12.5px}
      """;

  /** Start of a page: doctype, head with inline CSS, and the dark header band. */
  public static String head(String title, String subtitleHtml) {
    return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        + "<title>" + org.cortexclust.evaluation.plot.Svg.esc(title) + "</title><style>" + CSS + "</style></head><body>\n"
        + "<header class=\"top\"><div class=\"in\"><h1>" + org.cortexclust.evaluation.plot.Svg.esc(title) + "</h1><p>"
        + subtitleHtml + "</p></div></header>\n<main>\n";
  }

  public static String tail(String footerHtml) {
    return "<footer>" + footerHtml + "</footer>\n</main></body></html>\n";
  }
}

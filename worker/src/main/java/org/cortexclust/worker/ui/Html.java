package org.cortexclust.worker.ui;

import java.util.Locale;

/** The web view's page shell (inline CSS and JS only: the page loads nothing from any network) and escaping. */
final class Html {
  private Html() {}

  static String esc(Object o) {
    return o == null ? "" : org.cortexclust.evaluation.plot.Svg.esc(o.toString());
  }

  /** A number as the tables show it: four significant digits. */
  static String num(Double v) {
    if (v == null) return "";
    if (v.isNaN() || v.isInfinite()) return v.toString();
    if (v == Math.rint(v) && Math.abs(v) < 1e9) return String.format(Locale.ROOT, "%d", v.longValue());
    return String.format(Locale.ROOT, "%.4g", v);
  }

  static String link(String href, Object text) {
    return "<a href=\"" + esc(href) + "\">" + esc(text) + "</a>";
  }

  static String badge(String state) {
    String s = state == null ? "unknown" : state;
    String cls = switch (s) {
      case "success", "succeeded" -> "ok";
      case "cached", "cache hit" -> "cached";
      case "failed", "cancelled", "interrupted" -> "bad";
      case "running" -> "run";
      default -> "idle";
    };
    return "<span class=\"badge " + cls + "\" data-state=\"" + esc(s) + "\">" + esc(s) + "</span>";
  }

  /**
   * A whole page. {@code live}: the page re-reads itself every two seconds (only the {@code main} element is
   * replaced, so scrolling and selection stay) while something on it is still running.
   */
  static String page(String title, String body, boolean live) {
    return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        + "<title>" + esc(title) + " · cortexclust</title><style>" + CSS + "</style></head><body>"
        + "<header><a href=\"/\" class=\"brand\">cortexclust</a> <span class=\"crumb\">" + esc(title) + "</span>"
        + "<span id=\"live\" class=\"live\">" + (live ? "live · refreshes every 2 s" : "") + "</span></header>"
        + "<main id=\"main\" data-live=\"" + live + "\">" + body + "</main>"
        + "<script>" + JS + "</script></body></html>\n";
  }

  private static final String CSS = """
      body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
      header{background:#1d2330;color:#fff;padding:10px 18px;display:flex;gap:14px;align-items:baseline}
      header a.brand{color:#fff;font-weight:600;text-decoration:none}.crumb{color:#c9d1e0}.live{margin-left:auto;color:#8fd19e;font-size:12px}
      main{padding:14px 18px;max-width:1400px}h1{font-size:20px;margin:6px 0 10px}h2{font-size:16px;margin:18px 0 8px}
      table{border-collapse:collapse;background:#fff;font-size:13px}th,td{border:1px solid #dde1e8;padding:4px 8px;text-align:left;vertical-align:top}
      th{background:#eef1f5;font-weight:600}td.n{text-align:right;font-variant-numeric:tabular-nums}
      .badge{display:inline-block;padding:0 7px;border-radius:9px;font-size:12px;background:#e3e6eb}
      .badge.ok{background:#cdebd4;color:#135f2a}.badge.bad{background:#f6d0d0;color:#8a1616}.badge.run{background:#d4e4fb;color:#12428a}
      .badge.cached{background:#e9e2f7;color:#4b2a86}.muted{color:#6b7385}.err{color:#8a1616;white-space:pre-wrap}
      .charts{display:flex;flex-wrap:wrap;gap:10px}.chart{background:#fff;border:1px solid #dde1e8;padding:6px}
      .chart .t{font-size:12px;color:#394150;margin-bottom:2px}pre{background:#fff;border:1px solid #dde1e8;padding:8px;overflow:auto;font-size:12px}
      progress{width:120px;vertical-align:middle}a{color:#1a56b8}
      """;

  private static final String JS = """
      (function(){var m=document.getElementById('main');if(!m||m.dataset.live!=='true')return;
      function tick(){fetch(location.href,{headers:{'X-Cortexclust-Partial':'1'},cache:'no-store'}).then(function(r){return r.text();})
      .then(function(t){var d=new DOMParser().parseFromString(t,'text/html');var n=d.getElementById('main');if(!n)return;
      m.innerHTML=n.innerHTML;m.dataset.live=n.dataset.live;if(n.dataset.live==='true'){setTimeout(tick,2000);}
      else{document.getElementById('live').textContent='finished';}}).catch(function(){setTimeout(tick,5000);});}
      setTimeout(tick,2000);})();
      """;
}

package org.cortexclust.worker.ui;

import static org.cortexclust.worker.ui.Html.badge;
import static org.cortexclust.worker.ui.Html.esc;
import static org.cortexclust.worker.ui.Html.link;
import static org.cortexclust.worker.ui.Html.num;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.cortexclust.common.lineage.Lineage;
import org.cortexclust.common.stage.StageProgressLog;
import org.cortexclust.common.store.ArtifactStore;
import org.cortexclust.common.store.BlobRef;
import org.cortexclust.common.store.StageManifest;
import org.cortexclust.worker.RunRecord;
import org.cortexclust.worker.StageRegistry;
import org.cortexclust.worker.sweep.SweepActivitiesImpl;
import org.cortexclust.workflows.contract.StageOutput;
import org.cortexclust.workflows.sweep.PointResult;
import org.cortexclust.workflows.sweep.SweepPoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live local web view: runs and sweeps as the artifact store holds them (run records, sweep points and
 * results, stage progress records, manifests), so it shows the same in embedded and remote mode and whoever is
 * running the work. Pages are rendered on the server (tables, inline SVG curves); a few lines of inline script
 * re-read a page every two seconds while something on it runs. Bound to loopback only; requests whose Host is not
 * a loopback name are refused (a web page elsewhere cannot reach it through DNS rebinding). Nothing is loaded from
 * any network.
 *
 * <p>Routes: {@code /} (sweeps and runs), {@code /run/<id>} (stages, states, curves, report),
 * {@code /sweep/<id>} (points with their metrics as each finishes), {@code /artifact/<id>} (manifest, lineage,
 * files), {@code /artifact/<id>/<file>} (a file of an artifact, e.g. the HTML report).
 */
public final class WebView implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WebView.class);
  private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  private static final String ID = "[A-Za-z0-9._:-]{1,200}";
  /** A running stage whose record has not moved for this long is shown as stale (its worker may be gone). */
  private static final Duration STALE = Duration.ofMinutes(2);

  private final ArtifactStore store;
  private final HttpServer server;
  private final ExecutorService pool;

  private WebView(ArtifactStore store, HttpServer server, ExecutorService pool) {
    this.store = store;
    this.server = server;
    this.pool = pool;
  }

  /** Serve on loopback at {@code port} (0: any free port). */
  public static WebView start(ArtifactStore store, int port) throws IOException {
    HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
    ExecutorService pool = Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "webview");
      t.setDaemon(true);
      return t;
    });
    WebView v = new WebView(store, s, pool);
    s.createContext("/", v::handle);
    s.setExecutor(pool);
    s.start();
    return v;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public String url() {
    return "http://127.0.0.1:" + port() + "/";
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }

  // ------------------------------------------------------------------------------------------------ routing

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String host = ex.getRequestHeaders().getFirst("Host");
      String h = host == null ? "" : host.replaceFirst(":\\d+$", "");
      if (!h.equals("127.0.0.1") && !h.equals("localhost") && !h.equals("[::1]")) {
        send(ex, 403, "text/plain", ("the cortexclust view answers loopback names only, not Host " + host).getBytes(StandardCharsets.UTF_8));
        return;
      }
      if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
        send(ex, 405, "text/plain", "GET only".getBytes(StandardCharsets.UTF_8));
        return;
      }
      String path = ex.getRequestURI().getRawPath();
      List<String> parts = new ArrayList<>();
      for (String p : path.split("/")) {
        if (!p.isEmpty()) parts.add(URLDecoder.decode(p, StandardCharsets.UTF_8));
      }
      try {
        if (parts.isEmpty()) {
          html(ex, "runs and sweeps", home());
        } else if (parts.size() == 2 && parts.get(0).equals("run") && parts.get(1).matches(ID)) {
          html(ex, parts.get(1), run(parts.get(1)));
        } else if (parts.size() == 2 && parts.get(0).equals("sweep") && parts.get(1).matches(ID)) {
          html(ex, parts.get(1), sweep(parts.get(1)));
        } else if (parts.size() == 2 && parts.get(0).equals("artifact") && parts.get(1).matches(ID)) {
          html(ex, parts.get(1), artifact(parts.get(1)));
        } else if (parts.size() == 3 && parts.get(0).equals("artifact") && parts.get(1).matches(ID)) {
          file(ex, parts.get(1), parts.get(2));
        } else if (parts.size() == 1 && parts.get(0).equals("healthz")) {
          send(ex, 200, "text/plain", "ok\n".getBytes(StandardCharsets.UTF_8));
        } else {
          notFound(ex, "no page " + path);
        }
      } catch (NotFound e) {
        notFound(ex, e.getMessage());
      } catch (Exception e) {
        LOG.warn("web view: {} failed: {}", path, e.toString());
        html(ex, "error", new Body("<h1>Could not read the store</h1><p class=\"err\">" + esc(e) + "</p>", false), 500);
      }
    }
  }

  private record Body(String html, boolean live) {}

  private static final class NotFound extends Exception {
    NotFound(String m) {
      super(m);
    }
  }

  private void html(HttpExchange ex, String title, Body b) throws IOException {
    html(ex, title, b, 200);
  }

  private void html(HttpExchange ex, String title, Body b, int code) throws IOException {
    send(ex, code, "text/html; charset=utf-8", Html.page(title, b.html(), b.live()).getBytes(StandardCharsets.UTF_8));
  }

  private void notFound(HttpExchange ex, String msg) throws IOException {
    html(ex, "not found", new Body("<h1>Not found</h1><p>" + esc(msg) + "</p><p>" + link("/", "all runs and sweeps") + "</p>", false), 404);
  }

  private static void send(HttpExchange ex, int code, String type, byte[] body) throws IOException {
    ex.getResponseHeaders().set("Content-Type", type);
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    boolean head = ex.getRequestMethod().equals("HEAD");
    ex.sendResponseHeaders(code, head ? -1 : body.length);
    if (!head) {
      try (OutputStream o = ex.getResponseBody()) {
        o.write(body);
      }
    }
  }

  // ------------------------------------------------------------------------------------------------ store reads

  private List<RunRecord> runs() throws IOException {
    List<RunRecord> out = new ArrayList<>();
    for (String k : store.list("runs/")) {
      if (k.endsWith(".json")) store.getJson(k, RunRecord.class).ifPresent(out::add);
    }
    out.sort(Comparator.comparing((RunRecord r) -> r.startedAt() == null ? "" : r.startedAt()).reversed());
    return out;
  }

  private List<String> sweepIds() throws IOException {
    Set<String> ids = new TreeSet<>();
    for (String k : store.list("sweeps/")) {
      if (k.endsWith("/points.jsonl")) ids.add(k.substring("sweeps/".length(), k.length() - "/points.jsonl".length()));
    }
    return new ArrayList<>(ids);
  }

  private List<SweepPoint> points(String sweepId) throws IOException, NotFound {
    byte[] b = store.getIfExists(SweepActivitiesImpl.pointsKey(sweepId)).orElseThrow(() -> new NotFound("no sweep " + sweepId + " in the store"));
    List<SweepPoint> out = new ArrayList<>();
    for (String line : new String(b, StandardCharsets.UTF_8).split("\n")) {
      if (!line.isBlank()) out.add(JSON.readValue(line, SweepPoint.class));
    }
    return out;
  }

  private Map<String, StageProgressLog.Record> progress(String runId) throws IOException {
    Map<String, StageProgressLog.Record> out = new LinkedHashMap<>();
    for (String k : store.list(StageProgressLog.prefix(runId))) {
      store.getJson(k, StageProgressLog.Record.class).ifPresent(r -> out.put(r.stage(), r));
    }
    return out;
  }

  /** Progress records of every run, grouped by run id (one listing for a whole sweep page). */
  private Map<String, Map<String, StageProgressLog.Record>> allProgress(Set<String> runIds) throws IOException {
    Map<String, Map<String, StageProgressLog.Record>> out = new TreeMap<>();
    for (String k : store.list("progress/")) {
      String[] p = k.split("/");
      if (p.length == 3 && runIds.contains(p[1])) {
        store.getJson(k, StageProgressLog.Record.class).ifPresent(r -> out.computeIfAbsent(p[1], x -> new LinkedHashMap<>()).put(r.stage(), r));
      }
    }
    return out;
  }

  private static boolean recent(StageProgressLog.Record r, Duration within) {
    try {
      return Duration.between(Instant.parse(r.updatedAt()), Instant.now()).compareTo(within) < 0;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static boolean stale(StageProgressLog.Record r) {
    try {
      return Duration.between(Instant.parse(r.updatedAt()), Instant.now()).compareTo(STALE) > 0;
    } catch (RuntimeException e) {
      return false;
    }
  }

  // ------------------------------------------------------------------------------------------------ pages

  private Body home() throws IOException {
    StringBuilder b = new StringBuilder("<h1>Runs and sweeps</h1><p class=\"muted\">Read from the artifact store at "
        + esc(store.settings().endpoint()) + " (bucket " + esc(store.settings().bucket()) + ").</p>");
    boolean live = false;
    List<String> sweeps = sweepIds();
    b.append("<h2>Sweeps</h2>");
    if (sweeps.isEmpty()) {
      b.append("<p class=\"muted\" id=\"no-sweeps\">No sweeps yet (<code>cortexclust sweep configs/sweep-readout.yaml</code>).</p>");
    } else {
      b.append("<table id=\"sweeps\"><tr><th>sweep</th><th>points</th><th>finished</th><th>succeeded</th><th>failed</th><th>report</th></tr>");
      for (String id : sweeps) {
        int total;
        try {
          total = points(id).size();
        } catch (NotFound e) {
          continue;
        }
        List<PointResult> rs = SweepActivitiesImpl.results(store, id);
        long ok = rs.stream().filter(r -> "success".equals(r.status())).count();
        String table = tableArtifact(id);
        live |= rs.size() < total && table == null;
        b.append("<tr data-sweep=\"").append(esc(id)).append("\"><td>").append(link("/sweep/" + id, id)).append("</td><td class=\"n\">")
            .append(total).append("</td><td class=\"n\">").append(rs.size()).append("</td><td class=\"n\">").append(ok)
            .append("</td><td class=\"n\">").append(rs.size() - ok).append("</td><td>")
            .append(table == null ? "<span class=\"muted\">when all points finish</span>" : link("/artifact/" + table, "sweep table"))
            .append("</td></tr>");
      }
      b.append("</table>");
    }
    List<RunRecord> runs = runs();
    b.append("<h2>Runs</h2>");
    if (runs.isEmpty()) {
      b.append("<p class=\"muted\" id=\"no-runs\">No runs yet (<code>cortexclust run configs/quickstart.yaml</code>).</p>");
    } else {
      b.append("<table id=\"runs\"><tr><th>run</th><th>name</th><th>status</th><th>started</th><th>finished</th><th>stages</th><th>report</th></tr>");
      for (RunRecord r : runs) {
        live |= "running".equals(r.status());
        String eval = r.artifacts().get("evaluation");
        b.append("<tr data-run=\"").append(esc(r.runId())).append("\"><td>").append(link("/run/" + r.runId(), r.runId())).append("</td><td>")
            .append(esc(r.name())).append("</td><td>").append(badge(r.status())).append("</td><td>").append(esc(r.startedAt()))
            .append("</td><td>").append(esc(r.finishedAt())).append("</td><td class=\"n\">").append(r.results() == null ? 0 : r.results().size())
            .append('/').append(r.stages() == null ? 0 : r.stages().size()).append("</td><td>")
            .append(eval == null ? "" : link("/artifact/" + eval + "/report.html", "report")).append("</td></tr>");
      }
      b.append("</table>");
    }
    return new Body(b.toString(), live);
  }

  private String tableArtifact(String sweepId) throws IOException {
    Object id = store.getJson(SweepActivitiesImpl.tableKey(sweepId), Map.class).map(m -> m.get("artifact_id")).orElse(null);
    return id == null ? null : id.toString();
  }

  private Body run(String runId) throws IOException, NotFound {
    RunRecord rec = store.getJson(RunRecord.key(runId), RunRecord.class).orElse(null);
    Map<String, StageProgressLog.Record> prog = progress(runId);
    if (rec == null && prog.isEmpty()) {
      throw new NotFound("no run " + runId + " in the store (no run record and no stage progress)");
    }
    Map<String, StageOutput> results = new LinkedHashMap<>();
    if (rec != null && rec.results() != null) rec.results().forEach(s -> results.put(s.stage(), s));
    List<String> stages = new ArrayList<>();
    if (rec != null && rec.stages() != null) stages.addAll(rec.stages());
    for (String s : StageRegistry.available()) {
      if (!stages.contains(s) && prog.containsKey(s)) stages.add(s);
    }
    prog.keySet().stream().filter(s -> !stages.contains(s)).forEach(stages::add);
    boolean finished = rec != null && !"running".equals(rec.status());
    // a sweep point has no run record: live while a stage runs or one ended within the last minute (the next starts)
    boolean live = !finished && (rec != null || prog.values().stream().anyMatch(r -> "running".equals(r.state()) && !stale(r)
        || !"failed".equals(r.state()) && recent(r, Duration.ofMinutes(1))));

    StringBuilder b = new StringBuilder("<h1>Run " + esc(runId) + "</h1>");
    if (rec != null) {
      b.append("<p>").append(esc(rec.name())).append(" · ").append(badge(rec.status())).append(" · started ").append(esc(rec.startedAt()));
      if (rec.finishedAt() != null) b.append(" · finished ").append(esc(rec.finishedAt()));
      b.append(" · config sha256 <code>").append(esc(rec.configSha256() == null ? "" : rec.configSha256().substring(0, Math.min(12, rec.configSha256().length()))))
          .append("</code></p>");
      if (rec.error() != null) b.append("<p class=\"err\" id=\"run-error\">").append(esc(rec.error())).append("</p>");
    } else {
      b.append("<p class=\"muted\">A sweep point (no run record of its own): stage states from their progress records.</p>");
    }
    String eval = results.containsKey("evaluation") ? results.get("evaluation").artifactId()
        : prog.containsKey("evaluation") && "succeeded".equals(prog.get("evaluation").state()) ? prog.get("evaluation").artifactId() : null;
    if (eval != null) {
      b.append("<p id=\"report\">").append(link("/artifact/" + eval + "/report.html", "HTML report")).append(" · ")
          .append(link("/artifact/" + eval, "lineage of the report")).append("</p>");
    }
    b.append("<h2>Stages</h2><table id=\"stages\"><tr><th>stage</th><th>state</th><th>progress</th><th>numbers</th><th>artifact</th></tr>");
    for (String s : stages) {
      StageOutput o = results.get(s);
      StageProgressLog.Record p = prog.get(s);
      String state;
      if (o != null) {
        state = o.cacheHit() ? "cached" : "succeeded";
      } else if (p != null) {
        state = "running".equals(p.state()) && (finished || stale(p)) ? (finished ? "interrupted" : "stale") : p.state();
      } else {
        state = finished ? "not run" : "queued";
      }
      String artifact = o != null ? o.artifactId() : p != null && !"running".equals(p.state()) && !"failed".equals(p.state()) ? p.artifactId() : null;
      b.append("<tr data-stage=\"").append(esc(s)).append("\"><td>").append(esc(s)).append("</td><td>").append(badge(state));
      if (p != null && p.attempt() > 1) b.append(" <span class=\"muted\">attempt ").append(p.attempt()).append("</span>");
      if ("stale".equals(state)) b.append(" <span class=\"muted\">no update since ").append(esc(p.updatedAt())).append("</span>");
      b.append("</td><td>");
      if (p != null && p.phase() != null && ("running".equals(p.state()) || "stale".equals(state))) {
        b.append(esc(p.phase())).append(' ').append(p.done());
        if (p.total() > 0) b.append('/').append(p.total()).append(" <progress max=\"").append(p.total()).append("\" value=\"")
            .append(Math.min(p.done(), p.total())).append("\"></progress>");
      } else if (o != null && !o.cacheHit()) {
        b.append(String.format(java.util.Locale.ROOT, "%.1f s", o.seconds()));
      }
      b.append("</td><td>");
      Map<String, Double> nums = o != null ? o.metrics() : p != null ? p.values() : Map.of();
      b.append(numbers(nums, 6));
      if (p != null && p.error() != null) b.append("<div class=\"err\">").append(esc(p.error())).append("</div>");
      b.append("</td><td>").append(artifact == null ? "" : link("/artifact/" + artifact, artifact)).append("</td></tr>");
    }
    b.append("</table>");

    StringBuilder charts = new StringBuilder();
    for (String s : stages) {
      StageProgressLog.Record p = prog.get(s);
      if (p == null || p.curves() == null) continue;
      for (var c : p.curves().entrySet()) {
        if (c.getKey().equals("step") || c.getValue().isEmpty()) continue; // the steps of one epoch: the table shows them
        Set<String> keys = new LinkedHashSet<>();
        c.getValue().forEach(pt -> keys.addAll(pt.values().keySet()));
        for (String k : keys) {
          if (!curve(c.getValue(), k)) continue;
          charts.append(Charts.line("curve-" + s + "-" + c.getKey() + "-" + k, s + " · " + c.getKey() + " · " + k, c.getValue(), k));
        }
      }
    }
    b.append("<h2>Curves</h2>");
    b.append(charts.length() == 0 ? "<p class=\"muted\" id=\"no-curves\">No per-epoch numbers recorded yet.</p>"
        : "<div class=\"charts\" id=\"curves\">" + charts + "</div>");
    return new Body(b.toString(), live);
  }

  /**
   * Whether a series is worth a chart: at least two points that differ, and not a counter (k, the learning rate,
   * the epoch number, seconds).
   */
  private static boolean curve(List<StageProgressLog.Point> pts, String key) {
    if (Set.of("k", "lr", "epoch", "seconds").contains(key)) return false;
    Set<Double> distinct = new java.util.HashSet<>();
    int n = 0;
    for (var p : pts) {
      Double v = p.values().get(key);
      if (v != null && Double.isFinite(v)) {
        distinct.add(v);
        n++;
      }
    }
    return n >= 2 && distinct.size() >= 2;
  }

  private static String numbers(Map<String, Double> m, int max) {
    if (m == null || m.isEmpty()) return "";
    StringBuilder b = new StringBuilder("<span title=\"");
    StringBuilder all = new StringBuilder();
    m.forEach((k, v) -> all.append(k).append('=').append(num(v)).append('\n'));
    b.append(esc(all.toString().trim())).append("\">");
    int i = 0;
    for (var e : m.entrySet()) {
      if (i++ == max) {
        b.append(" … +").append(m.size() - max);
        break;
      }
      b.append(i > 1 ? " · " : "").append(esc(e.getKey())).append(' ').append(esc(num(e.getValue())));
    }
    return b.append("</span>").toString();
  }

  private Body sweep(String sweepId) throws IOException, NotFound {
    List<SweepPoint> pts = points(sweepId);
    Map<Integer, PointResult> res = new TreeMap<>();
    for (PointResult r : SweepActivitiesImpl.results(store, sweepId)) res.put(r.index(), r);
    Set<String> pending = new TreeSet<>();
    for (SweepPoint p : pts) {
      if (!res.containsKey(p.index())) pending.add(StageProgressLog.safe(p.runId()));
    }
    Map<String, Map<String, StageProgressLog.Record>> prog = pending.isEmpty() ? Map.of() : allProgress(pending);
    String table = tableArtifact(sweepId);
    Set<String> keys = new TreeSet<>();
    pts.forEach(p -> keys.addAll(p.assignment().keySet()));
    List<String> metricCols = headlineMetrics(res.values());
    long ok = res.values().stream().filter(r -> "success".equals(r.status())).count();
    boolean live = res.size() < pts.size() && table == null;

    StringBuilder b = new StringBuilder("<h1>Sweep " + esc(sweepId) + "</h1>");
    b.append("<p id=\"sweep-summary\" data-total=\"").append(pts.size()).append("\" data-finished=\"").append(res.size()).append("\">")
        .append(res.size()).append(" of ").append(pts.size()).append(" points finished · ").append(ok).append(" succeeded · ")
        .append(res.size() - ok).append(" failed <progress max=\"").append(pts.size()).append("\" value=\"").append(res.size()).append("\"></progress></p>");
    if (table != null) {
      b.append("<p id=\"sweep-report\">").append(link("/artifact/" + table + "/sweep.html", "sweep report")).append(" · ")
          .append(link("/artifact/" + table + "/table.csv", "table.csv")).append(" · ").append(link("/artifact/" + table, "lineage")).append("</p>");
    }
    b.append("<table id=\"points\"><tr><th>#</th>");
    keys.forEach(k -> b.append("<th>").append(esc(k)).append("</th>"));
    b.append("<th>state</th>");
    metricCols.forEach(k -> b.append("<th>").append(esc(k)).append("</th>"));
    b.append("<th>run</th><th>report</th></tr>");
    for (SweepPoint p : pts) {
      PointResult r = res.get(p.index());
      String state;
      String detail = "";
      if (r != null) {
        state = r.status();
        if (r.cacheHits() > 0) detail = " <span class=\"muted\">" + r.cacheHits() + " cached</span>";
      } else {
        Map<String, StageProgressLog.Record> pr = prog.getOrDefault(StageProgressLog.safe(p.runId()), Map.of());
        StageProgressLog.Record cur = pr.values().stream().filter(x -> "running".equals(x.state()) && !stale(x))
            .max(Comparator.comparing(StageProgressLog.Record::updatedAt)).orElse(null);
        if (cur != null) {
          state = "running";
          detail = " " + esc(cur.stage()) + (cur.phase() == null ? "" : " · " + esc(cur.phase()) + " " + cur.done() + (cur.total() > 0 ? "/" + cur.total() : ""));
        } else {
          state = "queued";
        }
      }
      b.append("<tr data-point=\"").append(p.index()).append("\" data-state=\"").append(esc(state)).append("\"><td class=\"n\">").append(p.index()).append("</td>");
      keys.forEach(k -> b.append("<td>").append(esc(p.assignment().get(k))).append("</td>"));
      b.append("<td>").append(badge(state)).append(detail);
      if (r != null && r.error() != null) b.append("<div class=\"err\">").append(esc(r.error())).append("</div>");
      b.append("</td>");
      for (String k : metricCols) {
        b.append("<td class=\"n\" data-metric=\"").append(esc(k)).append("\">").append(r == null ? "" : esc(num(r.metrics().get(k)))).append("</td>");
      }
      String eval = r == null ? null : r.artifacts().get("evaluation");
      b.append("<td>").append(link("/run/" + p.runId(), p.runId())).append("</td><td>")
          .append(eval == null ? "" : link("/artifact/" + eval + "/report.html", "report")).append("</td></tr>");
    }
    b.append("</table>");
    return new Body(b.toString(), live);
  }

  /** Up to eight metric columns, evaluation's first, then DEC's, clustering's and training's. */
  public static List<String> headlineMetrics(java.util.Collection<PointResult> rs) {
    Set<String> all = new TreeSet<>();
    rs.forEach(r -> all.addAll(r.metrics().keySet()));
    List<String> out = new ArrayList<>();
    for (String stage : List.of("evaluation.", "dec.", "clustering.", "training.", "alignment.")) {
      for (String k : all) {
        if (k.startsWith(stage) && out.size() < 8) out.add(k);
      }
    }
    return out;
  }

  private Body artifact(String id) throws IOException, NotFound {
    StageManifest m = store.findManifest(id).orElseThrow(() -> new NotFound("no artifact " + id + " in the store"));
    StringBuilder b = new StringBuilder("<h1>Artifact " + esc(id) + "</h1><p>stage <b>" + esc(m.stage()) + "</b> · run "
        + (m.runId() == null ? "" : link(("sweep".equals(m.stage()) ? "/sweep/" : "/run/") + m.runId(), m.runId())) + " · seed " + m.seed() + " · code " + esc(m.code() == null ? "" : m.code().id())
        + " · " + esc(m.startedAt()) + " → " + esc(m.finishedAt()) + (m.host() == null ? "" : " on " + esc(m.host())) + "</p>");
    b.append("<h2>Files</h2><table id=\"files\"><tr><th>file</th><th>bytes</th><th>sha256</th></tr>");
    for (var o : m.outputs().entrySet()) {
      b.append("<tr><td>").append(link("/artifact/" + id + "/" + o.getKey(), o.getKey())).append("</td><td class=\"n\">").append(o.getValue().size())
          .append("</td><td><code>").append(esc(o.getValue().sha256().substring(0, 16))).append("…</code></td></tr>");
    }
    b.append("</table>");
    if (!m.inputs().isEmpty()) {
      b.append("<h2>Inputs</h2><table id=\"inputs\"><tr><th>input</th><th>artifact</th></tr>");
      m.inputs().forEach((k, v) -> b.append("<tr><td>").append(esc(k)).append("</td><td>").append(link("/artifact/" + v, v)).append("</td></tr>"));
      b.append("</table>");
    }
    if (!m.metrics().isEmpty()) {
      b.append("<h2>Metrics</h2><table id=\"metrics\">");
      m.metrics().forEach((k, v) -> b.append("<tr><td>").append(esc(k)).append("</td><td class=\"n\">").append(esc(num(v))).append("</td></tr>"));
      b.append("</table>");
    }
    String lineage;
    try {
      lineage = Lineage.walk(store, id).toText();
    } catch (IOException | RuntimeException e) {
      lineage = "lineage incomplete: " + e.getMessage();
    }
    b.append("<h2>Lineage</h2><pre id=\"lineage\">").append(esc(lineage)).append("</pre>");
    if (m.configSlice() != null) b.append("<h2>Config slice</h2><pre>").append(esc(m.configSlice())).append("</pre>");
    return new Body(b.toString(), false);
  }

  private void file(HttpExchange ex, String id, String name) throws IOException, NotFound {
    StageManifest m = store.findManifest(id).orElseThrow(() -> new NotFound("no artifact " + id + " in the store"));
    BlobRef ref = m.outputs().get(name);
    if (ref == null) throw new NotFound("artifact " + id + " has no file " + name + "; it has " + m.outputs().keySet());
    String lower = name.toLowerCase(java.util.Locale.ROOT);
    String type = lower.endsWith(".html") ? "text/html; charset=utf-8" : lower.endsWith(".svg") ? "image/svg+xml"
        : lower.endsWith(".png") ? "image/png" : lower.endsWith(".json") ? "application/json"
        : lower.endsWith(".csv") || lower.endsWith(".txt") || lower.endsWith(".jsonl") ? "text/plain; charset=utf-8" : "application/octet-stream";
    ex.getResponseHeaders().set("Content-Type", type);
    ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    if (type.equals("application/octet-stream")) {
      ex.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"" + name.replaceAll("[^A-Za-z0-9._-]", "_") + "\"");
    }
    ex.sendResponseHeaders(200, ex.getRequestMethod().equals("HEAD") ? -1 : ref.size());
    if (!ex.getRequestMethod().equals("HEAD")) {
      try (InputStream in = store.openBlob(ref); OutputStream o = ex.getResponseBody()) {
        in.transferTo(o);
      }
    }
  }
}

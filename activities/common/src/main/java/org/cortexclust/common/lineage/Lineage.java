package org.cortexclust.common.lineage;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cortexclust.common.store.ArtifactStore;
import org.cortexclust.common.store.StageManifest;

/** The tree of manifests behind an artifact, from the artifact back to the raw data. */
public final class Lineage {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** One artifact and, per input name, the artifact it was made from. */
  public record Node(StageManifest manifest, Map<String, Node> inputs) {}

  private final Node root;

  private Lineage(Node root) {
    this.root = root;
  }

  public Node root() {
    return root;
  }

  public static Lineage walk(ArtifactStore store, String artifactId) throws IOException {
    return new Lineage(node(store, artifactId, new LinkedHashMap<>()));
  }

  private static Node node(ArtifactStore store, String id, Map<String, Node> seen) throws IOException {
    Node known = seen.get(id);
    if (known != null) {
      return known;
    }
    StageManifest m = store.manifest(id);
    Map<String, Node> in = new LinkedHashMap<>();
    for (var e : m.inputs().entrySet()) {
      in.put(e.getKey(), node(store, e.getValue(), seen));
    }
    Node n = new Node(m, in);
    seen.put(id, n);
    return n;
  }

  public String toText() {
    StringBuilder sb = new StringBuilder();
    text(root, "", "", sb);
    return sb.toString();
  }

  private static void text(Node n, String edge, String indent, StringBuilder sb) {
    StageManifest m = n.manifest();
    sb.append(indent).append(edge).append(m.id()).append("  [").append(m.stage()).append("] code ").append(m.code().id())
        .append(" · config ").append(prefix(m.configSliceSha256(), 12)).append(" · seed ").append(m.seed())
        .append(" · ").append(m.finishedAt()).append('\n');
    for (var o : m.outputs().entrySet()) {
      sb.append(indent).append(edge.isEmpty() ? "" : "    ").append("    ").append(o.getKey()).append("  sha256:")
          .append(prefix(o.getValue().sha256(), 16)).append("…  ").append(o.getValue().size()).append(" B\n");
    }
    if (!m.metrics().isEmpty()) {
      sb.append(indent).append(edge.isEmpty() ? "" : "    ").append("    metrics ").append(m.metrics()).append('\n');
    }
    for (var e : n.inputs().entrySet()) {
      text(e.getValue(), e.getKey() + " ← ", indent + (edge.isEmpty() ? "" : "    "), sb);
    }
  }

  /** The first {@code n} characters of a digest; "–" where a manifest has none (a sweep table has no config slice). */
  private static String prefix(String digest, int n) {
    return digest == null || digest.isEmpty() ? "–" : digest.substring(0, Math.min(n, digest.length()));
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(json(root)) + "\n";
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, Object> json(Node n) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("manifest", n.manifest());
    Map<String, Object> in = new LinkedHashMap<>();
    n.inputs().forEach((k, v) -> in.put(k, json(v)));
    m.put("inputs", in);
    return m;
  }

  public String toDot() {
    StringBuilder sb = new StringBuilder("digraph lineage {\n  rankdir=BT;\n  node [shape=box, fontname=\"Helvetica\"];\n");
    List<String> done = new ArrayList<>();
    dot(root, sb, done);
    return sb.append("}\n").toString();
  }

  private static void dot(Node n, StringBuilder sb, List<String> done) {
    String id = n.manifest().id();
    if (done.contains(id)) {
      return;
    }
    done.add(id);
    sb.append("  \"").append(id).append("\" [label=\"").append(n.manifest().stage()).append("\\n").append(id).append("\"];\n");
    for (var e : n.inputs().entrySet()) {
      sb.append("  \"").append(e.getValue().manifest().id()).append("\" -> \"").append(id).append("\" [label=\"")
          .append(e.getKey()).append("\"];\n");
      dot(e.getValue(), sb, done);
    }
  }
}

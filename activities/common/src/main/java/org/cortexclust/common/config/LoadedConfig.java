package org.cortexclust.common.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A validated config: the typed view plus the merged tree, whose canonical JSON is its identity. */
public record LoadedConfig(ExperimentConfig config, ObjectNode tree) {

  /** Canonical JSON: keys sorted at every level, defaults filled, no whitespace. */
  public String canonicalJson() {
    return canonical(tree);
  }

  /** SHA-256 (hex) of the canonical JSON of the whole config. */
  public String sha256() {
    return sha256Hex(canonicalJson());
  }

  /** Canonical JSON of the named top-level keys (or dotted keys, one value each) only: a stage's config slice. */
  public String sliceJson(Collection<String> keys) {
    ObjectNode slice = JsonNodeFactory.instance.objectNode();
    for (String k : keys) {
      JsonNode n = k.contains(".") ? at(k) : tree.get(k);
      if (n == null) {
        throw new IllegalArgumentException("unknown config " + (k.contains(".") ? "key" : "section") + " '" + k + "'");
      }
      // a dotted key (e.g. dec.pretrain_epochs) takes that one value, nested as in the config
      String[] parts = k.split("\\.");
      ObjectNode at = slice;
      for (int i = 0; i < parts.length - 1; i++) {
        at = at.has(parts[i]) ? (ObjectNode) at.get(parts[i]) : at.putObject(parts[i]);
      }
      at.set(parts[parts.length - 1], n);
    }
    return canonical(slice);
  }

  /** Value at a dotted path, or null. */
  public JsonNode at(String dottedPath) {
    JsonNode n = tree;
    for (String p : dottedPath.split("\\.")) {
      n = n == null ? null : n.get(p);
    }
    return n;
  }

  /** Flatten to dotted keys (lists kept as JSON), for tables and sweeps. */
  public Map<String, String> flatten() {
    Map<String, String> out = new TreeMap<>();
    flatten("", tree, out);
    return out;
  }

  private static void flatten(String prefix, JsonNode n, Map<String, String> out) {
    if (n.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> it = n.fields();
      while (it.hasNext()) {
        var e = it.next();
        flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
      }
    } else {
      out.put(prefix, n.isTextual() ? n.asText() : n.toString());
    }
  }

  public static String canonical(JsonNode node) {
    try {
      return ConfigLoader.JSON.writeValueAsString(sorted(node));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode sorted(JsonNode n) {
    if (n.isObject()) {
      List<String> names = new ArrayList<>();
      n.fieldNames().forEachRemaining(names::add);
      names.sort(null);
      ObjectNode o = JsonNodeFactory.instance.objectNode();
      for (String k : names) {
        o.set(k, sorted(n.get(k)));
      }
      return o;
    }
    if (n.isArray()) {
      var a = JsonNodeFactory.instance.arrayNode();
      n.forEach(x -> a.add(sorted(x)));
      return a;
    }
    return n;
  }

  public static String sha256Hex(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

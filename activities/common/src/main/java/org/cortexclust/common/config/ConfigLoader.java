package org.cortexclust.common.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Loads an experiment config: YAML file + {@code --set key=value} overrides, merged over the shipped defaults,
 * validated (unknown keys with a "did you mean", wrong types, ranges) with every problem reported at once,
 * then bound to {@link ExperimentConfig}. The merged tree in canonical form is the config's identity.
 */
public final class ConfigLoader {
  /** Top-level keys and the defaults resource each one comes from. */
  public static final List<String> SECTIONS = List.of("data", "training", "alignment", "clustering", "dec", "evaluation",
      "embeddings_source");

  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static final ObjectMapper JSON = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
      .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true)
      .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  /** The checks the modules on the class path contribute ({@link ConfigCheck}). */
  private static final List<ConfigCheck> CHECKS = java.util.ServiceLoader.load(ConfigCheck.class).stream()
      .map(java.util.ServiceLoader.Provider::get).toList();

  private ConfigLoader() {}

  /** The full tree of defaults. */
  public static ObjectNode defaults() {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("name", "experiment");
    root.put("seed", 0L);
    for (String s : SECTIONS) {
      String res = "/cortexclust/defaults/" + s + ".yaml";
      try (InputStream in = ConfigLoader.class.getResourceAsStream(res)) {
        if (in == null) {
          throw new IllegalStateException("missing defaults resource " + res);
        }
        JsonNode node = YAML.readTree(in);
        root.set(s, node == null || node.isMissingNode() ? JsonNodeFactory.instance.objectNode() : node);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read defaults " + res, e);
      }
    }
    return root;
  }

  /** Load a YAML file and apply overrides ({@code key.path=value}, the value parsed as YAML). */
  public static LoadedConfig load(Path file, List<String> overrides) {
    String source = file.toString();
    JsonNode user;
    try {
      user = YAML.readTree(Files.readString(file));
    } catch (NoSuchFileException e) {
      throw new ConfigException(source, List.of("file not found"));
    } catch (IOException e) {
      throw new ConfigException(source, List.of("not valid YAML: " + oneLine(e.getMessage())));
    }
    if (user == null || user.isMissingNode() || user.isNull()) {
      user = JsonNodeFactory.instance.objectNode();
    }
    if (!user.isObject()) {
      throw new ConfigException(source, List.of("(root): expected a mapping of keys, found " + kind(user)));
    }
    return fromTree(source, (ObjectNode) user, overrides);
  }

  /** Parse a YAML/JSON string (e.g. an Airflow-style conf) as a config. */
  public static LoadedConfig parse(String source, String yaml, List<String> overrides) {
    try {
      JsonNode user = YAML.readTree(yaml);
      if (user == null || user.isMissingNode() || user.isNull()) {
        user = JsonNodeFactory.instance.objectNode();
      }
      if (!user.isObject()) {
        throw new ConfigException(source, List.of("(root): expected a mapping of keys, found " + kind(user)));
      }
      return fromTree(source, (ObjectNode) user, overrides);
    } catch (IOException e) {
      throw new ConfigException(source, List.of("not valid YAML: " + oneLine(e.getMessage())));
    }
  }

  /** Rebuild a config from its canonical JSON (as passed to activities). */
  public static LoadedConfig fromCanonicalJson(String json) {
    try {
      return fromTree("canonical config", (ObjectNode) JSON.readTree(json), List.of());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static LoadedConfig fromTree(String source, ObjectNode user, List<String> overrides) {
    ConfigErrors errors = new ConfigErrors(source);
    ObjectNode defaults = defaults();
    ObjectNode merged = defaults.deepCopy();
    merge(defaults, user, merged, "", errors);
    for (String o : overrides == null ? List.<String>of() : overrides) {
      applyOverride(defaults, merged, o, errors);
    }
    errors.throwIfAny();
    ExperimentConfig cfg;
    try {
      cfg = JSON.treeToValue(merged, ExperimentConfig.class);
    } catch (IOException e) {
      throw new ConfigException(source, List.of("cannot bind config: " + oneLine(e.getMessage())));
    }
    cfg.data().validate(errors, "data");
    cfg.training().validate(errors, "training");
    cfg.alignment().validate(errors, "alignment");
    cfg.clustering().validate(errors, "clustering");
    cfg.dec().validate(errors, "dec");
    cfg.evaluation().validate(errors, "evaluation");
    cfg.embeddingsSource().validate(errors, "embeddings_source");
    if (cfg.data().simulatesVideo()) {
      cfg.training().validateVideo(errors, "training");
    }
    for (ConfigCheck c : CHECKS) c.validate(cfg, errors);
    errors.throwIfAny();
    return new LoadedConfig(cfg, merged);
  }

  /** Merge {@code user} over {@code target} (a copy of {@code defaults}), checking keys and types. */
  private static void merge(JsonNode defaults, JsonNode user, ObjectNode target, String path, ConfigErrors errors) {
    Iterator<Map.Entry<String, JsonNode>> it = user.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = e.getKey();
      String p = path.isEmpty() ? key : path + "." + key;
      JsonNode def = defaults.get(key);
      if (def == null) {
        errors.add(p, "unknown key" + suggest(key, defaults));
        continue;
      }
      JsonNode val = e.getValue();
      if (def.isObject()) {
        if (!val.isObject()) {
          errors.add(p, "expected a mapping (section), found " + kind(val));
          continue;
        }
        merge(def, val, (ObjectNode) target.get(key), p, errors);
      } else {
        String problem = typeProblem(def, val);
        if (problem != null) {
          errors.add(p, problem);
        } else {
          target.set(key, coerce(def, val));
        }
      }
    }
  }

  private static void applyOverride(ObjectNode defaults, ObjectNode merged, String override, ConfigErrors errors) {
    int eq = override.indexOf('=');
    if (eq <= 0) {
      errors.add("--set " + override, "expected key.path=value");
      return;
    }
    String path = override.substring(0, eq).trim();
    String raw = override.substring(eq + 1);
    JsonNode value;
    try {
      value = raw.isEmpty() ? JsonNodeFactory.instance.textNode("") : YAML.readTree(raw);
      if (value == null || value.isMissingNode()) {
        value = JsonNodeFactory.instance.nullNode();
      }
    } catch (IOException e) {
      value = JsonNodeFactory.instance.textNode(raw);
    }
    String[] parts = path.split("\\.");
    JsonNode def = defaults;
    ObjectNode tgt = merged;
    StringBuilder p = new StringBuilder();
    for (int i = 0; i < parts.length; i++) {
      String k = parts[i];
      p.append(i == 0 ? "" : ".").append(k);
      JsonNode d = def.get(k);
      if (d == null) {
        errors.add("--set " + p, "unknown key" + suggest(k, def));
        return;
      }
      if (i == parts.length - 1) {
        if (d.isObject()) {
          if (!value.isObject()) {
            errors.add("--set " + p, "is a section; set one of its keys " + fieldNames(d));
            return;
          }
          merge(d, value, (ObjectNode) tgt.get(k), "--set " + p, errors);
        } else {
          String problem = typeProblem(d, value);
          if (problem != null) {
            errors.add("--set " + p, problem);
          } else {
            tgt.set(k, coerce(d, value));
          }
        }
        return;
      }
      if (!d.isObject()) {
        errors.add("--set " + p, "is a value, not a section");
        return;
      }
      def = d;
      tgt = (ObjectNode) tgt.get(k);
    }
  }

  /** Null when {@code val} fits the type of {@code def}, else a message. */
  static String typeProblem(JsonNode def, JsonNode val) {
    if (def.isNull()) {
      return val.isNull() || val.isTextual() ? null : "expected a string or null, found " + kind(val);
    }
    if (def.isBoolean()) {
      return val.isBoolean() ? null : "expected true or false, found " + kind(val);
    }
    if (def.isIntegralNumber()) {
      if (val.isIntegralNumber()) {
        return null;
      }
      if (val.isNumber() && val.asDouble() == Math.rint(val.asDouble())) {
        return null;
      }
      return "expected an integer, found " + kind(val);
    }
    if (def.isNumber()) {
      return val.isNumber() ? null : "expected a number, found " + kind(val);
    }
    if (def.isTextual()) {
      return val.isTextual() ? null : "expected a string, found " + kind(val);
    }
    if (def.isArray()) {
      if (!val.isArray()) {
        return "expected a list, found " + kind(val);
      }
      if (def.size() > 0) {
        JsonNode elem = def.get(0);
        for (int i = 0; i < val.size(); i++) {
          String p = typeProblem(elem, val.get(i));
          if (p != null) {
            return "element " + i + ": " + p;
          }
        }
      }
      return null;
    }
    return null;
  }

  private static JsonNode coerce(JsonNode def, JsonNode val) {
    if (def.isIntegralNumber() && val.isNumber() && !val.isIntegralNumber()) {
      return JsonNodeFactory.instance.numberNode(val.asLong());
    }
    if (def.isFloatingPointNumber() && val.isIntegralNumber()) {
      return JsonNodeFactory.instance.numberNode(val.asDouble());
    }
    if (def.isArray() && def.size() > 0 && def.get(0).isFloatingPointNumber() && val.isArray()) {
      var arr = JsonNodeFactory.instance.arrayNode();
      val.forEach(v -> arr.add(v.asDouble()));
      return arr;
    }
    return val;
  }

  static String kind(JsonNode n) {
    if (n.isNull()) {
      return "null";
    }
    if (n.isObject()) {
      return "a mapping";
    }
    if (n.isArray()) {
      return "a list";
    }
    if (n.isBoolean()) {
      return "boolean " + n.asText();
    }
    if (n.isNumber()) {
      return "number " + n.asText();
    }
    return "string '" + n.asText() + "'";
  }

  private static String fieldNames(JsonNode n) {
    List<String> names = new ArrayList<>();
    n.fieldNames().forEachRemaining(names::add);
    return names.toString();
  }

  private static String suggest(String key, JsonNode siblings) {
    String best = null;
    int bestD = Integer.MAX_VALUE;
    Iterator<String> it = siblings.fieldNames();
    while (it.hasNext()) {
      String c = it.next();
      int d = levenshtein(key.toLowerCase(), c.toLowerCase());
      if (d < bestD) {
        bestD = d;
        best = c;
      }
    }
    if (best != null && bestD <= Math.max(2, key.length() / 3)) {
      return " (did you mean '" + best + "'?)";
    }
    return "; known keys here: " + fieldNames(siblings);
  }

  static int levenshtein(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int c = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + c);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("\\s+", " ").trim();
  }
}

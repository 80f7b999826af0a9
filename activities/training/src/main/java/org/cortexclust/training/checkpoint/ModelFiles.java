package org.cortexclust.training.checkpoint;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cortexclust.training.EpochRecord;
import org.cortexclust.training.TrainingState;
import org.cortexclust.training.spec.ModelSpec;
import org.cortexclust.training.spec.ParamSpec;
import org.cortexclust.training.spec.VideoSpec;

/**
 * Engine-neutral model and checkpoint files: {@code model.json} (spec + architecture hash + parameter index),
 * {@code params.npz} (tensors by name, float32) and a checkpoint {@code .npz} holding tensors, Adam moments, best
 * tensors and a {@code state.json} entry with counters and history.
 */
public final class ModelFiles {
  public static final String MODEL_FORMAT = "cortexclust-model/1";
  public static final String CHECKPOINT_FORMAT = "cortexclust-checkpoint/1";
  public static final String VIDEO_MODEL_FORMAT = "cortexclust-video-model/1";
  static final ObjectMapper JSON = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private ModelFiles() {}

  /** {@code model.json}: format, architecture hash, engine, the spec and the parameter index, plus extra fields. */
  public static void writeModelJson(Path file, ModelSpec spec, String engine, Map<String, Object> extra)
      throws IOException {
    writeModelJson(file, MODEL_FORMAT, spec.architectureHash(), engine, spec, spec.parameters(), extra);
  }

  /** {@code model.json} of a dynamic (video) model: format {@value #VIDEO_MODEL_FORMAT}, the {@link VideoSpec}. */
  public static void writeModelJson(Path file, VideoSpec spec, String engine, Map<String, Object> extra) throws IOException {
    writeModelJson(file, VIDEO_MODEL_FORMAT, spec.architectureHash(), engine, spec, spec.parameters(), extra);
  }

  private static void writeModelJson(Path file, String format, String hash, String engine, Object spec, List<ParamSpec> params,
      Map<String, Object> extra) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", format);
    root.put("architecture_hash", hash);
    root.put("engine", engine);
    root.set("spec", JSON.valueToTree(spec));
    ArrayNode ps = root.putArray("parameters");
    for (ParamSpec p : params) {
      ObjectNode n = ps.addObject();
      n.put("name", p.name());
      ArrayNode sh = n.putArray("shape");
      for (long s : p.shape()) sh.add(s);
      n.put("trainable", p.trainable());
    }
    for (var e : extra.entrySet()) root.set(e.getKey(), JSON.valueToTree(e.getValue()));
    Files.write(file, JSON.writeValueAsBytes(root));
  }

  /** Read the spec of a {@code model.json}, refusing a file whose recorded hash does not match its spec. */
  public static ModelSpec readSpec(Path file) throws IOException {
    JsonNode root = readModelJson(file, MODEL_FORMAT);
    ModelSpec spec = JSON.treeToValue(root.get("spec"), ModelSpec.class);
    checkHash(file, root, spec.architectureHash());
    return spec;
  }

  /** Read the spec of a dynamic model's {@code model.json} (format {@value #VIDEO_MODEL_FORMAT}), hash checked. */
  public static VideoSpec readVideoSpec(Path file) throws IOException {
    JsonNode root = readModelJson(file, VIDEO_MODEL_FORMAT);
    VideoSpec spec = JSON.treeToValue(root.get("spec"), VideoSpec.class);
    checkHash(file, root, spec.architectureHash());
    return spec;
  }

  /** The {@code engine} field of a {@code model.json} (empty when absent). */
  public static String readEngine(Path file) throws IOException {
    return JSON.readTree(file.toFile()).path("engine").asText();
  }

  /** True when {@code model.json} describes a dynamic (video) model. */
  public static boolean isVideoModel(Path file) throws IOException {
    return VIDEO_MODEL_FORMAT.equals(JSON.readTree(file.toFile()).path("format").asText());
  }

  private static JsonNode readModelJson(Path file, String format) throws IOException {
    JsonNode root = JSON.readTree(file.toFile());
    String found = root.path("format").asText();
    if (!format.equals(found)) {
      throw new IOException(file + ": expected format " + format + ", found '" + found + "'"
          + (VIDEO_MODEL_FORMAT.equals(found) ? " (a dynamic video model; this step takes static models only)" : ""));
    }
    return root;
  }

  private static void checkHash(Path file, JsonNode root, String computed) throws IOException {
    String hash = root.path("architecture_hash").asText();
    if (!computed.equals(hash)) {
      throw new IOException(file + ": architecture hash " + hash + " does not match its spec ("
          + computed + "); the file was written by a different model definition");
    }
  }

  /** {@code params.npz}: every tensor of the spec by name. */
  public static void writeParams(Path file, ModelSpec spec, Map<String, float[]> params) throws IOException {
    writeParams(file, spec.parameters(), params);
  }

  /** {@code params.npz} of a video model (tensors as in {@link VideoSpec#parameters()}). */
  public static void writeParams(Path file, VideoSpec spec, Map<String, float[]> params) throws IOException {
    writeParams(file, spec.parameters(), params);
  }

  private static void writeParams(Path file, List<ParamSpec> specs, Map<String, float[]> params) throws IOException {
    Map<String, Npz.Array> arrays = new LinkedHashMap<>();
    for (ParamSpec p : specs) {
      float[] v = params.get(p.name());
      if (v == null) throw new IllegalArgumentException("no values for tensor " + p.name());
      arrays.put(p.name(), new Npz.Array(p.shape(), v));
    }
    Npz.write(file, arrays, Map.of());
  }

  /** Read {@code params.npz}, checking names and shapes against the spec (missing/unexpected named). */
  public static Map<String, float[]> readParams(Path file, ModelSpec spec) throws IOException {
    Npz.Contents c = Npz.read(file);
    return checked(c.arrays(), "", spec.parameters(), file.toString());
  }

  /** Read the {@code params.npz} of a video model, checked against its spec. */
  public static Map<String, float[]> readParams(Path file, VideoSpec spec) throws IOException {
    Npz.Contents c = Npz.read(file);
    return checked(c.arrays(), "", spec.parameters(), file.toString());
  }

  private static Map<String, float[]> checked(Map<String, Npz.Array> arrays, String prefix, List<ParamSpec> specs,
      String what) {
    Map<String, float[]> out = new LinkedHashMap<>();
    List<String> missing = new ArrayList<>();
    List<String> wrong = new ArrayList<>();
    for (ParamSpec p : specs) {
      Npz.Array a = arrays.get(prefix + p.name());
      if (a == null) {
        missing.add(p.name());
      } else if (!java.util.Arrays.equals(a.shape(), p.shape())) {
        wrong.add(p.name() + " has shape " + java.util.Arrays.toString(a.shape()) + ", expected "
            + java.util.Arrays.toString(p.shape()));
      } else {
        out.put(p.name(), a.data());
      }
    }
    List<String> unexpected = arrays.keySet().stream().filter(k -> k.startsWith(prefix))
        .map(k -> k.substring(prefix.length())).filter(k -> specs.stream().noneMatch(
            p -> p.name().equals(k))).toList();
    if (!missing.isEmpty() || !wrong.isEmpty() || !unexpected.isEmpty()) {
      throw new IllegalArgumentException(what + " does not fit the model: missing " + missing + ", unexpected "
          + unexpected + (wrong.isEmpty() ? "" : ", " + wrong));
    }
    return out;
  }

  /** {@code history.csv}: epoch, loss, rho_st_val, lr, seconds. */
  public static void writeHistoryCsv(Path file, List<EpochRecord> history) throws IOException {
    StringBuilder sb = new StringBuilder("epoch,loss,rho_st_val,lr,seconds\n");
    for (EpochRecord e : history) {
      sb.append(e.epoch()).append(',').append(String.format(java.util.Locale.ROOT, "%.6g,%.6g,%.6g,%.3f", e.loss(),
          e.rhoStVal(), e.lr(), e.seconds())).append('\n');
    }
    Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
  }

  /** Write a resumable checkpoint (one .npz). */
  public static void writeCheckpoint(Path file, ModelSpec spec, TrainingState s) throws IOException {
    writeCheckpoint(file, spec.parameters(), s);
  }

  /** Write a resumable checkpoint of a video model. */
  public static void writeCheckpoint(Path file, VideoSpec spec, TrainingState s) throws IOException {
    writeCheckpoint(file, spec.parameters(), s);
  }

  private static void writeCheckpoint(Path file, List<ParamSpec> specs, TrainingState s) throws IOException {
    Map<String, Npz.Array> arrays = new LinkedHashMap<>();
    Map<String, long[]> shapes = new LinkedHashMap<>();
    for (ParamSpec p : specs) shapes.put(p.name(), p.shape());
    put(arrays, "tensor/", s.tensors(), shapes);
    put(arrays, "adam_m/", s.adamM(), shapes);
    put(arrays, "adam_v/", s.adamV(), shapes);
    if (s.best() != null) put(arrays, "best/", s.best(), shapes);
    ObjectNode st = JSON.createObjectNode();
    st.put("format", CHECKPOINT_FORMAT);
    st.put("architecture_hash", s.architectureHash());
    st.put("epoch", s.epoch());
    st.put("adam_step", s.adamStep());
    st.put("lr", s.lr());
    if (Double.isFinite(s.bestScore())) st.put("best_score", s.bestScore());
    st.put("best_epoch", s.bestEpoch());
    st.put("bad_epochs", s.badEpochs());
    st.put("phase", s.phase());
    st.put("finished", s.finished());
    st.put("stop_reason", s.stopReason());
    ArrayNode h = st.putArray("history");
    for (EpochRecord e : s.history()) {
      ObjectNode n = h.addObject();
      n.put("epoch", e.epoch());
      n.put("loss", e.loss());
      n.put("rho_st_val", e.rhoStVal());
      n.put("lr", e.lr());
      n.put("seconds", e.seconds());
    }
    Npz.write(file, arrays, Map.of("state.json", JSON.writeValueAsBytes(st)));
  }

  private static void put(Map<String, Npz.Array> arrays, String prefix, Map<String, float[]> values,
      Map<String, long[]> shapes) {
    for (var e : values.entrySet()) {
      long[] shape = shapes.get(e.getKey());
      if (shape == null) throw new IllegalArgumentException("tensor " + e.getKey() + " is not in the model spec");
      arrays.put(prefix + e.getKey(), new Npz.Array(shape, e.getValue()));
    }
  }

  /** Read a checkpoint written by {@link #writeCheckpoint}; refuses another architecture. */
  public static TrainingState readCheckpoint(Path file, ModelSpec spec) throws IOException {
    return readCheckpoint(file, spec.architectureHash(), spec.parameters());
  }

  /** Read a checkpoint of a video model; refuses another architecture. */
  public static TrainingState readCheckpoint(Path file, VideoSpec spec) throws IOException {
    return readCheckpoint(file, spec.architectureHash(), spec.parameters());
  }

  private static TrainingState readCheckpoint(Path file, String architectureHash, List<ParamSpec> specs) throws IOException {
    Npz.Contents c = Npz.read(file);
    byte[] sj = c.extra().get("state.json");
    if (sj == null) throw new IOException(file + ": checkpoint has no state.json entry");
    JsonNode st = JSON.readTree(new String(sj, StandardCharsets.UTF_8));
    if (!CHECKPOINT_FORMAT.equals(st.path("format").asText())) {
      throw new IOException(file + ": expected format " + CHECKPOINT_FORMAT + ", found " + st.path("format"));
    }
    String hash = st.path("architecture_hash").asText();
    if (!hash.equals(architectureHash)) {
      throw new IOException(file + ": checkpoint architecture " + hash + " differs from the configured model "
          + architectureHash);
    }
    Map<String, float[]> tensors = checked(c.arrays(), "tensor/", specs, file + " (tensors)");
    Map<String, float[]> m = new LinkedHashMap<>();
    Map<String, float[]> v = new LinkedHashMap<>();
    for (ParamSpec p : specs) {
      if (!p.trainable()) continue;
      Npz.Array am = c.arrays().get("adam_m/" + p.name());
      Npz.Array av = c.arrays().get("adam_v/" + p.name());
      if (am == null || av == null) throw new IOException(file + ": no optimiser state for " + p.name());
      m.put(p.name(), am.data());
      v.put(p.name(), av.data());
    }
    Map<String, float[]> best = null;
    if (c.arrays().keySet().stream().anyMatch(k -> k.startsWith("best/"))) {
      best = checked(c.arrays(), "best/", specs, file + " (best tensors)");
    }
    List<EpochRecord> history = new ArrayList<>();
    for (JsonNode n : st.path("history")) {
      history.add(new EpochRecord(n.path("epoch").asInt(), n.path("loss").asDouble(), n.path("rho_st_val").asDouble(),
          n.path("lr").asDouble(), n.path("seconds").asDouble()));
    }
    return new TrainingState(hash, st.path("epoch").asInt(), st.path("adam_step").asLong(), st.path("lr").asDouble(),
        st.has("best_score") ? st.get("best_score").asDouble() : Double.NEGATIVE_INFINITY,
        st.path("best_epoch").asInt(), st.path("bad_epochs").asInt(), st.path("phase").asInt(),
        st.path("finished").asBoolean(), st.path("stop_reason").asText(), tensors, m, v, best, history);
  }
}

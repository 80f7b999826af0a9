package org.cortexclust.data.prepared;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The prepared tensors of one mouse: normalised images (with behaviour planes when included), normalised
 * responses, behaviour, pupil centre, tiers, image ids, neuron ids and coordinates, and ground truth when known.
 *
 * <p>Binary format ({@code .bin}, all numbers little-endian): 8-byte magic {@code CXMOUSE1}, an int64 header
 * length {@code L}, {@code L} bytes of UTF-8 JSON (scalars, tiers, type names, attributes and the byte offset
 * and element count of every array section), then the array sections, each aligned to 64 bytes. Large
 * sections (images, responses) are memory-mapped by {@link #open}, not copied; one section must stay below
 * 2 GiB (the limit of one Java buffer).
 */
public final class PreparedMouse implements AutoCloseable {
  /** Tier labels of the Sensorium 2022 static release (docs/science.md §1.2). */
  public static final List<String> TIERS = List.of("train", "validation", "test", "final_test");

  private static final byte[] MAGIC = "CXMOUSE1".getBytes(StandardCharsets.US_ASCII);
  private static final int ALIGN = 64;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String mouseId;
  private final int trials;
  private final int neurons;
  private final int channels;
  private final int height;
  private final int width;
  private final FloatBuffer images;
  private final FloatBuffer responses;
  private final float[] behavior;
  private final float[] pupilCenter;
  private final String[] tiers;
  private final int[] imageIds;
  private final int[] unitIds;
  private final float[] cellCoordinates;
  private final GroundTruth groundTruth;
  private final Map<String, Double> attributes;
  private final FileChannel channel;

  /** Ground truth of simulated data: per-neuron type index into {@code typeNames}, orientation (rad), RF centre. */
  public record GroundTruth(int[] type, String[] typeNames, float[] preferredOrientation, float[] rfX, float[] rfY) {
    public GroundTruth {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(typeNames, "typeNames");
      Objects.requireNonNull(preferredOrientation, "preferredOrientation");
      Objects.requireNonNull(rfX, "rfX");
      Objects.requireNonNull(rfY, "rfY");
      int n = type.length;
      if (preferredOrientation.length != n || rfX.length != n || rfY.length != n) {
        throw new IllegalArgumentException("ground truth arrays must all have length " + n + " (type), found preferredOrientation="
            + preferredOrientation.length + ", rfX=" + rfX.length + ", rfY=" + rfY.length);
      }
      for (int i = 0; i < n; i++) {
        if (type[i] < 0 || type[i] >= typeNames.length) {
          throw new IllegalArgumentException("ground truth type[" + i + "] = " + type[i] + " outside [0, " + typeNames.length + ")");
        }
      }
    }

    /** The type name of every neuron. */
    public String[] typeNamePerNeuron() {
      String[] names = new String[type.length];
      for (int i = 0; i < names.length; i++) names[i] = typeNames[type[i]];
      return names;
    }
  }

  private PreparedMouse(String mouseId, int trials, int neurons, int channels, int height, int width, FloatBuffer images,
      FloatBuffer responses, float[] behavior, float[] pupilCenter, String[] tiers, int[] imageIds, int[] unitIds,
      float[] cellCoordinates, GroundTruth groundTruth, Map<String, Double> attributes, FileChannel channel) {
    this.mouseId = mouseId;
    this.trials = trials;
    this.neurons = neurons;
    this.channels = channels;
    this.height = height;
    this.width = width;
    this.images = images;
    this.responses = responses;
    this.behavior = behavior;
    this.pupilCenter = pupilCenter;
    this.tiers = tiers;
    this.imageIds = imageIds;
    this.unitIds = unitIds;
    this.cellCoordinates = cellCoordinates;
    this.groundTruth = groundTruth;
    this.attributes = Map.copyOf(attributes);
    this.channel = channel;
  }

  /** An in-memory mouse (tests, the simulator, the Sensorium reader). Arrays are used as given, not copied. */
  public static PreparedMouse of(String mouseId, int channels, int height, int width, float[] images, int neurons,
      float[] responses, float[] behavior, float[] pupilCenter, String[] tiers, int[] imageIds, int[] unitIds,
      float[] cellCoordinates, GroundTruth groundTruthOrNull) {
    return of(mouseId, channels, height, width, images, neurons, responses, behavior, pupilCenter, tiers, imageIds, unitIds,
        cellCoordinates, groundTruthOrNull, Map.of());
  }

  /** As {@link #of(String, int, int, int, float[], int, float[], float[], float[], String[], int[], int[], float[], GroundTruth)}
   * with named scalar attributes (e.g. the simulator's noise ceiling). */
  public static PreparedMouse of(String mouseId, int channels, int height, int width, float[] images, int neurons,
      float[] responses, float[] behavior, float[] pupilCenter, String[] tiers, int[] imageIds, int[] unitIds,
      float[] cellCoordinates, GroundTruth groundTruthOrNull, Map<String, Double> attributes) {
    Objects.requireNonNull(tiers, "tiers");
    int trials = tiers.length;
    String where = "mouse " + mouseId;
    check(mouseId != null && !mouseId.isBlank(), where + ": mouseId must not be blank");
    check(channels >= 1 && height >= 1 && width >= 1 && neurons >= 1,
        where + ": channels, height, width, neurons must be >= 1, found " + channels + ", " + height + ", " + width + ", " + neurons);
    checkLen(where, "images", images.length, (long) trials * channels * height * width);
    checkLen(where, "responses", responses.length, (long) trials * neurons);
    checkLen(where, "behavior", behavior.length, (long) trials * 3);
    checkLen(where, "pupilCenter", pupilCenter.length, (long) trials * 2);
    checkLen(where, "imageIds", imageIds.length, trials);
    checkLen(where, "unitIds", unitIds.length, neurons);
    checkLen(where, "cellCoordinates", cellCoordinates.length, (long) neurons * 3);
    for (int i = 0; i < trials; i++) {
      check(TIERS.contains(tiers[i]), where + ": tiers[" + i + "] = '" + tiers[i] + "', expected one of " + TIERS);
    }
    if (groundTruthOrNull != null) {
      checkLen(where, "groundTruth.type", groundTruthOrNull.type().length, neurons);
    }
    return new PreparedMouse(mouseId, trials, neurons, channels, height, width, FloatBuffer.wrap(images), FloatBuffer.wrap(responses),
        behavior, pupilCenter, tiers, imageIds, unitIds, cellCoordinates, groundTruthOrNull, attributes, null);
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  private static void checkLen(String where, String what, long found, long expected) {
    check(found == expected, where + ": " + what + " has " + found + " elements, expected " + expected);
  }

  public String mouseId() {
    return mouseId;
  }

  public int trials() {
    return trials;
  }

  public int neurons() {
    return neurons;
  }

  public int channels() {
    return channels;
  }

  public int height() {
    return height;
  }

  public int width() {
    return width;
  }

  /** trials·channels·height·width floats, NCHW trial-major; channel 0 = image, 1..3 = behaviour planes when included. */
  public FloatBuffer images() {
    return images.duplicate().rewind().asReadOnlyBuffer();
  }

  /** trials·neurons floats, trial-major, normalised as the Sensorium baseline ({@code x·precision_j}). */
  public FloatBuffer responses() {
    return responses.duplicate().rewind().asReadOnlyBuffer();
  }

  /** trials·3: pupil dilation, its derivative, running speed, each divided by its std. */
  public float[] behavior() {
    return behavior;
  }

  /** trials·2: horizontal and vertical eye position, z-scored. */
  public float[] pupilCenter() {
    return pupilCenter;
  }

  public String[] tiers() {
    return tiers;
  }

  /** {@code frame_image_id} per trial: repeats of one image share an id. */
  public int[] imageIds() {
    return imageIds;
  }

  public int[] unitIds() {
    return unitIds;
  }

  /** neurons·3 cortical coordinates (x, y, z) in µm. */
  public float[] cellCoordinates() {
    return cellCoordinates;
  }

  public Optional<GroundTruth> groundTruth() {
    return Optional.ofNullable(groundTruth);
  }

  /** Named scalars stored with the mouse, e.g. {@code noise_ceiling_rho_st} of simulated data. */
  public Map<String, Double> attributes() {
    return attributes;
  }

  /** Trial indices (ascending) of one tier; empty when the tier has no trials. */
  public int[] trialIndices(String tier) {
    if (!TIERS.contains(tier)) {
      throw new IllegalArgumentException("unknown tier '" + tier + "', expected one of " + TIERS);
    }
    int[] out = new int[trials];
    int k = 0;
    for (int i = 0; i < trials; i++) {
      if (tiers[i].equals(tier)) {
        out[k++] = i;
      }
    }
    return Arrays.copyOf(out, k);
  }

  /** Number of trials per tier (every tier present, in {@link #TIERS} order). */
  public Map<String, Integer> tierCounts() {
    Map<String, Integer> m = new LinkedHashMap<>();
    for (String t : TIERS) {
      m.put(t, 0);
    }
    for (String t : tiers) {
      m.merge(t, 1, Integer::sum);
    }
    return m;
  }

  // ---------------------------------------------------------------------------------------------- writing

  /** Write to {@code file} atomically (a temporary sibling is moved into place; nothing half-written on failure). */
  public void write(Path file) throws IOException {
    Path abs = file.toAbsolutePath();
    Path dir = abs.getParent();
    Files.createDirectories(dir);
    List<Section> sections = new ArrayList<>();
    sections.add(Section.floats("images", images, (long) trials * channels * height * width));
    sections.add(Section.floats("responses", responses, (long) trials * neurons));
    sections.add(Section.floats("behavior", FloatBuffer.wrap(behavior), behavior.length));
    sections.add(Section.floats("pupil_center", FloatBuffer.wrap(pupilCenter), pupilCenter.length));
    sections.add(Section.ints("image_ids", imageIds));
    sections.add(Section.ints("unit_ids", unitIds));
    sections.add(Section.floats("cell_coordinates", FloatBuffer.wrap(cellCoordinates), cellCoordinates.length));
    if (groundTruth != null) {
      sections.add(Section.ints("gt_type", groundTruth.type()));
      sections.add(Section.floats("gt_preferred_orientation", FloatBuffer.wrap(groundTruth.preferredOrientation()), neurons));
      sections.add(Section.floats("gt_rf_x", FloatBuffer.wrap(groundTruth.rfX()), neurons));
      sections.add(Section.floats("gt_rf_y", FloatBuffer.wrap(groundTruth.rfY()), neurons));
    }
    // Header size depends on offsets (digits); iterate until stable.
    byte[] header = null;
    long base = 0;
    for (int iter = 0; iter < 4; iter++) {
      long off = align(16 + (header == null ? 0 : header.length));
      base = off;
      for (Section s : sections) {
        s.offset = off;
        off = align(off + s.bytes());
      }
      byte[] h = headerJson(sections);
      if (header != null && h.length == header.length) {
        header = h;
        break;
      }
      header = h;
    }
    if (align(16 + header.length) != base) {
      throw new IllegalStateException("header size did not converge");
    }
    Path tmp = Files.createTempFile(dir, abs.getFileName().toString(), ".part");
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer head = ByteBuffer.allocate(16 + header.length).order(ByteOrder.LITTLE_ENDIAN);
        head.put(MAGIC).putLong(header.length).put(header).flip();
        writeFully(ch, head, 0);
        ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
        for (Section s : sections) {
          s.writeTo(ch, buf);
        }
        long end = align(sections.get(sections.size() - 1).offset + sections.get(sections.size() - 1).bytes());
        ch.truncate(end);
        if (ch.size() < end) {
          writeFully(ch, ByteBuffer.allocate((int) (end - ch.size())), ch.size());
        }
        ch.force(true);
      }
      Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private byte[] headerJson(List<Section> sections) throws IOException {
    ObjectNode h = JSON.createObjectNode();
    h.put("format", "cortexclust-prepared-mouse");
    h.put("version", 1);
    h.put("mouse_id", mouseId);
    h.put("trials", trials);
    h.put("neurons", neurons);
    h.put("channels", channels);
    h.put("height", height);
    h.put("width", width);
    // Tiers as small codes keep the header compact for 6000+ trials.
    StringBuilder codes = new StringBuilder(trials);
    for (String t : tiers) {
      codes.append((char) ('0' + TIERS.indexOf(t)));
    }
    h.put("tier_codes", codes.toString());
    ArrayNode names = h.putArray("tier_names");
    TIERS.forEach(names::add);
    ObjectNode attrs = h.putObject("attributes");
    new TreeMap<>(attributes).forEach(attrs::put);
    if (groundTruth != null) {
      ArrayNode tn = h.putArray("gt_type_names");
      for (String s : groundTruth.typeNames()) {
        tn.add(s);
      }
    }
    ObjectNode secs = h.putObject("sections");
    for (Section s : sections) {
      ObjectNode o = secs.putObject(s.name);
      o.put("dtype", s.isFloat ? "<f4" : "<i4");
      o.put("offset", s.offset);
      o.put("count", s.count);
    }
    return JSON.writeValueAsBytes(h);
  }

  private static long align(long x) {
    return (x + ALIGN - 1) / ALIGN * ALIGN;
  }

  private static void writeFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
    while (b.hasRemaining()) {
      pos += ch.write(b, pos);
    }
  }

  private static final class Section {
    final String name;
    final boolean isFloat;
    final FloatBuffer floats;
    final int[] ints;
    final long count;
    long offset;

    private Section(String name, boolean isFloat, FloatBuffer floats, int[] ints, long count) {
      this.name = name;
      this.isFloat = isFloat;
      this.floats = floats;
      this.ints = ints;
      this.count = count;
    }

    static Section floats(String name, FloatBuffer f, long count) {
      return new Section(name, true, f, null, count);
    }

    static Section ints(String name, int[] v) {
      return new Section(name, false, null, v, v.length);
    }

    long bytes() {
      return count * 4;
    }

    void writeTo(FileChannel ch, ByteBuffer buf) throws IOException {
      long pos = offset;
      if (isFloat) {
        FloatBuffer src = floats.duplicate();
        src.rewind();
        while (src.hasRemaining()) {
          buf.clear();
          FloatBuffer fb = buf.asFloatBuffer();
          int n = Math.min(fb.capacity(), src.remaining());
          FloatBuffer slice = src.slice();
          slice.limit(n);
          fb.put(slice);
          src.position(src.position() + n);
          buf.limit(n * 4);
          buf.position(0);
          while (buf.hasRemaining()) {
            pos += ch.write(buf, pos);
          }
        }
      } else {
        int i = 0;
        while (i < ints.length) {
          buf.clear();
          IntBuffer ib = buf.asIntBuffer();
          int n = Math.min(ib.capacity(), ints.length - i);
          ib.put(ints, i, n);
          i += n;
          buf.limit(n * 4);
          buf.position(0);
          while (buf.hasRemaining()) {
            pos += ch.write(buf, pos);
          }
        }
      }
    }
  }

  // ---------------------------------------------------------------------------------------------- reading

  /** Open a file written by {@link #write}; images and responses are memory-mapped (read-only). */
  public static PreparedMouse open(Path file) throws IOException {
    FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
    try {
      long size = ch.size();
      if (size < 16) {
        throw bad(file, "file is " + size + " bytes, shorter than the 16-byte preamble");
      }
      ByteBuffer pre = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
      readFully(ch, pre, 0);
      byte[] magic = new byte[8];
      pre.flip().get(magic);
      if (!Arrays.equals(magic, MAGIC)) {
        throw bad(file, "magic is '" + new String(magic, StandardCharsets.ISO_8859_1) + "', expected 'CXMOUSE1' (not a prepared mouse file)");
      }
      long hlen = pre.getLong();
      if (hlen <= 0 || hlen > size - 16 || hlen > Integer.MAX_VALUE) {
        throw bad(file, "header length " + hlen + " does not fit the file size " + size);
      }
      ByteBuffer hb = ByteBuffer.allocate((int) hlen);
      readFully(ch, hb, 16);
      JsonNode h = JSON.readTree(hb.array());
      if (h.path("version").asInt(-1) != 1) {
        throw bad(file, "format version " + h.path("version") + ", expected 1");
      }
      String mouseId = h.path("mouse_id").asText();
      int trials = h.path("trials").asInt();
      int neurons = h.path("neurons").asInt();
      int channels = h.path("channels").asInt();
      int height = h.path("height").asInt();
      int width = h.path("width").asInt();
      String codes = h.path("tier_codes").asText();
      if (codes.length() != trials) {
        throw bad(file, "tier_codes has " + codes.length() + " entries, expected " + trials + " (trials)");
      }
      List<String> names = new ArrayList<>();
      h.path("tier_names").forEach(n -> names.add(n.asText()));
      String[] tiers = new String[trials];
      for (int i = 0; i < trials; i++) {
        int c = codes.charAt(i) - '0';
        if (c < 0 || c >= names.size()) {
          throw bad(file, "tier code '" + codes.charAt(i) + "' at trial " + i + " is not in tier_names " + names);
        }
        tiers[i] = names.get(c);
      }
      Map<String, Double> attributes = new LinkedHashMap<>();
      h.path("attributes").fields().forEachRemaining(e -> attributes.put(e.getKey(), e.getValue().asDouble()));
      JsonNode secs = h.path("sections");
      SectionReader r = new SectionReader(file, ch, size, secs);
      FloatBuffer images = r.mapFloats("images", (long) trials * channels * height * width);
      FloatBuffer responses = r.mapFloats("responses", (long) trials * neurons);
      float[] behavior = r.floats("behavior", (long) trials * 3);
      float[] pupil = r.floats("pupil_center", (long) trials * 2);
      int[] imageIds = r.ints("image_ids", trials);
      int[] unitIds = r.ints("unit_ids", neurons);
      float[] coords = r.floats("cell_coordinates", (long) neurons * 3);
      GroundTruth gt = null;
      if (secs.has("gt_type")) {
        List<String> tn = new ArrayList<>();
        h.path("gt_type_names").forEach(n -> tn.add(n.asText()));
        try {
          gt = new GroundTruth(r.ints("gt_type", neurons), tn.toArray(String[]::new), r.floats("gt_preferred_orientation", neurons),
              r.floats("gt_rf_x", neurons), r.floats("gt_rf_y", neurons));
        } catch (IllegalArgumentException e) {
          throw bad(file, "ground truth: " + e.getMessage());
        }
      }
      return new PreparedMouse(mouseId, trials, neurons, channels, height, width, images, responses, behavior, pupil, tiers, imageIds,
          unitIds, coords, gt, attributes, ch);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  private static IOException bad(Path file, String message) {
    return new IOException(file + ": " + message);
  }

  private static void readFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
    while (b.hasRemaining()) {
      int n = ch.read(b, pos);
      if (n < 0) {
        throw new IOException("unexpected end of file at byte " + pos);
      }
      pos += n;
    }
  }

  private record SectionReader(Path file, FileChannel ch, long size, JsonNode secs) {
    ByteBuffer map(String name, long expectedCount, String dtype) throws IOException {
      JsonNode s = secs.path(name);
      if (s.isMissingNode()) {
        throw bad(file, "section '" + name + "' is missing");
      }
      long off = s.path("offset").asLong(-1);
      long count = s.path("count").asLong(-1);
      if (!dtype.equals(s.path("dtype").asText())) {
        throw bad(file, "section '" + name + "' has dtype " + s.path("dtype") + ", expected " + dtype);
      }
      if (count != expectedCount) {
        throw bad(file, "section '" + name + "' has " + count + " elements, expected " + expectedCount);
      }
      long bytes = count * 4;
      if (off < 16 || off + bytes > size) {
        throw bad(file, "section '" + name + "' [" + off + ", " + (off + bytes) + ") lies outside the file of " + size
            + " bytes (truncated?)");
      }
      if (bytes > Integer.MAX_VALUE) {
        throw bad(file, "section '" + name + "' is " + bytes + " bytes; one section must be below 2 GiB");
      }
      MappedByteBuffer m = ch.map(FileChannel.MapMode.READ_ONLY, off, bytes);
      return m.order(ByteOrder.LITTLE_ENDIAN);
    }

    FloatBuffer mapFloats(String name, long count) throws IOException {
      return map(name, count, "<f4").asFloatBuffer();
    }

    float[] floats(String name, long count) throws IOException {
      float[] out = new float[Math.toIntExact(count)];
      map(name, count, "<f4").asFloatBuffer().get(out);
      return out;
    }

    int[] ints(String name, long count) throws IOException {
      int[] out = new int[Math.toIntExact(count)];
      map(name, count, "<i4").asIntBuffer().get(out);
      return out;
    }
  }

  /** Releases the file channel; buffers from {@link #images()}/{@link #responses()} must not be used afterwards. */
  @Override
  public void close() throws IOException {
    if (channel != null) {
      channel.close();
    }
  }

  @Override
  public String toString() {
    return "PreparedMouse[" + mouseId + ", trials=" + trials + ", neurons=" + neurons + ", " + channels + "x" + height + "x" + width
        + ", tiers=" + tierCounts() + "]";
  }
}

package org.cortexclust.training.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.SoftReference;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.cortexclust.data.sensorium.VideoMouse;

/**
 * What the video trainer needs of one mouse: every trial, normalised and at its real length (engine-neutral).
 *
 * <p>A real Sensorium 2023 mouse does not fit in memory (hundreds of trials of ~300 frames, each with thousands of
 * neurons' responses: gigabytes per mouse), so {@link #open} keeps only each trial's tier and length for sure and
 * its arrays behind a soft reference: the JVM drops them under memory pressure and the next access reads the trial
 * again from its source. {@link #read} holds every trial (small data, tests).
 *
 * @param mouseId data key
 * @param neurons N
 * @param height  frame height
 * @param width   frame width
 * @param trials  all trials (every tier)
 * @param unitIds per neuron
 */
public record VideoData(String mouseId, int neurons, int height, int width, List<Trial> trials, int[] unitIds) {
  /** Input channels of a video model: the video plus the two behaviour planes (pupil dilation, running speed). */
  public static final int CHANNELS = 3;

  /** Reads trial {@code i} of a mouse again (a fresh {@link VideoMouse} on the same source, closed after). */
  @FunctionalInterface
  public interface Source {
    VideoMouse open() throws IOException;
  }

  /**
   * One trial, frames first: {@code video} T·H·W, {@code behavior} T·2 (pupil dilation, running speed),
   * {@code responses} T·N, {@code pupil} T·2 (pupil centre, horizontal and vertical, z-scored; zeros when unknown). Held in memory, or read again from its source when the JVM has dropped it.
   */
  public static final class Trial {
    private final String tier;
    private final int frames;
    private final Content held;
    private final Source source;
    private final int index;
    private final String where;
    private SoftReference<Content> cache;

    private record Content(float[] video, float[] behavior, float[] responses, float[] pupil) {}

    /** A trial held in memory. */
    public Trial(String tier, int frames, float[] video, float[] behavior, float[] responses) {
      this(tier, frames, video, behavior, responses, new float[frames * 2]);
    }

    /** A trial held in memory, with its pupil centre per frame. */
    public Trial(String tier, int frames, float[] video, float[] behavior, float[] responses, float[] pupil) {
      this.tier = tier;
      this.frames = frames;
      this.held = new Content(video, behavior, responses, pupil);
      this.source = null;
      this.index = -1;
      this.where = null;
    }

    private Trial(VideoMouse.Trial first, Source source, String where) {
      this.tier = first.tier();
      this.frames = first.frames();
      this.held = null;
      this.source = source;
      this.index = first.index();
      this.where = where;
      this.cache = new SoftReference<>(new Content(first.video(), first.behavior(), first.responses(), first.pupil()));
    }

    public String tier() {
      return tier;
    }

    public int frames() {
      return frames;
    }

    public float[] video() {
      return content().video();
    }

    public float[] behavior() {
      return content().behavior();
    }

    public float[] pupil() {
      return content().pupil();
    }

    public float[] responses() {
      return content().responses();
    }

    /** Drop the arrays as the JVM may under memory pressure (tests); a held trial keeps them. */
    synchronized void forget() {
      if (cache != null) cache.clear();
    }

    private synchronized Content content() {
      if (held != null) return held;
      Content a = cache.get();
      if (a != null) return a;
      try (VideoMouse vm = source.open()) {
        VideoMouse.Trial t = vm.trial(index);
        if (t.frames() != frames || !tier.equals(t.tier())) {
          throw new IllegalStateException(where + " trial " + index + " changed on disk: it had " + frames + " frames in tier "
              + tier + " when training started, now " + t.frames() + " in tier " + t.tier());
        }
        a = new Content(t.video(), t.behavior(), t.responses(), t.pupil());
      } catch (IOException e) {
        throw new UncheckedIOException(where + " trial " + index + ": could not read it again: " + e.getMessage(), e);
      }
      cache = new SoftReference<>(a);
      return a;
    }
  }

  public VideoData {
    trials = List.copyOf(trials);
    for (int i = 0; i < trials.size(); i++) {
      Trial t = trials.get(i);
      if (t.held == null) continue; // checked when read (VideoMouse.trial) and re-read (frame count)
      if (t.video().length != (long) t.frames() * height * width || t.behavior().length != t.frames() * 2
          || t.responses().length != (long) t.frames() * neurons || t.pupil().length != t.frames() * 2) {
        throw new IllegalArgumentException("mouse " + mouseId + " trial " + i + ": expected " + t.frames() + " frames of " + height + "x"
            + width + " video, 2 behaviour values, " + neurons + " responses and 2 pupil-centre values, got " + t.video().length
            + ", " + t.behavior().length + ", " + t.responses().length + " and " + t.pupil().length + " values");
      }
    }
  }

  /** Read and normalise every trial of a Sensorium 2023 mouse, all held in memory. */
  public static VideoData read(VideoMouse vm) throws IOException {
    List<Trial> trials = new ArrayList<>();
    int h = -1;
    int w = -1;
    for (int i = 0; i < vm.trials(); i++) {
      VideoMouse.Trial t = vm.trial(i);
      h = t.height();
      w = t.width();
      trials.add(new Trial(t.tier(), t.frames(), t.video(), t.behavior(), t.responses(), t.pupil()));
    }
    return new VideoData(vm.key(), vm.neurons(), h, w, trials, vm.unitIds());
  }

  /**
   * Read and check every trial of a mouse once (lengths, frame size), keeping the arrays only softly reachable:
   * trials the JVM drops are read again from {@code source} when next used.
   */
  public static VideoData open(Source source) throws IOException {
    try (VideoMouse vm = source.open()) {
      List<Trial> trials = new ArrayList<>();
      int h = -1;
      int w = -1;
      String where = "mouse " + vm.key();
      for (int i = 0; i < vm.trials(); i++) {
        VideoMouse.Trial t = vm.trial(i);
        if (i > 0 && (t.height() != h || t.width() != w)) {
          throw new IllegalArgumentException(where + " trial " + i + ": frames of " + t.height() + "x" + t.width() + ", expected "
              + h + "x" + w + " as in trial 0");
        }
        h = t.height();
        w = t.width();
        trials.add(new Trial(t, source, where));
      }
      return new VideoData(vm.key(), vm.neurons(), h, w, trials, vm.unitIds());
    }
  }

  /** Indices of the trials of one tier, ascending. */
  public int[] trialIndices(String tier) {
    return IntStream.range(0, trials.size()).filter(i -> tier.equals(trials.get(i).tier())).toArray();
  }

  /** Mean response per neuron over every frame of the given trials. */
  public float[] meanResponse(int[] idx) {
    double[] s = new double[neurons];
    long frames = 0;
    for (int i : idx) {
      Trial t = trials.get(i);
      for (int k = 0; k < t.frames(); k++) {
        for (int j = 0; j < neurons; j++) {
          s[j] += t.responses()[k * neurons + j];
        }
      }
      frames += t.frames();
    }
    float[] out = new float[neurons];
    for (int j = 0; j < neurons; j++) {
      out[j] = (float) (s[j] / Math.max(1, frames));
    }
    return out;
  }
}

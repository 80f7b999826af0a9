package org.cortexclust.training.data;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.cortexclust.common.progress.Progress;
import org.cortexclust.data.sensorium.MouseSource;
import org.cortexclust.data.sensorium.VideoMouse;
import org.cortexclust.data.simulator.VideoSimulator;
import org.cortexclust.data.simulator.VideoSimulatorOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trials kept on disk: read once to check, read again (and identically) once the JVM has dropped them. */
class VideoDataTest {
  @TempDir static Path dir;
  static Path mouse;

  @BeforeAll
  static void simulate() throws IOException {
    mouse = VideoSimulator.write(new VideoSimulatorOptions(1, 5, 6, 16, 18, 10, 16, 0.2, 3), dir, Progress.NONE).get(0);
  }

  @Test
  void droppedTrialsAreReadAgainIdentically() throws IOException {
    VideoData eager;
    try (VideoMouse vm = VideoMouse.open(MouseSource.folder(mouse))) {
      eager = VideoData.read(vm);
    }
    AtomicInteger opens = new AtomicInteger();
    VideoData lazy = VideoData.open(() -> {
      opens.incrementAndGet();
      return VideoMouse.open(MouseSource.folder(mouse));
    });
    assertEquals(1, opens.get(), "one pass over the mouse to check every trial");
    assertEquals(eager.trials().size(), lazy.trials().size());
    assertEquals(eager.height(), lazy.height());
    assertArrayEquals(eager.trialIndices("train"), lazy.trialIndices("train"));
    for (int i = 0; i < eager.trials().size(); i++) {
      VideoData.Trial e = eager.trials().get(i), l = lazy.trials().get(i);
      assertEquals(e.frames(), l.frames());
      assertArrayEquals(e.video(), l.video());
      l.forget();
      assertEquals(e.tier(), l.tier(), "tier and length stay without reading");
      assertEquals(i + 1, opens.get(), "nothing read before the arrays are asked for");
      assertArrayEquals(e.responses(), l.responses());
      assertArrayEquals(e.behavior(), l.behavior());
      assertArrayEquals(e.pupil(), l.pupil());
      assertArrayEquals(e.video(), l.video());
      assertEquals(i + 2, opens.get(), "a dropped trial is read again once");
    }
    eager.trials().get(0).forget();
    assertNotNull(eager.trials().get(0).video(), "a held trial keeps its arrays");
  }

  @Test
  void aSourceThatCannotBeReadAgainSaysWhichTrial() throws IOException {
    AtomicInteger opens = new AtomicInteger();
    VideoData lazy = VideoData.open(() -> {
      if (opens.incrementAndGet() > 1) throw new IOException("disk gone");
      return VideoMouse.open(MouseSource.folder(mouse));
    });
    VideoData.Trial t = lazy.trials().get(2);
    t.forget();
    UncheckedIOException e = assertThrows(UncheckedIOException.class, t::video);
    assertTrue(e.getMessage().contains("trial 2") && e.getMessage().contains("disk gone"), e.getMessage());
  }
}

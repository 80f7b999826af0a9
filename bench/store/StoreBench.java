package org.cortexclust.bench.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.cortexclust.common.store.ArtifactStore;
import org.cortexclust.common.store.BlobRef;
import org.cortexclust.common.store.CodeVersion;
import org.cortexclust.common.store.EmbeddedS3;
import org.cortexclust.common.store.StageManifest;

/**
 * Artifact store on loopback (MinIO client ↔ embedded S3Proxy, filesystem backend): put/get throughput of a large
 * object (digest computed on put, verified on get) and per-manifest overhead (publish = existence checks + write;
 * lookup = read + parse). Rounds alternate put and get. Usage: {@code bench/store/run.sh [MB] [rounds] [manifests]}.
 */
public final class StoreBench {
  public static void main(String[] args) throws Exception {
    int mb = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int manifests = args.length > 2 ? Integer.parseInt(args[2]) : 200;
    Path home = Files.createTempDirectory("storebench");
    Map<String, Object> out = new LinkedHashMap<>();
    try (EmbeddedS3 s3 = EmbeddedS3.start(home, 0); ArtifactStore store = new ArtifactStore(s3.settings(home.resolve("cache")))) {
      store.ensureBucket();
      Path f = home.resolve("big.bin");
      byte[] chunk = new byte[1 << 20];
      Random rnd = new Random(42);
      List<Double> put = new ArrayList<>();
      List<Double> get = new ArrayList<>();
      for (int r = 0; r < rounds; r++) {
        try (OutputStream o = Files.newOutputStream(f)) {
          for (int i = 0; i < mb; i++) {
            rnd.nextBytes(chunk);
            o.write(chunk);
          }
        }
        long t0 = System.nanoTime();
        BlobRef ref = store.putFile(f);
        double putS = (System.nanoTime() - t0) / 1e9;
        t0 = System.nanoTime();
        try (InputStream in = store.openBlob(ref)) {
          in.transferTo(OutputStream.nullOutputStream());
        }
        double getS = (System.nanoTime() - t0) / 1e9;
        put.add(mb / putS);
        get.add(mb / getS);
        System.err.printf("round %d: put %.1f MiB/s (sha256 + upload), get %.1f MiB/s (download + verify)%n", r, mb / putS, mb / getS);
      }
      out.put("object_mib", mb);
      out.put("put_mib_s", put);
      out.put("get_mib_s", get);
      out.put("put_mib_s_median", median(put));
      out.put("get_mib_s_median", median(get));

      // per-manifest overhead: one small blob + manifest each
      List<String> ids = new ArrayList<>();
      long t0 = System.nanoTime();
      for (int i = 0; i < manifests; i++) {
        BlobRef b = store.putBytes(("output " + i).getBytes());
        String key = ArtifactStore.sha256(("bench" + i).getBytes());
        String id = StageManifest.idFor("bench", key);
        store.publish(new StageManifest(StageManifest.SCHEMA, id, key, "bench", "run", "x", "{}", Map.of(), CodeVersion.current(),
            Map.of(), 0, "h", "s", "e", Map.of("m", 1.0), Map.of("out.txt", b)));
        ids.add(id);
      }
      double pubMs = (System.nanoTime() - t0) / 1e6 / manifests;
      t0 = System.nanoTime();
      for (String id : ids) {
        store.findManifest(id).orElseThrow();
      }
      double lookMs = (System.nanoTime() - t0) / 1e6 / manifests;
      t0 = System.nanoTime();
      for (int i = 0; i < manifests; i++) {
        store.findManifest("bench-missing" + i);
      }
      double missMs = (System.nanoTime() - t0) / 1e6 / manifests;
      out.put("manifests", manifests);
      out.put("publish_ms_per_manifest_with_blob", pubMs);
      out.put("lookup_hit_ms", lookMs);
      out.put("lookup_miss_ms", missMs);
    }
    System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(out));
  }

  static double median(List<Double> v) {
    List<Double> s = new ArrayList<>(v);
    s.sort(null);
    return s.get(s.size() / 2);
  }
}

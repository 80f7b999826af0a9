package org.cortexclust.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The deployment in infra/ is safe by default (issue 23 item 10): every published port binds to loopback unless
 * CORTEXCLUST_BIND says otherwise, no deprecated auto-setup image, the workers hold bucket-scoped users and never
 * MinIO's root credentials, Grafana has no default password. Where Debian's docker-compose is installed, it also
 * parses the file (and the TLS overlay) as Compose would, without a daemon.
 */
class InfraComposeTest {
  static final Path INFRA = Path.of("..", "infra");
  static final Map<String, String> ENV = Map.of("TEMPORAL_DB_PASSWORD", "db", "MINIO_ROOT_USER", "root", "MINIO_ROOT_PASSWORD",
      "rootpassword", "GRAFANA_ADMIN_PASSWORD", "g", "CORTEXCLUST_WORKER_CPU_SECRET", "cpu-secret", "CORTEXCLUST_WORKER_GPU_SECRET",
      "gpu-secret", "CORTEXCLUST_LAUNCHER_SECRET", "launcher-secret");

  @Test
  void servicesBindToLoopbackAndWorkersHoldNoRootCredentials() throws Exception {
    JsonNode c = new ObjectMapper(new YAMLFactory()).readTree(INFRA.resolve("docker-compose.yml").toFile());
    int published = 0;
    for (var it = c.get("services").fields(); it.hasNext(); ) {
      var s = it.next();
      String name = s.getKey();
      JsonNode svc = s.getValue();
      assertFalse(svc.path("image").asText().contains("auto-setup"), name + " uses the deprecated temporalio/auto-setup");
      assertFalse(svc.path("image").asText().endsWith(":latest"), name + " is not pinned");
      for (JsonNode p : svc.path("ports")) {
        published++;
        assertTrue(p.asText().startsWith("${CORTEXCLUST_BIND:-127.0.0.1}:"), name + " publishes " + p + " on all interfaces");
      }
      String env = svc.path("environment").toString();
      if (name.startsWith("worker")) {
        assertFalse(env.contains("MINIO_ROOT"), name + " holds MinIO's root credentials: " + env);
        assertTrue(env.contains("\"CORTEXCLUST_S3_ACCESS_KEY\":\"" + name + "\""), name + " uses its own MinIO user: " + env);
      } else if (env.contains("MINIO_ROOT")) {
        assertTrue(name.equals("minio") || name.equals("minio-init"), name + " holds MinIO's root credentials");
      }
    }
    assertEquals(6, published, "temporal, temporal-ui, minio x2, prometheus, grafana: all counted");
    assertTrue(c.at("/services/grafana/environment/GF_SECURITY_ADMIN_PASSWORD").asText().contains(":?"),
        "Grafana's admin password must be set, not admin/admin");
    String init = Files.readString(INFRA.resolve("minio/init.sh"), StandardCharsets.UTF_8);
    assertTrue(init.contains("arn:aws:s3:::$BUCKET/*") && !init.contains("\"s3:*\""), "the worker policy is scoped to the bucket");
  }

  @Test
  void composeParsesTheFilesWithoutADaemonWhereItIsInstalled() throws Exception {
    File bin = new File("/usr/bin/docker-compose");
    if (!bin.canExecute()) {
      return; // Debian's docker-compose is optional here: the structural test above still runs
    }
    String one = config(bin, "-f", "docker-compose.yml");
    assertTrue(one.contains("127.0.0.1:7233:7233"), one);
    assertFalse(one.contains("0.0.0.0:"), one);
    String tls = config(bin, "-f", "docker-compose.yml", "-f", "docker-compose.tls.yml");
    assertTrue(tls.contains("--tls-cert-path") && tls.contains("--tls-server-name") && tls.contains("TEMPORAL_TLS_REQUIRE_CLIENT_AUTH"), tls);
  }

  static String config(File bin, String... files) throws Exception {
    java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(bin.getPath()));
    cmd.addAll(java.util.List.of(files));
    cmd.add("config");
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(INFRA.toFile()).redirectErrorStream(true);
    pb.environment().putAll(ENV);
    pb.environment().remove("CORTEXCLUST_BIND");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), "docker-compose " + String.join(" ", files) + " config:\n" + out);
    return out;
  }
}

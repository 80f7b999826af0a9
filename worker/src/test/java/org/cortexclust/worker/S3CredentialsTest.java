package org.cortexclust.worker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.cortexclust.common.store.ArtifactStore;
import org.cortexclust.common.store.EmbeddedS3;
import org.cortexclust.common.store.StoreSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** S3 credentials: our file and variables, then AWS's variables and profiles, in a documented order. */
class S3CredentialsTest {
  @TempDir Path dir;

  Path userHome() throws Exception {
    return Files.createDirectories(dir.resolve("user"));
  }

  void awsFiles(String credentials, String config) throws Exception {
    Path aws = Files.createDirectories(userHome().resolve(".aws"));
    if (credentials != null) Files.writeString(aws.resolve("credentials"), credentials);
    if (config != null) Files.writeString(aws.resolve("config"), config);
  }

  @Test
  void precedenceFileThenOurVariablesThenAwsVariablesThenProfiles() throws Exception {
    awsFiles("[default]\naws_access_key_id = PROFILE_AK\naws_secret_access_key = PROFILE_SK\n\n[lab]\naws_access_key_id=LAB_AK\n"
        + "aws_secret_access_key=LAB_SK\naws_session_token=LAB_TOKEN\n", "[profile cfg]\nregion = eu-west-1\naws_access_key_id = CFG_AK\n"
        + "aws_secret_access_key = CFG_SK\n");
    Path file = Files.writeString(dir.resolve("s3.properties"), "access_key=FILE_AK\nsecret_key=FILE_SK\n");
    Map<String, String> all = Map.of("CORTEXCLUST_S3_ACCESS_KEY", "OUR_AK", "CORTEXCLUST_S3_SECRET_KEY", "OUR_SK",
        "AWS_ACCESS_KEY_ID", "ENV_AK", "AWS_SECRET_ACCESS_KEY", "ENV_SK", "AWS_SESSION_TOKEN", "ENV_TOKEN", "AWS_PROFILE", "lab");
    assertEquals("FILE_AK", S3Credentials.resolve(file, all, userHome()).accessKey());
    assertEquals("OUR_AK", S3Credentials.resolve(null, all, userHome()).accessKey());
    S3Credentials env = S3Credentials.resolve(null, Map.of("AWS_ACCESS_KEY_ID", "ENV_AK", "AWS_SECRET_ACCESS_KEY", "ENV_SK",
        "AWS_SESSION_TOKEN", "ENV_TOKEN", "AWS_PROFILE", "lab"), userHome());
    assertEquals("ENV_AK", env.accessKey());
    assertEquals("ENV_TOKEN", env.sessionToken());
    S3Credentials lab = S3Credentials.resolve(null, Map.of("AWS_PROFILE", "lab"), userHome());
    assertEquals("LAB_AK", lab.accessKey());
    assertEquals("LAB_SK", lab.secretKey());
    assertEquals("LAB_TOKEN", lab.sessionToken());
    assertTrue(lab.source().startsWith("AWS profile lab in "), lab.source());
    assertTrue(!lab.toString().contains("LAB_SK") && !lab.toString().contains("LAB_AK"), "never printed");
    S3Credentials def = S3Credentials.resolve(null, Map.of(), userHome());
    assertEquals("PROFILE_AK", def.accessKey());
    assertNull(def.sessionToken());
    assertEquals("CFG_AK", S3Credentials.resolve(null, Map.of("AWS_PROFILE", "cfg"), userHome()).accessKey(), "[profile NAME] in ~/.aws/config");
    Path other = Files.writeString(dir.resolve("elsewhere"), "[default]\naws_access_key_id=ELSE_AK\naws_secret_access_key=ELSE_SK\n");
    assertEquals("ELSE_AK", S3Credentials.resolve(null, Map.of("AWS_SHARED_CREDENTIALS_FILE", other.toString()), userHome()).accessKey());
  }

  @Test
  void mistakesAreNamed() throws Exception {
    IllegalArgumentException half = assertThrows(IllegalArgumentException.class,
        () -> S3Credentials.resolve(null, Map.of("AWS_ACCESS_KEY_ID", "A"), userHome()));
    assertTrue(half.getMessage().contains("AWS_SECRET_ACCESS_KEY is not set"), half.getMessage());
    IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
        () -> S3Credentials.resolve(null, Map.of("AWS_PROFILE", "nobody"), userHome()));
    assertTrue(none.getMessage().contains("AWS_PROFILE=nobody") && none.getMessage().contains("--s3-credentials"), none.getMessage());
    awsFiles("[lab]\naws_access_key_id = ONLY_AK\n", null);
    IllegalArgumentException one = assertThrows(IllegalArgumentException.class,
        () -> S3Credentials.resolve(null, Map.of("AWS_PROFILE", "lab"), userHome()));
    assertTrue(one.getMessage().contains("only one of"), one.getMessage());
  }

  @Test
  void anAwsProfileReachesARealS3Server() throws Exception {
    try (EmbeddedS3 s3 = EmbeddedS3.start(dir.resolve("s3home"), 0)) {
      StoreSettings real = s3.settings(dir.resolve("cache"));
      awsFiles("[lab]\naws_access_key_id = " + real.accessKey() + "\naws_secret_access_key = " + real.secretKey() + "\n"
          + "[wrong]\naws_access_key_id = " + real.accessKey() + "\naws_secret_access_key = not-the-secret\n", null);
      S3Credentials c = S3Credentials.resolve(null, Map.of("AWS_PROFILE", "lab"), userHome());
      try (ArtifactStore store = new ArtifactStore(new StoreSettings(real.endpoint(), real.bucket(), c.accessKey(), c.secretKey(),
          dir.resolve("cache"), c.sessionToken()))) {
        store.ensureBucket();
        store.putObject("probe.txt", "hello".getBytes(StandardCharsets.UTF_8));
        assertArrayEquals("hello".getBytes(StandardCharsets.UTF_8), store.getIfExists("probe.txt").orElseThrow());
      }
      S3Credentials w = S3Credentials.resolve(null, Map.of("AWS_PROFILE", "wrong"), userHome());
      try (ArtifactStore store = new ArtifactStore(new StoreSettings(real.endpoint(), real.bucket(), w.accessKey(), w.secretKey(),
          dir.resolve("cache2")))) {
        assertThrows(Exception.class, () -> store.getIfExists("probe.txt"), "the profile's keys are what is sent");
      }
    }
  }
}

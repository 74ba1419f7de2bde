package io.millwright.connect.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.millwright.connect.LinkStatus;
import io.millwright.connect.WriteException;
import io.millwright.core.machine.DataType;
import io.millwright.core.machine.MachineDefinition;
import io.millwright.core.machine.Protocol;
import io.millwright.core.machine.Scale;
import io.millwright.core.machine.Tag;
import io.millwright.core.sample.Sample;
import io.millwright.core.sample.Value;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The connector against a real drop folder on the local file system. */
class FileDropConnectorIT {

  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final String HEADER = "part,pass,deviation\n";

  @TempDir Path drop;
  @TempDir Path state;

  private final List<FileDropConnector> connectors = new ArrayList<>();
  private final RecordingLink link = new RecordingLink();

  @AfterEach
  void closeAll() {
    connectors.forEach(FileDropConnector::close);
  }

  private static List<Tag> cmmTags() {
    return List.of(
        Tag.of("part/id", "part", DataType.STRING),
        Tag.of("result/pass", "pass", DataType.BOOL),
        Tag.of("bore/deviation", "deviation", DataType.FLOAT64),
        writable("job/order", "job/order", DataType.STRING),
        writable("job/product", "job/product", DataType.STRING),
        writable("job/target", "job/target", DataType.UINT32));
  }

  private static Tag writable(String name, String address, DataType type) {
    return new Tag(name, address, type, "", Scale.IDENTITY, 0, Optional.empty(), true);
  }

  private MachineDefinition machine(Path folder, Map<String, String> options, List<Tag> tags) {
    return new MachineDefinition(
        "cmm-01",
        "CMM",
        "quality",
        "lab",
        Protocol.FILE,
        folder.toUri().toString(),
        options,
        Duration.ofMillis(100),
        tags);
  }

  private FileDropConnector start(Map<String, String> options) {
    return start(machine(drop, options, cmmTags()));
  }

  private FileDropConnector start(MachineDefinition m) {
    FileDropConnector c = new FileDropConnectorFactory(state).create(m);
    connectors.add(c);
    c.start(link);
    return c;
  }

  /** Written under a temporary name and renamed, as a well-behaved machine does. */
  private Path drop(String name, String content) throws IOException {
    Path temp = drop.resolve(name + ".tmp");
    Files.writeString(temp, content);
    return Files.move(temp, drop.resolve(name), StandardCopyOption.ATOMIC_MOVE);
  }

  private Path done(String name) {
    return drop.resolve("done").resolve(name);
  }

  private Path error(String name) {
    return drop.resolve("error").resolve(name);
  }

  private void awaitFile(Path p) {
    await().atMost(WAIT).until(() -> Files.exists(p));
  }

  /**
   * The reason file of a file moved to error/, once completely written: the connector creates it
   * after the move and then writes it, so it can exist while still empty.
   */
  private String awaitReason(String name) {
    Path p = error(name + ".reason.txt");
    return await()
        .atMost(WAIT)
        .until(
            () -> Files.exists(p) ? Files.readString(p) : "",
            text -> text.endsWith(System.lineSeparator()));
  }

  @Test
  void aResultFileBecomesSamplesAndMovesToDone() throws Exception {
    FileDropConnector c = start(Map.of("format", "csv", "stableFor", "0s"));
    // The time is taken before the rename (which keeps it): with stableFor 0s the connector may
    // move the file to done/ before this thread looks at it again.
    Path temp = Files.writeString(drop.resolve("r1.csv.tmp"), HEADER + "A-1,true,0.012\n");
    long mtime = Files.getLastModifiedTime(temp).toMillis();
    Path file = Files.move(temp, drop.resolve("r1.csv"), StandardCopyOption.ATOMIC_MOVE);
    awaitFile(done("r1.csv"));
    assertThat(file).doesNotExist();
    assertThat(link.batches).hasSize(1);
    assertThat(link.latest)
        .containsEntry("part/id", Sample.good(mtime, Value.of("A-1")))
        .containsEntry("result/pass", Sample.good(mtime, Value.of(true)))
        .containsEntry("bore/deviation", Sample.good(mtime, Value.of(0.012)));
    assertThat(link.events).containsExactly("connected");
    assertThat(c.stats().status()).isEqualTo(LinkStatus.CONNECTED);
    assertThat(c.stats().samples()).isEqualTo(3);
    assertThat(c.stats().readErrors()).isZero();
    assertThat(c.stats().lastGoodRead()).isPresent();
  }

  @Test
  void eachRowIsOneBatchAndTheTimestampFieldGivesItsTime() throws Exception {
    start(Map.of("format", "csv", "stableFor", "0s", "timestampField", "time"));
    drop(
        "r.csv",
        "time,part,pass,deviation\r\n"
            + "2026-11-23T08:00:00Z,A-1,1,0.1\r\n"
            + "1795420800000,A-2,0,0.2\r\n");
    awaitFile(done("r.csv"));
    assertThat(link.samplesOf("part/id"))
        .containsExactly(
            Sample.good(1_795_420_800_000L, Value.of("A-1")),
            Sample.good(1_795_420_800_000L, Value.of("A-2")));
  }

  @Test
  void aFileWrittenSlowlyInTwoPartsIsReadOnceAndWhole() throws Exception {
    // Settling time well above the pause below, so that a slow build machine does not make the
    // half-written file look complete.
    start(Map.of("format", "csv", "stableFor", "3s"));
    Path file = drop.resolve("slow.csv");
    Files.writeString(file, HEADER + "A-7,tr");
    // Long enough for several scans (every 100 ms) to see the half-written file.
    Thread.sleep(500);
    Files.writeString(file, "ue,0.5\n", StandardOpenOption.APPEND);
    awaitFile(done("slow.csv"));
    assertThat(link.batches).hasSize(1);
    assertThat(link.latest.get("result/pass"))
        .isEqualTo(
            Sample.good(Files.getLastModifiedTime(done("slow.csv")).toMillis(), Value.of(true)));
    assertThat(drop.resolve("error")).doesNotExist();
  }

  @Test
  void temporaryNamesAreIgnoredUntilRenamed() throws Exception {
    start(Map.of("pattern", "*", "format", "csv", "stableFor", "0s"));
    Path temp = drop.resolve("r.csv.tmp");
    Files.writeString(temp, HEADER + "A-1,");
    Files.writeString(drop.resolve(".r2.csv"), HEADER + "A-1,");
    Files.writeString(drop.resolve("r3.csv.part"), HEADER + "A-1,");
    drop("marker-for-the-test.csv", HEADER + "X-1,true,0\n");
    awaitFile(done("marker-for-the-test.csv"));
    assertThat(temp).exists();
    Files.writeString(temp, "true,0.3\n", StandardOpenOption.APPEND);
    Files.move(temp, drop.resolve("r.csv"), StandardCopyOption.ATOMIC_MOVE);
    awaitFile(done("r.csv"));
    assertThat(link.samplesOf("part/id"))
        .extracting(Sample::value)
        .containsExactly(Value.of("X-1"), Value.of("A-1"));
    assertThat(drop.resolve(".r2.csv")).exists();
    assertThat(drop.resolve("r3.csv.part")).exists();
  }

  @Test
  void withAMarkerOnlyMarkedFilesAreRead() throws Exception {
    start(Map.of("format", "csv", "marker", ".done"));
    Path unmarked = drop.resolve("a.csv");
    Files.writeString(unmarked, HEADER + "A-1,true,0.1\n");
    Files.writeString(drop.resolve("b.csv"), HEADER + "B-1,true,0.2\n");
    Files.writeString(drop.resolve("b.csv.done"), "");
    awaitFile(done("b.csv"));
    // The marker is deleted after the move, on the connector's thread.
    await()
        .atMost(WAIT)
        .alias("the marker is removed")
        .until(() -> Files.notExists(drop.resolve("b.csv.done")));
    assertThat(unmarked).exists();
    assertThat(link.samplesOf("part/id"))
        .extracting(Sample::value)
        .containsExactly(Value.of("B-1"));
    Files.writeString(drop.resolve("a.csv.done"), "");
    awaitFile(done("a.csv"));
    assertThat(link.samplesOf("part/id"))
        .extracting(Sample::value)
        .containsExactly(Value.of("B-1"), Value.of("A-1"));
  }

  @Test
  void aMalformedFileGoesToErrorWithItsReasonAndTheConnectorCarriesOn() throws Exception {
    FileDropConnector c = start(Map.of("format", "csv", "stableFor", "0s"));
    drop("bad.csv", HEADER + "\"A-1,true,0.1\n");
    String reason = awaitReason("bad.csv");
    assertThat(error("bad.csv")).exists();
    assertThat(reason).contains("line 2: a quoted field is not closed");
    Sample pass = link.latest.get("result/pass");
    assertThat(pass.quality().isGood()).isFalse();
    assertThat(pass.quality().reason())
        .isEqualTo(
            "Bad_DecodingError: bad.csv: line 2: a quoted field is not closed before the"
                + " end of the file");
    assertThat(c.stats().readErrors()).isEqualTo(1);
    assertThat(c.stats().lastError()).contains("bad.csv");

    drop("good.csv", HEADER + "A-2,true,0.1\n");
    awaitFile(done("good.csv"));
    assertThat(link.latest.get("result/pass").quality().isGood()).isTrue();
  }

  @Test
  void aValueOfTheWrongTypeMakesItsTagBadAndTheFileAnError() throws Exception {
    FileDropConnector c = start(Map.of("format", "csv", "stableFor", "0s"));
    drop("r.csv", HEADER + "A-1,true,n/a\n");
    assertThat(awaitReason("r.csv"))
        .isEqualTo(
            "r.csv row 1, deviation: \"n/a\" is not a number (float64)" + System.lineSeparator());
    assertThat(link.latest.get("result/pass").quality().isGood()).isTrue();
    assertThat(link.latest.get("bore/deviation").quality().reason()).startsWith("Bad_TypeMismatch");
    assertThat(c.stats().readErrors()).as("the tag and the file").isEqualTo(2);
  }

  @Test
  void aMissingColumnMakesOnlyItsTagBadAndTheFileIsDone() throws Exception {
    FileDropConnector c = start(Map.of("format", "csv", "stableFor", "0s"));
    drop("r.csv", "part,pass\nA-1,true\n");
    awaitFile(done("r.csv"));
    assertThat(link.latest.get("part/id").quality().isGood()).isTrue();
    assertThat(link.latest.get("bore/deviation").quality().reason())
        .isEqualTo("Bad_NoData: r.csv row 1 has no deviation");
    assertThat(c.stats().readErrors()).isEqualTo(1);
    assertThat(drop.resolve("error")).doesNotExist();
  }

  @Test
  void filesOverTheSizeLimitAreRefusedUnread() throws Exception {
    start(Map.of("format", "csv", "stableFor", "0s", "maxFileBytes", "1KB"));
    drop("big.csv", HEADER + "A-1,true,0.1\n".repeat(200));
    assertThat(awaitReason("big.csv")).contains("more than the 1024 of option maxFileBytes");
  }

  @Test
  void symbolicLinksAreNotFollowed() throws Exception {
    Path secret = state.resolve("secret.csv");
    Files.writeString(secret, HEADER + "SECRET,true,0\n");
    start(Map.of("format", "csv", "stableFor", "0s"));
    Files.createSymbolicLink(drop.resolve("link.csv"), secret);
    assertThat(awaitReason("link.csv")).contains("not a regular file");
    assertThat(link.samplesOf("part/id")).noneMatch(s -> s.value().equals(Value.of("SECRET")));
    assertThat(secret).exists();
  }

  @Test
  void jsonAndXmlByExtension() throws Exception {
    List<Tag> tags =
        List.of(
            Tag.of("part/id", "inspection/part", DataType.STRING),
            Tag.of("result/pass", "inspection/result/pass", DataType.BOOL));
    start(machine(drop, Map.of("stableFor", "0s"), tags));
    drop("a.json", "[{\"inspection\":{\"part\":\"J-1\",\"result\":{\"pass\":true}}}]");
    awaitFile(done("a.json"));
    drop("b.XML", "<inspection><part>X-1</part><result><pass>0</pass></result></inspection>");
    awaitFile(done("b.XML"));
    assertThat(link.samplesOf("part/id"))
        .extracting(Sample::value)
        .containsExactly(Value.of("J-1"), Value.of("X-1"));
    assertThat(link.latest.get("result/pass").value()).isEqualTo(Value.of(false));
  }

  @Test
  void anXmlFileWithADoctypeGoesToErrorUnread() throws Exception {
    Path secret = state.resolve("secret.txt");
    Files.writeString(secret, "TOP-SECRET");
    List<Tag> tags = List.of(Tag.of("part/id", "r/part", DataType.STRING));
    start(machine(drop, Map.of("format", "xml", "stableFor", "0s"), tags));
    drop(
        "x.xml",
        "<!DOCTYPE r [<!ENTITY s SYSTEM \"" + secret.toUri() + "\">]><r><part>&s;</part></r>");
    assertThat(awaitReason("x.xml")).contains("DOCTYPE");
    assertThat(link.latest.get("part/id").quality().reason()).startsWith("Bad_DecodingError");
    assertThat(link.latest.get("part/id").value()).isNotEqualTo(Value.of("TOP-SECRET"));
  }

  @Test
  void aNameReusedByTheMachineDoesNotOverwriteEarlierResults() throws Exception {
    start(Map.of("format", "csv", "stableFor", "0s"));
    drop("result.csv", HEADER + "A-1,true,0.1\n");
    awaitFile(done("result.csv"));
    drop("result.csv", HEADER + "A-2,true,0.1\n");
    await().atMost(WAIT).until(() -> listing(drop.resolve("done")).size() == 2);
    assertThat(Files.readString(done("result.csv"))).contains("A-1");
    assertThat(link.samplesOf("part/id")).hasSize(2);
  }

  @Test
  void aCrashAfterTheHandOverDoesNotDeliverTheFileAgain() throws Exception {
    Path file = drop("r.csv", HEADER + "A-1,true,0.1\n");
    // What the disk holds when the process dies between the hand-over and the move.
    new DeliveryJournal(state, "cmm-01")
        .write(
            new DeliveryJournal.Entry(
                "r.csv",
                Files.size(file),
                Files.getLastModifiedTime(file).toMillis(),
                sha256(file),
                DropFolder.DONE,
                ""));
    start(Map.of("format", "csv", "stableFor", "0s"));
    // A later file read proves the connector has been through the first one.
    drop("s.csv", HEADER + "A-2,true,0.1\n");
    awaitFile(done("s.csv"));
    assertThat(done("r.csv")).exists();
    assertThat(link.samplesOf("part/id"))
        .extracting(Sample::value)
        .containsExactly(Value.of("A-2"));
    // The journal is cleared after the move, on the connector's thread.
    Path journal = new DeliveryJournal(state, "cmm-01").path();
    await().atMost(WAIT).until(() -> Files.notExists(journal));
  }

  @Test
  void aCrashBeforeTheHandOverDeliversTheFileOnce() throws Exception {
    drop("r.csv", HEADER + "A-1,true,0.1\n");
    // A journal of an earlier file of the same name that has been moved already.
    new DeliveryJournal(state, "cmm-01")
        .write(new DeliveryJournal.Entry("r.csv", 3, 0, "00", DropFolder.DONE, ""));
    start(Map.of("format", "csv", "stableFor", "0s"));
    awaitFile(done("r.csv"));
    drop("s.csv", HEADER + "A-2,true,0.1\n");
    awaitFile(done("s.csv"));
    assertThat(link.samplesOf("part/id"))
        .extracting(Sample::value)
        .containsExactly(Value.of("A-1"), Value.of("A-2"));
  }

  @Test
  void aMoveThatFailsIsRetriedWithoutDeliveringAgain() throws Exception {
    // A plain file where done/ should be: every move fails until it is gone.
    Path blocker = Files.writeString(drop.resolve("done"), "");
    FileDropConnector c = start(Map.of("format", "csv", "stableFor", "0s"));
    drop("r.csv", HEADER + "A-1,true,0.1\n");
    drop("s.csv", HEADER + "A-2,true,0.1\n");
    await().atMost(WAIT).until(() -> c.stats().lastError().contains("cannot be moved"));
    assertThat(link.samplesOf("part/id"))
        .extracting(Sample::value)
        .containsExactly(Value.of("A-1"));
    Files.delete(blocker);
    awaitFile(done("s.csv"));
    assertThat(done("r.csv")).exists();
    assertThat(link.samplesOf("part/id"))
        .extracting(Sample::value)
        .containsExactly(Value.of("A-1"), Value.of("A-2"));
  }

  @Test
  void aStateDirectoryThatCannotBeWrittenStopsTheReading() throws Exception {
    // A folder where the journal's temporary file should go: the journal cannot be written.
    Files.createDirectories(state.resolve("cmm-01.file-journal.tmp"));
    Files.writeString(state.resolve("cmm-01.file-journal.tmp").resolve("x"), "");
    FileDropConnector c = start(Map.of("format", "csv", "stableFor", "0s"));
    Path file = drop("r.csv", HEADER + "A-1,true,0.1\n");
    await().atMost(WAIT).until(() -> c.stats().lastError().contains("could not be journaled"));
    assertThat(link.batches).isEmpty();
    assertThat(file).exists();
  }

  @Test
  void aRestartNeitherLosesNorRepeatsFiles() throws Exception {
    FileDropConnector first = start(Map.of("format", "csv", "stableFor", "0s"));
    for (int i = 0; i < 5; i++) {
      drop("r" + i + ".csv", HEADER + "A-" + i + ",true,0.1\n");
    }
    awaitFile(done("r4.csv"));
    first.close();
    for (int i = 5; i < 10; i++) {
      drop("r" + i + ".csv", HEADER + "A-" + i + ",true,0.1\n");
    }
    start(Map.of("format", "csv", "stableFor", "0s"));
    await().atMost(WAIT).until(() -> listing(drop.resolve("done")).size() == 10);
    List<Value> parts = link.samplesOf("part/id").stream().map(Sample::value).toList();
    assertThat(parts).hasSize(10).doesNotHaveDuplicates();
  }

  @Test
  void jobWritesBecomeOneJobFileInTheOutbox() throws Exception {
    // A window that three writes in a row fall within even on a busy build machine.
    FileDropConnector c = start(Map.of("format", "csv", "jobWindow", "2s"));
    CompletableFuture<Void> order = c.write("job/order", Value.of("PO-4711"));
    CompletableFuture<Void> product = c.write("job/product", Value.of("HUB-FLANGE-12"));
    CompletableFuture<Void> target = c.write("job/target", Value.of(250L));
    CompletableFuture.allOf(order, product, target).get(15, TimeUnit.SECONDS);
    List<Path> jobs = listing(drop.resolve("jobs"));
    assertThat(jobs)
        .singleElement()
        .satisfies(
            p ->
                assertThat(p.getFileName().toString()).matches("job-\\d{8}T\\d{9}Z-000001\\.json"));
    JsonNode job = new ObjectMapper().readTree(jobs.get(0).toFile());
    assertThat(job.at("/job/order").asText()).isEqualTo("PO-4711");
    assertThat(job.at("/job/product").asText()).isEqualTo("HUB-FLANGE-12");
    assertThat(job.at("/job/target").asLong()).isEqualTo(250);
    assertThat(link.latest.get("job/order").value()).as("read back").isEqualTo(Value.of("PO-4711"));

    c.write("job/order", Value.of("PO-4712")).get(15, TimeUnit.SECONDS);
    Path second =
        listing(drop.resolve("jobs")).stream()
            .filter(p -> p.getFileName().toString().endsWith("-000002.json"))
            .findFirst()
            .orElseThrow();
    JsonNode next = new ObjectMapper().readTree(second.toFile());
    assertThat(next.at("/job/order").asText()).isEqualTo("PO-4712");
    assertThat(next.at("/job/target").asLong()).as("the last value written stays").isEqualTo(250);
  }

  @Test
  void jobFilesAsCsvInAnOutboxOfTheirOwn() throws Exception {
    Path outbox = state.resolve("cmm-jobs");
    FileDropConnector c =
        start(
            Map.of(
                "format",
                "csv",
                "jobFormat",
                "csv",
                "outbox",
                outbox.toString(),
                "jobWindow",
                "0s"));
    c.write("job/product", Value.of("FLANGE, \"12\"")).get(15, TimeUnit.SECONDS);
    Path job = listing(outbox).getFirst();
    assertThat(Files.readString(job)).isEqualTo("job/product\r\n\"FLANGE, \"\"12\"\"\"\r\n");
    assertThat(
            new CsvResults(',', StandardCharsets.UTF_8, 1, List.of("job/product"))
                .parse(Files.readAllBytes(job))
                .get(0)
                .field("job/product"))
        .contains("FLANGE, \"12\"");
  }

  @Test
  void writesThatDoNotFitAreRefused() {
    FileDropConnector c = start(Map.of("format", "csv"));
    assertThat(c.write("part/id", Value.of("x")))
        .failsWithin(WAIT)
        .withThrowableOfType(ExecutionException.class)
        .withCauseInstanceOf(WriteException.class)
        .withMessageContaining("not defined writable");
    assertThat(c.write("job/target", Value.of(-1L)))
        .failsWithin(WAIT)
        .withThrowableOfType(ExecutionException.class)
        .withMessageContaining("out of the range of uint32");
    assertThat(c.write("nope", Value.of(1L)))
        .failsWithin(WAIT)
        .withThrowableOfType(ExecutionException.class)
        .withMessageContaining("no such tag");
    assertThat(c.stats().writeErrors()).isEqualTo(3);
    assertThat(drop.resolve("jobs")).doesNotExist();
  }

  @Test
  void aMissingFolderIsALinkDownUntilItAppears() throws Exception {
    Path later = drop.resolve("mnt");
    FileDropConnector c =
        start(machine(later, Map.of("format", "csv", "stableFor", "0s"), cmmTags()));
    await().atMost(WAIT).until(() -> c.stats().status() == LinkStatus.DISCONNECTED);
    // The link hears of it just after the status changes, on the connector's thread.
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(link.events)
                    .singleElement()
                    .asString()
                    .startsWith("disconnected: the drop folder"));
    Files.createDirectories(later);
    // Written under a temporary name and renamed: with stableFor 0s a file written in place can
    // be read while still empty (the watcher wakes the connector on its creation).
    Path temp = Files.writeString(later.resolve("r.csv.tmp"), HEADER + "A-1,true,0.1\n");
    Files.move(temp, later.resolve("r.csv"), StandardCopyOption.ATOMIC_MOVE);
    await().atMost(WAIT).until(() -> Files.exists(later.resolve("done/r.csv")));
    assertThat(c.stats().status()).isEqualTo(LinkStatus.CONNECTED);
    assertThat(link.events).last().isEqualTo("connected");
  }

  @Test
  void closeStopsEveryThreadAndFailsPendingWrites() throws Exception {
    FileDropConnector c = start(Map.of("format", "csv", "jobWindow", "1h"));
    CompletableFuture<Void> pending = c.write("job/order", Value.of("PO-1"));
    drop("r.csv", HEADER + "A-1,true,0.1\n");
    c.close();
    assertThat(pending).isCompletedExceptionally();
    // A pool's worker signals termination before it has quite exited: give it a moment.
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(Thread.getAllStackTraces().keySet())
                    .noneMatch(
                        t -> t.getName().contains("file-drop") && t.getName().endsWith("cmm-01")));
    assertThat(c.stats().status()).isEqualTo(LinkStatus.STOPPED);
  }

  private static List<Path> listing(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(folder)) {
      return s.filter(Files::isRegularFile).sorted().toList();
    }
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }
}

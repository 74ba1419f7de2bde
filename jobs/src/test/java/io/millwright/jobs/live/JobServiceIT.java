package io.millwright.jobs.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.millwright.core.machine.MachineDefinition;
import io.millwright.core.sample.Sample;
import io.millwright.core.sample.Value;
import io.millwright.jobs.book.ImportOutcome;
import io.millwright.jobs.book.Job;
import io.millwright.jobs.book.JobBook;
import io.millwright.jobs.book.JobBookTest;
import io.millwright.jobs.book.JobRules;
import io.millwright.jobs.book.JobStatus;
import io.millwright.jobs.erp.Confirmation;
import io.millwright.jobs.erp.ErpOrder;
import io.millwright.jobs.erp.Incoming;
import io.millwright.jobs.journal.JobJournal;
import io.millwright.uns.sparkplug.edge.DeviceHandle;
import io.millwright.uns.sparkplug.edge.EdgeNodeConfig;
import io.millwright.uns.sparkplug.edge.EdgeNodeSession;
import io.millwright.uns.testkit.TestBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job service against a real broker and a real Sparkplug edge node standing in for a connector:
 * DCMD writes in, the machine's read-back and counters out, transitions on the events topic,
 * messages for the ERP in the journal, and nothing written twice across a restart. The connector's
 * own writes to OPC UA and Modbus are tested in the connect module and, with the whole chain, by
 * the demo test in the app.
 */
class JobServiceIT {

  @RegisterExtension static final TestBroker BROKER = new TestBroker();

  @TempDir Path dir;

  /** A machine behind an edge node: shows what is written to it (unless deaf), counts parts. */
  static final class Press {
    final Map<String, Value> shown = new ConcurrentHashMap<>();
    final List<String> written = new CopyOnWriteArrayList<>();
    final AtomicLong good = new AtomicLong();
    volatile boolean deaf;
    DeviceHandle device;

    Press() {
      shown.put("job/order", Value.of(""));
      shown.put("job/product", Value.of(""));
      shown.put("job/target", Value.of(0L));
    }

    void write(String tag, Value value) {
      written.add(tag + "=" + value);
      if (!deaf) {
        shown.put(tag, value);
        device.publish(tag, Sample.good(System.currentTimeMillis(), value));
      }
    }

    void report() {
      long t = System.currentTimeMillis();
      shown.forEach((tag, v) -> device.publishForced(tag, Sample.good(t, v)));
      device.publishForced("counts/good", Sample.good(t, Value.of(good.get())));
      device.publishForced("counts/scrap", Sample.good(t, Value.of(0L)));
    }
  }

  /**
   * The dispatch timeout of a machine that answers: a bound only, long enough for the read-back's
   * two trips through the broker on a busy machine (at 500 ms a slow round trip was written again).
   */
  static final Duration ANSWERS = Duration.ofSeconds(5);

  /** The dispatch timeout of a deaf machine, which never reads back: it only sets the pace. */
  static final Duration DEAF = Duration.ofMillis(500);

  static JobRules rules(Duration dispatchTimeout) {
    return JobBookTest.rules().withTiming(dispatchTimeout, 2, Duration.ofSeconds(1));
  }

  JobService service(JobJournal journal, Duration dispatchTimeout) {
    JobBook book = new JobBook(rules(dispatchTimeout));
    book.restore(journal.jobs(), journal.lastJobId());
    return new JobService(
        book,
        journal,
        BROKER.endpoint(),
        "jobs",
        "acme",
        "plant-1",
        () -> {},
        Duration.ofDays(1),
        Clock.systemUTC());
  }

  static ErpOrder order(String number, long quantity) {
    return new ErpOrder(
        number,
        "0010",
        "BRACKET",
        quantity,
        Optional.empty(),
        Map.of(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        0);
  }

  @Test
  void aJobGoesToTheMachineRunsToItsTargetAndIsNeverWrittenAgain() throws Exception {
    MachineDefinition pressDef = JobBookTest.machine("press-01", "line-1");
    Press press = new Press();
    Mqtt5BlockingClient watcher = BROKER.client("job-watcher");
    try (var events = watcher.publishes(MqttGlobalPublishFilter.ALL);
        EdgeNodeSession edge =
            new EdgeNodeSession(
                BROKER.endpoint(), EdgeNodeConfig.of("plant-1", "edge-1", dir.resolve("edge")))) {
      watcher
          .subscribeWith()
          .topicFilter("acme/plant-1/_jobs/events")
          .qos(MqttQos.AT_LEAST_ONCE)
          .send();
      press.device = edge.device("press-01", pressDef.tags(), press::write);
      edge.start();
      assertThat(edge.awaitOnline(Duration.ofSeconds(30))).isTrue();
      press.report();

      long id;
      JobJournal journal = JobJournal.open(dir.resolve("journal"), "plant-1");
      JobService service = service(journal, ANSWERS);
      try {
        service.start();
        await().atMost(Duration.ofSeconds(30)).until(service::online);
        press.report();
        List<ImportOutcome> r =
            service
                .importOrders(List.of(new Incoming.Order(order("4711", 3))), "erp")
                .get(10, TimeUnit.SECONDS);
        id = ((ImportOutcome.Created) r.get(0)).job().id();
        service
            .command(b -> b.release(id, Optional.empty(), "ann", System.currentTimeMillis()))
            .get(10, TimeUnit.SECONDS);
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> status(service, id) == JobStatus.DISPATCHED);
        assertThat(press.written)
            .containsExactly("job/product=BRACKET", "job/target=3", "job/order=4711/0010");

        press.good.set(2);
        press.report();
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> status(service, id) == JobStatus.RUNNING);
        press.good.set(3);
        press.report();
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> status(service, id) == JobStatus.COMPLETED);
      } finally {
        service.close();
        journal.close();
      }
      List<String> seen = new ArrayList<>();
      while (!seen.contains("completed")) {
        var p = events.receive(10, TimeUnit.SECONDS).orElseThrow();
        String json = new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8);
        seen.add(json.replaceAll(".*\"to\":\"([a-z]+)\".*", "$1"));
      }
      assertThat(seen)
          .containsExactly(
              "imported", "released", "released", "dispatched", "running", "completed");

      // A restart: the completed job is in the journal and the machine still shows it.
      int writesBefore = press.written.size();
      try (JobJournal again = JobJournal.open(dir.resolve("journal"), "plant-1")) {
        List<Confirmation> told = again.undelivered(100);
        assertThat(told)
            .extracting(Confirmation::status)
            .containsSubsequence("RELEASED", "DISPATCHED", "RUNNING", "COMPLETED");
        assertThat(told.getLast().good()).isEqualTo(3);
        JobService restarted = service(again, ANSWERS);
        try {
          restarted.start();
          await().atMost(Duration.ofSeconds(30)).until(restarted::online);
          press.report();
          Thread.sleep(1_500);
          assertThat(status(restarted, id)).isEqualTo(JobStatus.COMPLETED);
        } finally {
          restarted.close();
        }
      }
      assertThat(press.written).hasSize(writesBefore);
    }
  }

  @Test
  void aMachineThatDoesNotTakeTheJobFailsTheDispatchWithTheReason() throws Exception {
    MachineDefinition pressDef = JobBookTest.machine("press-01", "line-1");
    Press press = new Press();
    press.deaf = true;
    try (EdgeNodeSession edge =
            new EdgeNodeSession(
                BROKER.endpoint(), EdgeNodeConfig.of("plant-1", "edge-2", dir.resolve("edge")));
        JobJournal journal = JobJournal.open(dir.resolve("journal"), "plant-1")) {
      press.device = edge.device("press-01", pressDef.tags(), press::write);
      edge.start();
      assertThat(edge.awaitOnline(Duration.ofSeconds(30))).isTrue();
      JobService service = service(journal, DEAF);
      try {
        service.start();
        await().atMost(Duration.ofSeconds(30)).until(service::online);
        press.report();
        long id =
            ((ImportOutcome.Created)
                    service
                        .importOrders(List.of(new Incoming.Order(order("9", 5))), "erp")
                        .get(10, TimeUnit.SECONDS)
                        .get(0))
                .job()
                .id();
        service
            .command(b -> b.release(id, Optional.empty(), "ann", System.currentTimeMillis()))
            .get(10, TimeUnit.SECONDS);
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> job(service, id).note().orElse("").contains("did not take the job"));
        Job failed = job(service, id);
        assertThat(failed.status()).isEqualTo(JobStatus.RELEASED);
        assertThat(failed.note())
            .contains("press-01 did not take the job: job/order reads '' after 2 writes");
        assertThat(press.written).filteredOn(w -> w.startsWith("job/order=")).hasSize(2);
        assertThat(journal.undelivered(100))
            .extracting(Confirmation::status)
            .contains("DISPATCH_FAILED");
      } finally {
        service.close();
      }
    }
  }

  static JobStatus status(JobService s, long id) throws Exception {
    return job(s, id).status();
  }

  static Job job(JobService s, long id) throws Exception {
    return s.query(b -> b.job(id).orElseThrow()).get(10, TimeUnit.SECONDS);
  }
}

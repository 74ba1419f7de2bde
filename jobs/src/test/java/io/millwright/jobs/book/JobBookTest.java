package io.millwright.jobs.book;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.millwright.core.machine.DataType;
import io.millwright.core.machine.MachineDefinition;
import io.millwright.core.machine.Protocol;
import io.millwright.core.machine.Scale;
import io.millwright.core.machine.Tag;
import io.millwright.core.sample.Value;
import io.millwright.jobs.erp.ErpOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The job book's decisions, machine by machine, without a broker (JobServiceIT has one). */
public class JobBookTest {

  static Tag tag(String name, DataType type, boolean writable) {
    return new Tag(name, "n:" + name, type, "", Scale.IDENTITY, 0, Optional.empty(), writable);
  }

  public static MachineDefinition machine(String id, String line) {
    return new MachineDefinition(
        id,
        id,
        "area",
        line,
        Protocol.OPCUA,
        "opc.tcp://127.0.0.1:4840",
        Map.of(),
        null,
        List.of(
            tag("job/order", DataType.STRING, true),
            tag("job/product", DataType.STRING, true),
            tag("job/target", DataType.UINT32, true),
            tag("mould/setpoint", DataType.FLOAT32, true),
            tag("counts/good", DataType.UINT32, false),
            tag("counts/scrap", DataType.UINT32, false)));
  }

  public static JobRules rules() {
    Map<String, List<String>> products = new LinkedHashMap<>();
    products.put("CLIP", List.of("imm-01", "imm-02"));
    products.put("BRACKET", List.of("press-01"));
    return JobRules.of(
            List.of(
                machine("press-01", "line-1"),
                machine("imm-01", "line-2"),
                machine("imm-02", "line-2")))
        .withProducts(products)
        .withGroups(Map.of("moulding", List.of("imm-01", "imm-02")));
  }

  static ErpOrder order(String number, String product, long quantity, String machine) {
    return new ErpOrder(
        number,
        "0010",
        product,
        quantity,
        Optional.ofNullable(machine),
        Map.of(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        0);
  }

  /** A machine that shows what was last written to it, and counts parts. */
  static final class Machine {
    final String id;
    final Map<String, Value> shown = new LinkedHashMap<>();
    long good;
    long scrap;

    Machine(String id) {
      this.id = id;
      shown.put("job/order", Value.of(""));
      shown.put("job/product", Value.of(""));
      shown.put("job/target", Value.of(0L));
    }

    void take(MachineWrite w) {
      for (Map.Entry<String, Value> v : w.values()) {
        shown.put(v.getKey(), v.getValue());
      }
    }

    Map<String, Value> report() {
      Map<String, Value> out = new LinkedHashMap<>(shown);
      out.put("counts/good", Value.of(good));
      out.put("counts/scrap", Value.of(scrap));
      return out;
    }
  }

  long now = 1_000_000;
  final JobBook book = new JobBook(rules().withRelease(false, true));
  final List<Changes> drained = new ArrayList<>();

  /** Drains the book and hands each write to the machine it is for. */
  void deliver(Machine... machines) {
    Changes c = book.drain();
    drained.add(c);
    for (MachineWrite w : c.writes()) {
      for (Machine m : machines) {
        if (m.id.equals(w.machine())) {
          m.take(w);
        }
      }
    }
  }

  List<String> told() {
    List<String> out = new ArrayList<>();
    drained.forEach(
        c -> c.outgoing().forEach(o -> out.add(o.status() + " " + o.good() + "/" + o.scrap())));
    return out;
  }

  Job created(ImportOutcome r) {
    assertThat(r).isInstanceOf(ImportOutcome.Created.class);
    return ((ImportOutcome.Created) r).job();
  }

  @Test
  void aJobRunsFromImportToCompletionAndTheErpHearsEachStep() {
    Machine press = new Machine("press-01");
    book.machineOnline("press-01", now);
    book.machineValues("press-01", press.report(), now);
    Job job = created(book.importOrder(order("4711", "BRACKET", 3, "press-01"), "erp", now));
    assertThat(job.status()).isEqualTo(JobStatus.IMPORTED);

    book.release(job.id(), Optional.empty(), "ann", now);
    deliver(press);
    // Free machine, automatic dispatch: written at once, recipe and product before the order.
    assertThat(press.shown.get("job/order")).isEqualTo(Value.of("4711/0010"));
    assertThat(press.shown.get("job/target")).isEqualTo(Value.of(3L));
    assertThat(book.job(job.id()).orElseThrow().dispatching()).isTrue();

    now += 300;
    book.machineValues("press-01", press.report(), now);
    assertThat(book.job(job.id()).orElseThrow().status()).isEqualTo(JobStatus.DISPATCHED);

    press.good = 2;
    press.scrap = 1;
    book.machineValues("press-01", press.report(), now += 1000);
    Job running = book.job(job.id()).orElseThrow();
    assertThat(running.status()).isEqualTo(JobStatus.RUNNING);
    assertThat(running.good()).isEqualTo(2);
    assertThat(running.scrap()).isEqualTo(1);

    press.good = 3;
    book.machineValues("press-01", press.report(), now += 1000);
    deliver(press);
    Job done = book.job(job.id()).orElseThrow();
    assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(done.good()).isEqualTo(3);
    assertThat(told())
        .containsExactly("RELEASED 0/0", "DISPATCHED 0/0", "RUNNING 2/1", "COMPLETED 3/1");
  }

  @Test
  void partsCountFromTheWriteEvenBeforeTheReadBackArrives() {
    Machine press = new Machine("press-01");
    press.good = 500;
    book.machineOnline("press-01", now);
    book.machineValues("press-01", press.report(), now);
    Job job = created(book.importOrder(order("4711", "BRACKET", 10, "press-01"), "erp", now));
    press.good = 502; // the last parts of what ran before, reported before the release
    book.machineValues("press-01", press.report(), now += 100);
    book.release(job.id(), Optional.empty(), "ann", now);
    deliver(press);
    press.good = 503; // made with the new job, reported with its read-back
    book.machineValues("press-01", press.report(), now += 200);
    press.good = 506;
    book.machineValues("press-01", press.report(), now += 200);
    assertThat(book.job(job.id()).orElseThrow().good()).isEqualTo(4);
  }

  @Test
  void anOrderImportedThreeTimesOutOfOrderAndAcrossARestartIsOneJob() {
    ErpOrder a = order("1", "BRACKET", 5, null);
    ErpOrder b = order("2", "CLIP", 7, "moulding");
    ErpOrder c = order("3", "CLIP", 9, null);
    List<ErpOrder> replay = new ArrayList<>(List.of(a, b, c, a, b, c, a, b, c));
    Collections.shuffle(replay, new java.util.Random(7));
    JobBook first = new JobBook(rules());
    List<Job> journal = new ArrayList<>();
    for (int i = 0; i < replay.size(); i++) {
      first.importOrder(replay.get(i), "erp", now + i);
      journal.addAll(first.drain().jobs());
      if (i == 4) {
        // A restart: a new book from what the journal holds, then the rest of the replay.
        first = new JobBook(rules());
        first.restore(last(journal), 0);
      }
    }
    assertThat(first.jobs()).hasSize(3);
    assertThat(first.jobs())
        .extracting(j -> j.order().orderNumber())
        .containsExactlyInAnyOrder("1", "2", "3");
    JobBook serial = new JobBook(rules());
    for (ErpOrder o : List.of(a, b, c)) {
      serial.importOrder(o, "erp", now);
    }
    assertThat(first.jobs())
        .extracting(Job::order)
        .containsExactlyInAnyOrderElementsOf(serial.jobs().stream().map(Job::order).toList());
  }

  static List<Job> last(List<Job> journal) {
    Map<Long, Job> byId = new LinkedHashMap<>();
    journal.forEach(j -> byId.put(j.id(), j));
    return List.copyOf(byId.values());
  }

  @Test
  void ordersTheSiteCannotRunAreDeadLettersAndTheErpIsTold() {
    assertThat(book.importOrder(order("1", "WIDGET", 5, null), "erp", now))
        .isEqualTo(
            new ImportOutcome.Rejected("unknown product \"WIDGET\"; the site makes CLIP, BRACKET"));
    assertThat(book.importOrder(order("2", "CLIP", 5, "lathe-9"), "erp", now))
        .isEqualTo(new ImportOutcome.Rejected("unknown machine or machine group \"lathe-9\""));
    assertThat(book.importOrder(order("3", "CLIP", 0, null), "erp", now))
        .isEqualTo(new ImportOutcome.Rejected("quantity 0 is not positive"));
    assertThat(book.importOrder(order("4", "CLIP", 5, "press-01"), "erp", now))
        .isEqualTo(
            new ImportOutcome.Rejected(
                "press-01 does not make CLIP (CLIP is made on imm-01, imm-02)"));
    ErpOrder recipe =
        new ErpOrder(
            "5",
            "",
            "CLIP",
            5,
            Optional.empty(),
            Map.of("mould/setpoint", "hot"),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            0);
    assertThat(book.importOrder(recipe, "erp", now)).isInstanceOf(ImportOutcome.Rejected.class);
    Changes c = book.drain();
    assertThat(c.jobs()).isEmpty();
    assertThat(c.deadLetters()).hasSize(5);
    assertThat(c.outgoing()).extracting(Outgoing::status).containsOnly("REJECTED");
    assertThat(c.outgoing())
        .extracting(Outgoing::orderNumber)
        .containsExactly("1", "2", "3", "4", "5");
  }

  @Test
  void aChangedOrderUpdatesAQueuedJobButNotOneUnderWay() {
    Machine press = new Machine("press-01");
    Job job = created(book.importOrder(order("1", "BRACKET", 5, null), "erp", now));
    assertThat(book.importOrder(order("1", "BRACKET", 8, null), "erp", now))
        .isInstanceOf(ImportOutcome.Updated.class);
    assertThat(book.job(job.id()).orElseThrow().order().quantity()).isEqualTo(8);
    book.machineOnline("press-01", now);
    book.machineValues("press-01", press.report(), now);
    book.release(job.id(), Optional.empty(), "ann", now);
    deliver(press);
    book.machineValues("press-01", press.report(), now);
    assertThat(book.importOrder(order("1", "BRACKET", 9, null), "erp", now))
        .isInstanceOf(ImportOutcome.Rejected.class);
    List<Outgoing> refused = book.drain().outgoing();
    assertThat(refused).extracting(Outgoing::status).contains("CHANGE_REFUSED");
    assertThat(book.job(job.id()).orElseThrow().order().quantity()).isEqualTo(8);
    assertThat(book.importOrder(order("1", "BRACKET", 8, null), "erp", now))
        .isInstanceOf(ImportOutcome.Duplicate.class);
  }

  @Test
  void aMachineThatNeverReadsTheJobBackFailsTheDispatchAfterItsAttempts() {
    Machine deaf = new Machine("press-01");
    book.machineOnline("press-01", now);
    book.machineValues("press-01", deaf.report(), now);
    Job job = created(book.importOrder(order("1", "BRACKET", 5, null), "erp", now));
    book.release(job.id(), Optional.empty(), "ann", now);
    int writes = book.drain().writes().size();
    for (int i = 0; i < 3; i++) {
      now += 10_001;
      book.tick(now);
      writes += book.drain().writes().size();
    }
    Job failed = book.job(job.id()).orElseThrow();
    assertThat(writes).isEqualTo(3);
    assertThat(failed.status()).isEqualTo(JobStatus.RELEASED);
    assertThat(failed.dispatching()).isFalse();
    assertThat(failed.note())
        .contains("press-01 did not take the job: job/order reads '' after 3 writes");
    // Not again by itself until the retry pause is over.
    book.tick(now += 1000);
    assertThat(book.drain().writes()).isEmpty();
    book.tick(now += 60_000);
    assertThat(book.drain().writes()).hasSize(1);
  }

  @Test
  void aMachineOfflineMidJobPausesItAndItGoesOnWhenTheMachineStillHasIt() {
    Machine press = new Machine("press-01");
    book.machineOnline("press-01", now);
    book.machineValues("press-01", press.report(), now);
    Job job = created(book.importOrder(order("1", "BRACKET", 100, null), "erp", now));
    book.release(job.id(), Optional.empty(), "ann", now);
    deliver(press);
    book.machineValues("press-01", press.report(), now);
    press.good = 10;
    book.machineValues("press-01", press.report(), now += 1000);
    book.machineOffline("press-01", now);
    assertThat(book.job(job.id()).orElseThrow().status()).isEqualTo(JobStatus.PAUSED);
    press.good = 25; // it kept making parts while the link was down
    book.machineOnline("press-01", now += 5000);
    book.machineValues("press-01", press.report(), now);
    Job back = book.job(job.id()).orElseThrow();
    assertThat(back.status()).isEqualTo(JobStatus.RUNNING);
    assertThat(back.good()).isEqualTo(25);
    deliver(press);
    assertThat(drained.stream().flatMap(c -> c.writes().stream()).count()).isEqualTo(1);
  }

  @Test
  void aMachineBackWithoutItsJobGetsItAgainForThePartsStillToMake() {
    Machine press = new Machine("press-01");
    book.machineOnline("press-01", now);
    book.machineValues("press-01", press.report(), now);
    Job job = created(book.importOrder(order("1", "BRACKET", 100, null), "erp", now));
    book.release(job.id(), Optional.empty(), "ann", now);
    deliver(press);
    book.machineValues("press-01", press.report(), now);
    press.good = 40;
    book.machineValues("press-01", press.report(), now += 1000);
    book.machineOffline("press-01", now);
    Machine restarted = new Machine("press-01"); // a PLC restart: job fields and counters gone
    book.machineOnline("press-01", now += 1000);
    book.machineValues("press-01", restarted.report(), now);
    deliver(restarted);
    assertThat(restarted.shown.get("job/target")).isEqualTo(Value.of(60L));
    book.machineValues("press-01", restarted.report(), now += 300);
    restarted.good = 5;
    book.machineValues("press-01", restarted.report(), now += 300);
    Job j = book.job(job.id()).orElseThrow();
    assertThat(j.status()).isEqualTo(JobStatus.RUNNING);
    assertThat(j.good()).isEqualTo(45);
  }

  @Test
  void aJobRunningWhenTheSiteStoppedGetsItAgainFromAMachineBackWithoutIt() {
    // The site stopped (or its jobs role died) before it heard the machine go offline: the
    // journal says running. The machine comes back without the job: it is written again, as for a
    // job paused by the machine.
    Machine press = new Machine("press-01");
    book.machineOnline("press-01", now);
    book.machineValues("press-01", press.report(), now);
    Job job = created(book.importOrder(order("1", "BRACKET", 100, null), "erp", now));
    book.release(job.id(), Optional.empty(), "ann", now);
    deliver(press);
    book.machineValues("press-01", press.report(), now);
    press.good = 40;
    book.machineValues("press-01", press.report(), now += 1000);
    assertThat(book.job(job.id()).orElseThrow().status()).isEqualTo(JobStatus.RUNNING);

    JobBook after = new JobBook(rules().withRelease(false, true));
    after.restore(List.of(book.job(job.id()).orElseThrow()), job.id());
    Machine restarted = new Machine("press-01");
    after.machineOnline("press-01", now += 60_000);
    after.machineValues("press-01", restarted.report(), now);
    after.drain().writes().forEach(restarted::take);
    assertThat(restarted.shown.get("job/target")).isEqualTo(Value.of(60L));
    after.machineValues("press-01", restarted.report(), now += 300);
    restarted.good = 5;
    after.machineValues("press-01", restarted.report(), now += 300);
    Job j = after.job(job.id()).orElseThrow();
    assertThat(j.status()).isEqualTo(JobStatus.RUNNING);
    assertThat(j.good()).isEqualTo(45);
  }

  @Test
  void aCompletedJobIsNeverWrittenAgainEvenAfterARestart() {
    Machine press = new Machine("press-01");
    book.machineOnline("press-01", now);
    book.machineValues("press-01", press.report(), now);
    Job job = created(book.importOrder(order("1", "BRACKET", 2, null), "erp", now));
    book.release(job.id(), Optional.empty(), "ann", now);
    deliver(press);
    book.machineValues("press-01", press.report(), now);
    press.good = 2;
    book.machineValues("press-01", press.report(), now);
    deliver(press);
    List<Job> saved = new ArrayList<>();
    drained.forEach(c -> saved.addAll(c.jobs()));
    JobBook after = new JobBook(rules());
    after.restore(last(saved), 0);
    after.machineOnline("press-01", now);
    after.machineValues("press-01", press.report(), now);
    after.tick(now + 600_000);
    assertThat(after.drain().writes()).isEmpty();
    assertThat(after.importOrder(order("1", "BRACKET", 2, null), "erp", now))
        .isInstanceOf(ImportOutcome.Duplicate.class);
    assertThatThrownBy(() -> after.dispatch(job.id(), "ann", now))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("completed");
  }

  @Test
  void theQueueRunsByPriorityThenReleaseAndCanBeReordered() {
    JobBook manual = new JobBook(rules().withRelease(false, false));
    long a = created(manual.importOrder(order("a", "BRACKET", 1, null), "erp", now)).id();
    long b = created(manual.importOrder(order("b", "BRACKET", 1, null), "erp", now)).id();
    ErpOrder urgent =
        new ErpOrder(
            "c",
            "0010",
            "BRACKET",
            1,
            Optional.empty(),
            Map.of(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            5);
    long c = created(manual.importOrder(urgent, "erp", now)).id();
    for (long id : List.of(a, b, c)) {
      manual.release(id, Optional.empty(), "ann", now);
    }
    assertThat(manual.queue("press-01")).extracting(Job::id).containsExactly(c, a, b);
    manual.reorder("press-01", List.of(b, a, c), "ann", now);
    assertThat(manual.queue("press-01")).extracting(Job::id).containsExactly(b, a, c);
    assertThatThrownBy(() -> manual.reorder("press-01", List.of(b, a), "ann", now))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aBusyMachineTakesNoSecondJobAndAForeignOrderIsNotOverwrittenByItself() {
    Machine press = new Machine("press-01");
    press.shown.put("job/order", Value.of("LOCAL-7")); // entered at the machine's own panel
    book.machineOnline("press-01", now);
    book.machineValues("press-01", press.report(), now);
    long first = created(book.importOrder(order("1", "BRACKET", 5, null), "erp", now)).id();
    long second = created(book.importOrder(order("2", "BRACKET", 5, null), "erp", now)).id();
    book.release(first, Optional.empty(), "ann", now);
    book.release(second, Optional.empty(), "ann", now);
    assertThat(book.drain().writes()).isEmpty();
    book.dispatch(first, "ann", now); // an operator decides
    deliver(press);
    assertThatThrownBy(() -> book.dispatch(second, "ann", now))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("press-01 is busy with job " + first);
    book.machineValues("press-01", press.report(), now);
    book.abort(first, "ann", "wrong material", now);
    deliver(press);
    // Aborting freed the machine: the next job went instead of the clear.
    assertThat(press.shown.get("job/order")).isEqualTo(Value.of("2/0010"));
  }

  @Test
  void pauseClearsTheMachineAndResumeSendsTheRest() {
    Machine press = new Machine("press-01");
    book.machineOnline("press-01", now);
    book.machineValues("press-01", press.report(), now);
    long id = created(book.importOrder(order("1", "BRACKET", 50, null), "erp", now)).id();
    book.release(id, Optional.empty(), "ann", now);
    deliver(press);
    book.machineValues("press-01", press.report(), now);
    press.good = 20;
    book.machineValues("press-01", press.report(), now);
    book.pause(id, "ann", "die change", now);
    deliver(press);
    assertThat(press.shown.get("job/order")).isEqualTo(Value.of(""));
    book.machineValues("press-01", press.report(), now);
    book.resume(id, "ann", now);
    deliver(press);
    assertThat(press.shown.get("job/target")).isEqualTo(Value.of(30L));
    book.machineValues("press-01", press.report(), now);
    assertThat(book.job(id).orElseThrow().status()).isEqualTo(JobStatus.RUNNING);
  }

  @Test
  void resumingWhileTheMachineIsBusyPutsTheJobFirstInItsQueue() {
    Machine press = new Machine("press-01");
    book.machineOnline("press-01", now);
    book.machineValues("press-01", press.report(), now);
    long a = created(book.importOrder(order("a", "BRACKET", 50, null), "erp", now)).id();
    long b = created(book.importOrder(order("b", "BRACKET", 50, null), "erp", now)).id();
    long c = created(book.importOrder(order("c", "BRACKET", 50, null), "erp", now)).id();
    for (long id : List.of(a, b, c)) {
      book.release(id, Optional.empty(), "ann", now);
    }
    deliver(press);
    book.machineValues("press-01", press.report(), now);
    book.pause(a, "ann", "", now);
    deliver(press); // told it has no job
    book.machineValues("press-01", press.report(), now);
    deliver(press); // shown no job: b goes on
    book.machineValues("press-01", press.report(), now);
    assertThat(book.job(b).orElseThrow().status()).isEqualTo(JobStatus.DISPATCHED);
    Job back = book.resume(a, "ann", now);
    assertThat(back.status()).isEqualTo(JobStatus.RELEASED);
    assertThat(book.queue("press-01")).extracting(Job::id).containsExactly(a, c);
    book.complete(b, "ann", "", now);
    deliver(press);
    assertThat(press.shown.get("job/order")).isEqualTo(Value.of("a/0010"));
  }

  @Test
  void aDispatchInFlightAtARestartWaitsForTheMachineAndIsTakenWhenItShowsTheJob() {
    Machine press = new Machine("press-01");
    book.machineOnline("press-01", now);
    book.machineValues("press-01", press.report(), now);
    long id = created(book.importOrder(order("1", "BRACKET", 50, null), "erp", now)).id();
    book.release(id, Optional.empty(), "ann", now);
    List<Job> saved = new ArrayList<>();
    Changes c = book.drain();
    saved.addAll(c.jobs());
    c.writes().forEach(press::take); // written, then the role died before the read-back
    JobBook after = new JobBook(rules());
    after.restore(last(saved), 1);
    after.tick(now += 60_000); // long past the deadline, nothing heard of the machine yet
    assertThat(after.job(id).orElseThrow().dispatching()).isTrue();
    assertThat(after.drain().outgoing()).isEmpty();
    after.machineOnline("press-01", now);
    after.machineValues("press-01", press.report(), now);
    assertThat(after.job(id).orElseThrow().status()).isEqualTo(JobStatus.DISPATCHED);
    // Numbers are never given out twice, even when the newest jobs expired.
    JobBook fresh = new JobBook(rules());
    fresh.restore(List.of(), id);
    assertThat(created(fresh.importOrder(order("2", "BRACKET", 5, null), "erp", now)).id())
        .isEqualTo(id + 1);
  }

  @Test
  void anOperatorsPauseStopsTheResendingOfAJobToARestartedMachine() {
    Machine press = new Machine("press-01");
    book.machineOnline("press-01", now);
    book.machineValues("press-01", press.report(), now);
    long id = created(book.importOrder(order("1", "BRACKET", 50, null), "erp", now)).id();
    book.release(id, Optional.empty(), "ann", now);
    deliver(press);
    book.machineValues("press-01", press.report(), now);
    book.machineOffline("press-01", now);
    Machine restarted = new Machine("press-01");
    book.machineOnline("press-01", now);
    book.machineValues("press-01", restarted.report(), now);
    assertThat(book.job(id).orElseThrow().dispatching()).isTrue();
    book.drain();
    book.pause(id, "ann", "check the die first", now);
    book.tick(now += 60_000);
    Changes c = book.drain();
    assertThat(c.writes()).allSatisfy(w -> assertThat(w.job()).isZero()); // only "no job"
    assertThat(book.job(id).orElseThrow().status()).isEqualTo(JobStatus.PAUSED);
    assertThat(book.job(id).orElseThrow().dispatching()).isFalse();
  }

  @Test
  void aGroupOrderGoesToTheMemberWithTheShortestQueue() {
    JobBook auto = new JobBook(rules().withRelease(true, false));
    Job one = created(auto.importOrder(order("1", "CLIP", 5, "moulding"), "erp", now));
    Job two = created(auto.importOrder(order("2", "CLIP", 5, "moulding"), "erp", now));
    assertThat(one.machine()).contains("imm-01");
    assertThat(two.machine()).contains("imm-02");
  }

  @Test
  void countersThatGoDownWereReset() {
    assertThat(JobBook.credit(-1, 10)).isZero();
    assertThat(JobBook.credit(10, 15)).isEqualTo(5);
    assertThat(JobBook.credit(10, 3)).isEqualTo(3);
  }
}

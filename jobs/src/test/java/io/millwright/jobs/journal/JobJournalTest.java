package io.millwright.jobs.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.millwright.jobs.book.Changes;
import io.millwright.jobs.book.ImportOutcome;
import io.millwright.jobs.book.Job;
import io.millwright.jobs.book.JobBook;
import io.millwright.jobs.book.JobBookTest;
import io.millwright.jobs.book.JobStatus;
import io.millwright.jobs.erp.Confirmation;
import io.millwright.jobs.erp.ErpOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobJournalTest {

  @TempDir Path dir;

  static ErpOrder order(String number) {
    return new ErpOrder(
        number,
        "0010",
        "BRACKET",
        40,
        Optional.of("press-01"),
        Map.of("mould/setpoint", "45.5"),
        Optional.of(Duration.ofMillis(2_000)),
        Optional.empty(),
        Optional.empty(),
        3);
  }

  @Test
  void jobsComeBackAsTheyWereAfterAReopen() {
    JobBook book = new JobBook(JobBookTest.rules());
    Job job = ((ImportOutcome.Created) book.importOrder(order("4711"), "erp", 1_000)).job();
    book.release(job.id(), Optional.empty(), "ann", 2_000);
    Changes c = book.drain();
    try (JobJournal journal = JobJournal.open(dir.resolve("j"), "plant-1")) {
      journal.append(c);
    }
    try (JobJournal journal = JobJournal.open(dir.resolve("j"), "plant-1")) {
      List<Job> back = journal.jobs();
      assertThat(back).containsExactly(book.job(job.id()).orElseThrow());
      assertThat(journal.history(job.id()))
          .extracting(t -> t.from() + ">" + t.to() + " " + t.by())
          .containsExactly("IMPORTED>IMPORTED erp", "IMPORTED>RELEASED ann");
    }
  }

  @Test
  void confirmationsKeepTheirIdsUntilDeliveredAndIdsAreNeverReused() {
    JobBook book = new JobBook(JobBookTest.rules());
    Job job = ((ImportOutcome.Created) book.importOrder(order("1"), "erp", 1_000)).job();
    book.release(job.id(), Optional.empty(), "ann", 2_000);
    book.abort(job.id(), "ann", "no material", 3_000);
    List<Confirmation> first;
    try (JobJournal journal = JobJournal.open(dir.resolve("j"), "plant-1")) {
      first = journal.append(book.drain());
      assertThat(first).extracting(Confirmation::status).containsExactly("RELEASED", "ABORTED");
      assertThat(journal.undelivered(10)).isEqualTo(first);
      journal.delivered(first.get(0), "ACCEPTED", 4_000);
      journal.cursor("row 17");
    }
    try (JobJournal journal = JobJournal.open(dir.resolve("j"), "plant-1")) {
      assertThat(journal.undelivered(10)).containsExactly(first.get(1));
      assertThat(journal.cursor()).isEqualTo("row 17");
      assertThat(journal.backlog()).isEqualTo(1);
      journal.delivered(first.get(1), "DUPLICATE", 5_000);
      // Everything delivered and expired: the next id still follows the last one given out.
      assertThat(journal.expire(Long.MAX_VALUE, 100)).containsExactly(job.id());
      Job other = ((ImportOutcome.Created) book.importOrder(order("2"), "erp", 6_000)).job();
      book.release(other.id(), Optional.empty(), "ann", 6_000);
      List<Confirmation> next = journal.append(book.drain());
      assertThat(next)
          .extracting(Confirmation::id)
          .doesNotContainAnyElementsOf(first.stream().map(Confirmation::id).toList());
    }
  }

  @Test
  void deadLettersAreKeptUntilDismissed() {
    JobBook book = new JobBook(JobBookTest.rules());
    book.importOrder(
        new ErpOrder(
            "9",
            "",
            "WIDGET",
            5,
            Optional.empty(),
            Map.of(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            0),
        "erp",
        1_000);
    try (JobJournal journal = JobJournal.open(dir.resolve("j"), "plant-1")) {
      List<Confirmation> told = journal.append(book.drain());
      assertThat(told).extracting(Confirmation::status).containsExactly("REJECTED");
      assertThat(told.get(0).reason())
          .hasValueSatisfying(r -> assertThat(r).contains("unknown product"));
      var letters = journal.deadLetters(10);
      assertThat(letters).hasSize(1);
      assertThat(letters.get(0).reference()).isEqualTo("9");
      assertThat(journal.dismiss(letters.get(0).id())).isTrue();
      assertThat(journal.deadLetters(10)).isEmpty();
      assertThat(journal.jobs()).isEmpty();
      assertThat(JobStatus.parse("Running")).isEqualTo(JobStatus.RUNNING);
    }
  }
}

package io.millwright.jobs.book;

import java.util.List;

/**
 * What the book decided since the last drain, in order: to journal (jobs, transitions, messages for
 * the ERP, dead letters) and, only once journaled, to write to machines.
 */
public record Changes(
    List<Job> jobs,
    List<Transition> transitions,
    List<Outgoing> outgoing,
    List<DeadLetter> deadLetters,
    List<MachineWrite> writes) {

  public Changes {
    jobs = List.copyOf(jobs);
    transitions = List.copyOf(transitions);
    outgoing = List.copyOf(outgoing);
    deadLetters = List.copyOf(deadLetters);
    writes = List.copyOf(writes);
  }

  public boolean isEmpty() {
    return jobs.isEmpty()
        && transitions.isEmpty()
        && outgoing.isEmpty()
        && deadLetters.isEmpty()
        && writes.isEmpty();
  }
}

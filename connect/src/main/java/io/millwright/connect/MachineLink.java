package io.millwright.connect;

import io.millwright.uns.sparkplug.edge.TagSample;
import java.util.List;

/**
 * Where a connector delivers what it reads: in the connector host, one Sparkplug device. Called
 * from the connector's own threads; implementations are thread-safe and do not block for long.
 */
public interface MachineLink {

  /**
   * Samples read in one poll cycle or one subscription notification, in engineering units (the
   * tag's scale applied), Bad with a reason for tags that could not be read. Tag names are the
   * definition's.
   */
  void samples(List<TagSample> samples);

  /** The link to the machine is up (again): samples follow. */
  void connected();

  /**
   * The link to the machine is down: the host marks every tag of the machine Bad. The connector is
   * retrying.
   *
   * @param reason one line for operators, e.g. {@code connection refused by 10.0.0.21:502}
   */
  void disconnected(String reason);
}

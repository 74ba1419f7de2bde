package io.millwright.connect.sql;

import io.millwright.connect.ConnectorFactory;
import io.millwright.core.machine.DefinitionException;
import io.millwright.core.machine.MachineDefinition;
import io.millwright.core.machine.Protocol;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Builds SQL-table connectors (protocol {@code sql}) for machines that record their results in a
 * database table. The endpoint is a JDBC URL ({@code jdbc:postgresql://host/db}, {@code
 * jdbc:mariadb://host/db}, {@code jdbc:h2:tcp://host/db}; the drivers ship with Millwright).
 * Options: {@code table} (required; {@code schema.table} allowed), {@code watermark} (required: a
 * column that increases with every row, a whole number or a timestamp), {@code timestamp} (the
 * row's own time, default the time read), {@code batchSize} (1 to 100,000 rows per query, default
 * 1,000), {@code user} and {@code password} or {@code passwordEnv} naming an environment variable
 * that holds it (else from the URL), {@code commandTable} (required when a tag is writable), {@code
 * writeTimeout} (default 10s), {@code timeout} per statement (default 10s), {@code timeZone} of
 * timestamps without a zone (default UTC) and {@code start} ({@code beginning}, the default, or
 * {@code latest}: where a machine without a checkpoint starts). A tag's address is its column: a
 * plain SQL name. docs/machines.md describes the command table.
 *
 * <p>The watermark of each machine is saved under the state directory after each batch was handed
 * on, as {@code <machine id>.watermark}.
 */
public final class SqlConnectorFactory implements ConnectorFactory {

  private final Path stateDirectory;
  private final UnaryOperator<String> environment;

  /**
   * @param stateDirectory where the watermarks are saved; must exist and survive restarts
   */
  public SqlConnectorFactory(Path stateDirectory) {
    this(stateDirectory, System::getenv);
  }

  /**
   * @param environment looks up the variable {@code passwordEnv} names
   */
  SqlConnectorFactory(Path stateDirectory, UnaryOperator<String> environment) {
    this.stateDirectory = stateDirectory;
    this.environment = environment;
  }

  @Override
  public Protocol protocol() {
    return Protocol.SQL;
  }

  @Override
  public SqlConnector create(MachineDefinition machine) {
    if (machine.protocol() != Protocol.SQL) {
      throw new DefinitionException(
          "protocol", "is " + machine.protocol().configName() + ", not sql");
    }
    SqlOptions options = SqlOptions.parse(machine.options(), environment);
    List<SqlTag> tags = new ArrayList<>();
    for (int i = 0; i < machine.tags().size(); i++) {
      SqlTag tag = SqlTag.of(i, machine.tags().get(i));
      if (tag.tag().writable() && options.commandTable().isEmpty()) {
        throw new DefinitionException(
            "tags[" + i + "].writable",
            "needs options.commandTable: an SQL machine takes writes through its command table");
      }
      if (!tag.tag().samplingInterval().isEmpty()) {
        throw new DefinitionException(
            "tags[" + i + "].samplingInterval",
            "does not apply: every row of the results table carries all its tags");
      }
      tags.add(tag);
    }
    WatermarkCheckpoint checkpoint =
        new WatermarkCheckpoint(stateDirectory, machine.id(), options.table(), options.watermark());
    return new SqlConnector(
        machine.id(), machine.endpoint(), options, tags, machine.pollInterval(), checkpoint);
  }
}

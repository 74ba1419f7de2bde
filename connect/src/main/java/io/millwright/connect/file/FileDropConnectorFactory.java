package io.millwright.connect.file;

import io.millwright.connect.ConnectorCounters;
import io.millwright.connect.ConnectorFactory;
import io.millwright.core.machine.DefinitionException;
import io.millwright.core.machine.MachineDefinition;
import io.millwright.core.machine.Protocol;
import io.millwright.core.machine.Tag;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Builds file-drop connectors (protocol {@code file}). The endpoint is the drop folder, {@code
 * file:///var/drop/cmm-01} (a share is mounted and given by its mount point). Results are CSV
 * (address: the column header), JSON (address: a JSON pointer, {@code /result/pass}) or XML
 * (address: an element path from the root, {@code inspection/result/pass}, optionally selecting by
 * attribute, {@code inspection/feature[@name='bore']/deviation}, or ending in an attribute, {@code
 * inspection/@serial}). Options, all optional: {@code format} (csv, json or xml; default by each
 * file's extension), {@code pattern} (a glob over file names), {@code stableFor} (default 2s),
 * {@code marker} (e.g. {@code .done}), {@code timestampField} (an address), {@code outbox} (default
 * {@code jobs} below the folder), {@code jobFormat} (json or csv), {@code jobWindow} (default
 * 200ms), {@code maxFileBytes} (default 16MB), {@code maxRows} (default 10000), {@code delimiter}
 * and {@code charset} for CSV. An address that is not valid for the format (or, without option
 * {@code format}, for every format) is refused naming {@code tags[i].address}; a bad option naming
 * {@code options.<key>}. Building touches neither the folder nor the state directory.
 */
public final class FileDropConnectorFactory implements ConnectorFactory {

  private final Path stateDirectory;

  /**
   * @param stateDirectory where each machine's {@link DeliveryJournal} lives; must survive restarts
   */
  public FileDropConnectorFactory(Path stateDirectory) {
    this.stateDirectory = stateDirectory;
  }

  @Override
  public Protocol protocol() {
    return Protocol.FILE;
  }

  @Override
  public FileDropConnector create(MachineDefinition machine) {
    if (machine.protocol() != Protocol.FILE) {
      throw new DefinitionException(
          "protocol", "is " + machine.protocol().configName() + ", not file");
    }
    Path inbox = DropFolder.folderOf(machine.endpoint());
    FileDropOptions options = FileDropOptions.parse(machine.options());
    Path outbox = inbox.resolve(options.outbox()).normalize();
    if (outbox.equals(inbox)) {
      throw new DefinitionException(
          "options.outbox",
          "is the drop folder itself; job files need a folder of their own, e.g. jobs");
    }
    List<String> addresses = new ArrayList<>();
    for (int i = 0; i < machine.tags().size(); i++) {
      Tag tag = machine.tags().get(i);
      check(tag.address(), options, "tags[" + i + "].address");
      addresses.add(tag.address());
    }
    options
        .timestampField()
        .ifPresent(
            f -> {
              check(f, options, "options.timestampField");
              addresses.add(f);
            });
    Map<FileFormat, ResultParser> parsers = new EnumMap<>(FileFormat.class);
    for (FileFormat f : options.formats()) {
      parsers.put(
          f,
          switch (f) {
            case CSV ->
                new CsvResults(
                    options.delimiter(), options.charset(), options.maxRows(), addresses);
            case JSON -> new JsonResults(addresses, options.maxRows());
            case XML -> new XmlResults(addresses);
          });
    }
    DropFolder folder = new DropFolder(inbox, options);
    ResultMapper mapper = new ResultMapper(machine.tags(), options.timestampField());
    ConnectorCounters counters = new ConnectorCounters();
    ResultIntake intake =
        new ResultIntake(
            folder,
            options,
            parsers,
            mapper,
            new DeliveryJournal(stateDirectory, machine.id()),
            counters);
    return new FileDropConnector(
        machine.id(),
        folder,
        options,
        machine.pollInterval(),
        machine.tags(),
        intake,
        mapper,
        new JobFiles(outbox, options.jobFormat(), options.delimiter()),
        counters);
  }

  private static void check(String address, FileDropOptions options, String field) {
    for (FileFormat f : options.formats()) {
      try {
        switch (f) {
          case CSV -> {
            // Any header name will do.
          }
          case JSON -> JsonResults.pointer(address);
          case XML -> XmlPath.parse(address);
        }
      } catch (IllegalArgumentException e) {
        String which =
            options.format().isPresent()
                ? ""
                : " (without option format, addresses must suit csv, json and xml)";
        throw new DefinitionException(
            field, "is not a " + f.extension() + " address: " + e.getMessage() + which);
      }
    }
  }
}

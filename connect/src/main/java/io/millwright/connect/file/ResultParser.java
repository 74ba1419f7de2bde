package io.millwright.connect.file;

import java.util.List;

/** Reads the results out of the bytes of one file, in one format. */
interface ResultParser {

  /**
   * @return the file's results in file order, at least one
   * @throws BadFileException when the file is malformed, has no result or more than the row limit;
   *     never any other exception, whatever the bytes
   */
  List<ResultRecord> parse(byte[] content) throws BadFileException;
}

package io.millwright.connect.file;

import io.millwright.core.machine.DataType;
import io.millwright.core.machine.Tag;
import io.millwright.core.sample.Quality;
import io.millwright.core.sample.Sample;
import io.millwright.core.sample.Value;
import io.millwright.uns.sparkplug.edge.TagSample;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the results of one file into samples, one batch per result. The rules, from the operator's
 * side:
 *
 * <ul>
 *   <li>a field that is not there makes only its tag Bad ({@code Bad_NoData}); the file is read
 *       (machines leave out what they did not measure);
 *   <li>a field that does not convert to its tag's type makes its tag Bad ({@code
 *       Bad_TypeMismatch}) and the file an error: the machine wrote something nobody expected, a
 *       person should look at it;
 *   <li>a missing or unreadable timestamp field (when one is configured), or a file in which no tag
 *       finds its field at all (the wrong kind of file), makes the file an error;
 *   <li>writable tags (job fields) are read when their field is there and left alone otherwise.
 * </ul>
 *
 * Bad samples carry the tag's last value, as every connector does. Used from the scan thread only.
 */
final class ResultMapper {

  /** The samples of a file and, when it is an error, why. */
  record Mapped(List<List<TagSample>> batches, int badTags, List<String> problems) {}

  private final List<Tag> tags;
  private final Optional<String> timestampField;
  private final Map<String, Value> lastValues = new HashMap<>();

  ResultMapper(List<Tag> tags, Optional<String> timestampField) {
    this.tags = List.copyOf(tags);
    this.timestampField = timestampField;
  }

  Mapped map(String fileName, List<ResultRecord> records, long fileModified) {
    List<List<TagSample>> batches = new ArrayList<>(records.size());
    List<String> problems = new ArrayList<>();
    int badTags = 0;
    for (ResultRecord r : records) {
      String where = fileName + " " + r.where();
      long time = timestamp(r, where, fileModified, problems);
      List<TagSample> batch = new ArrayList<>(tags.size());
      boolean anyField = false;
      for (Tag tag : tags) {
        Optional<String> text = r.field(tag.address());
        if (text.isEmpty() || (text.get().isBlank() && tag.type() != DataType.STRING)) {
          if (!tag.writable()) {
            batch.add(bad(tag, time, "Bad_NoData: " + where + " has no " + tag.address()));
            badTags++;
          }
          continue;
        }
        anyField = true;
        try {
          Value v = FieldValues.read(tag, text.get());
          lastValues.put(tag.name(), v);
          batch.add(new TagSample(tag.name(), Sample.good(time, v)));
        } catch (IllegalArgumentException e) {
          String problem = where + ", " + tag.address() + ": " + e.getMessage();
          problems.add(problem);
          batch.add(bad(tag, time, "Bad_TypeMismatch: " + problem));
          badTags++;
        }
      }
      if (!anyField) {
        problems.add(where + " has none of the tags' fields (is it the right kind of file?)");
      }
      batches.add(batch);
    }
    return new Mapped(batches, badTags, problems);
  }

  /** Every read tag Bad with the reason: the result the file held is lost, the tags say so. */
  List<TagSample> unreadable(String reason, long time) {
    List<TagSample> batch = new ArrayList<>(tags.size());
    for (Tag tag : tags) {
      if (!tag.writable()) {
        batch.add(bad(tag, time, "Bad_DecodingError: " + reason));
      }
    }
    return batch;
  }

  /** A value written into a job file, as the connector's read-back of the job field. */
  void written(String tag, Value value) {
    lastValues.put(tag, value);
  }

  private long timestamp(ResultRecord r, String where, long fileModified, List<String> problems) {
    if (timestampField.isEmpty()) {
      return fileModified;
    }
    Optional<String> text = r.field(timestampField.get());
    if (text.isEmpty()) {
      problems.add(where + " has no timestamp field " + timestampField.get());
      return fileModified;
    }
    try {
      return ResultTimestamps.parse(text.get());
    } catch (IllegalArgumentException e) {
      problems.add(where + ", " + timestampField.get() + ": " + e.getMessage());
      return fileModified;
    }
  }

  private TagSample bad(Tag tag, long time, String reason) {
    Value last = lastValues.get(tag.name());
    return new TagSample(
        tag.name(), new Sample(time, last != null ? last : placeholder(tag), Quality.bad(reason)));
  }

  /** Sample needs a value even when none was ever read; quality Bad says not to trust it. */
  private static Value placeholder(Tag tag) {
    if (tag.type().isNumeric() && !tag.scale().isIdentity()) {
      return Value.of(Double.NaN);
    }
    return switch (tag.type().kind()) {
      case BOOLEAN -> Value.of(false);
      case LONG -> Value.of(0L);
      case DOUBLE -> Value.of(Double.NaN);
      case STRING -> Value.of("");
    };
  }
}
